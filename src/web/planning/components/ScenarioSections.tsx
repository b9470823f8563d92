import type { Scenario, ScenarioResultView } from '../api.ts';
import { useFormat } from '../format.ts';
import { Cell, DataTable, RowHeader } from './backoffice/index.ts';

export function InputsList({ scenario }: { scenario: Scenario }) {
  const { t, number, euro } = useFormat();
  const inputs = scenario.inputs;
  const w = inputs.weights;
  const rows: [string, string][] = [
    [t('report.input.objective'), t(`objective.${inputs.objective}`)],
    [t('report.input.units'), number(inputs.units)],
    [t('report.input.staffDays'), number(inputs.staffDaysPerWeek)],
    ...(inputs.p !== undefined ? [[t('report.input.sites'), number(inputs.p)] as [string, string]] : []),
    ...(inputs.budgetPerMonth !== undefined
      ? [[t('report.input.budget'), euro(inputs.budgetPerMonth)] as [string, string]]
      : []),
    [
      t('report.input.threshold'),
      t('report.input.thresholdValue', {
        minutes: number(inputs.coverageThresholdMinutes),
        mode: t(`mode.${inputs.travelMode}`),
      }),
    ],
    [
      t('report.input.weights'),
      [w.residents, w.residents65plus, w.limitedMobility, w.pastBookings]
        .map((x) => number(x, 1))
        .join(' / '),
    ],
    ...(inputs.layerWeights
      ? [
          [
            t('report.input.layers'),
            inputs.layerWeights
              .map((layer) =>
                t('report.input.layerWeight', {
                  layer: t(`report.input.layerKind.${layer.kind}`),
                  weight: number(layer.weight, 1),
                }),
              )
              .join(', '),
          ] as [string, string],
        ]
      : []),
    [t('report.input.costs'), `${euro(inputs.costPerStaffHour)} / ${euro(inputs.costPerUnitDay)}`],
  ];
  return (
    <dl className="planning-dl">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function NotesList({ result }: { result: ScenarioResultView }) {
  const { t, number, calendarDay } = useFormat();
  // Numbers in the page's format, a share as a percentage (0.19 is "19 %", never "0.19"), travel modes in words,
  // a source's date as a calendar day ("ohne Angabe" when the upload gave none).
  const percentOf = (share: number) => {
    const tenths = Math.round(share * 1000) / 10;
    return t('metrics.percent', { value: number(tenths, Number.isInteger(tenths) ? 0 : 1) });
  };
  const params = (values: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        typeof value === 'number'
          ? key === 'share'
            ? percentOf(value)
            : number(value, Number.isInteger(value) ? 0 : 2)
          : key === 'mode' && typeof value === 'string'
            ? t(`mode.${value}`)
            : key === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
              ? calendarDay(value)
              : key === 'date' && value === ''
                ? t('demandLayers.noDate')
                : value,
      ]),
    );
  return (
    <ul className="kern-list">
      {result.notes.map((note, index) => (
        <li key={`${note.code}-${index}`}>{t(`notes.${note.code}`, params(note.params ?? {}))}</li>
      ))}
    </ul>
  );
}

export function SitesTable({ result }: { result: ScenarioResultView }) {
  const { t } = useFormat();
  const names = new Map(result.demand.map((d) => [d.districtId, d.name]));
  return (
    <DataTable
      caption={t('scenario.sites')}
      columns={[t('scenario.siteName'), t('scenario.servedDistricts')]}
      rows={result.chosenSites}
      rowKey={(site) => site.id}
    >
      {(site) => (
        <>
          <RowHeader look="header">
            {site.name}
            {site.placeholder && ` (${t('scenario.placeholder')})`}
          </RowHeader>
          <Cell>{site.servedDistrictIds.map((id) => names.get(id) ?? id).join(', ')}</Cell>
        </>
      )}
    </DataTable>
  );
}

export function DemandTable({ result, id }: { result: ScenarioResultView; id?: string }) {
  const { t, number } = useFormat();
  const siteNames = new Map(result.chosenSites.map((site) => [site.id, site.name]));
  return (
    <DataTable
      caption={t('scenario.demand')}
      id={id}
      columns={['district', 'residents', 'seniors', 'nearest', 'travel', 'covered'].map((key) =>
        t(`scenario.${key}`),
      )}
      rows={result.demand}
      rowKey={(d) => d.districtId}
    >
      {(d) => (
        <>
          <RowHeader look="header">{d.name}</RowHeader>
          <Cell>{number(d.residents)}</Cell>
          <Cell>{number(d.residents65plus)}</Cell>
          <Cell>{siteNames.get(d.nearestSiteId) ?? d.nearestSiteId}</Cell>
          <Cell>{number(d.travelMinutes, 1)}</Cell>
          <Cell>{d.covered ? t('scenario.yes') : t('scenario.no')}</Cell>
        </>
      )}
    </DataTable>
  );
}

export function TimetableTable({ result }: { result: ScenarioResultView }) {
  const { t, number, calendarDay: day } = useFormat();
  const timetable = result.timetable;
  const schoolHolidays = timetable.schoolHolidays ?? [];
  const frequency = (rule: ScenarioResultView['timetable']['rules'][number]) =>
    rule.frequency === 'monthly'
      ? t('frequency.monthly', { n: rule.weekOfMonth ?? 1, weekday: t(`weekday.${rule.weekday}`) })
      : t(`frequency.${rule.frequency}`);
  return (
    <>
      <DataTable
        caption={t('scenario.timetable')}
        columns={['siteName', 'unit', 'weekday', 'time', 'frequency'].map((key) => t(`scenario.${key}`))}
        rows={result.timetable.rules}
        rowKey={(_, index) => index}
      >
        {(rule) => (
          <>
            <RowHeader look="header">{rule.siteName}</RowHeader>
            <Cell>{rule.unitName}</Cell>
            <Cell>{t(`weekday.${rule.weekday}`)}</Cell>
            <Cell>
              {rule.startTime}–{rule.endTime}
            </Cell>
            <Cell>{frequency(rule)}</Cell>
          </>
        )}
      </DataTable>
      {result.timetable.changes && result.timetable.changes.length > 0 && (
        <>
          <h3 className="kern-heading-small">{t('scenario.changesHeading')}</h3>
          <ul>
            {result.timetable.changes.map((change, index) => {
              const when = (rule: NonNullable<typeof change.before>) =>
                t('scenario.changeWhen', {
                  weekday: t(`weekday.${rule.weekday}`),
                  start: rule.startTime,
                  end: rule.endTime,
                  frequency:
                    rule.frequency === 'monthly'
                      ? t('frequency.monthly', {
                          n: rule.weekOfMonth ?? 1,
                          weekday: t(`weekday.${rule.weekday}`),
                        })
                      : t(`frequency.${rule.frequency}`),
                });
              return (
                <li key={index}>
                  {t(`scenario.change.${change.kind}`, {
                    site: change.siteName,
                    before: change.before ? when(change.before) : '',
                    after: change.after ? when(change.after) : '',
                  })}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {result.timetable.unscheduled.map((entry) => (
        <p key={entry.siteId}>
          {t('scenario.unscheduled', {
            site: entry.siteName,
            reason: t(`scenario.unscheduledReason.${entry.code ?? 'other'}`),
          })}
        </p>
      ))}
      <h3 className="kern-heading-small">{t('scenario.holidays.heading')}</h3>
      <p>{t('scenario.holidays.public', { count: timetable.skippedHolidays })}</p>
      {schoolHolidays.length > 0 ? (
        <>
          <p>{t('scenario.holidays.schoolIntro')}</p>
          <ul>
            {schoolHolidays.map((period) => (
              <li key={period.from}>
                {t('scenario.holidays.schoolPeriod', {
                  name: t(`scenario.holidays.name.${period.name}`),
                  from: day(period.from),
                  to: day(period.to),
                  visits: number(period.visits),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : (
        timetable.schoolHolidays && <p>{t('scenario.holidays.noSchool')}</p>
      )}
      {(timetable.skippedSchoolHolidays ?? 0) > 0 && (
        <p>{t('scenario.holidays.schoolSkipped', { count: timetable.skippedSchoolHolidays })}</p>
      )}
      {timetable.schoolHolidaysKnownUntil && timetable.horizon.end > timetable.schoolHolidaysKnownUntil && (
        <p>{t('scenario.holidays.knownUntil', { date: day(timetable.schoolHolidaysKnownUntil) })}</p>
      )}
      <p className="kern-hint">{t('scenario.holidays.source')}</p>
    </>
  );
}

type Robustness = NonNullable<ScenarioResultView['robustness']>;
type RobustnessDone = Exclude<Robustness, { status: 'failed' }>;

/**
 * The robustness check (issue 13): which sites are chosen in every variant of demand and weights and which only in
 * some, in plain words, with a table, what was varied and how certain each variant's answer is.
 */
export function RobustnessSection({
  result,
  headingLevel,
  headingId,
}: {
  result: ScenarioResultView;
  headingLevel: 2 | 3;
  headingId: string;
}) {
  const { t } = useFormat();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const robustness = result.robustness;
  return (
    <section aria-labelledby={headingId} className="planning-robustness">
      <Heading className={headingLevel === 2 ? 'kern-heading-medium' : 'kern-heading-small'} id={headingId}>
        {t('robustness.heading')}
      </Heading>
      {!robustness ? (
        <p>{t('robustness.notRun')}</p>
      ) : robustness.status === 'failed' ? (
        <p>{t('robustness.failed')}</p>
      ) : robustness.status === 'notApplicable' ? (
        <p>{t(`robustness.notApplicable.${robustness.reason ?? 'onlyUniformScaling'}`)}</p>
      ) : (
        <RobustnessDetails
          robustness={robustness}
          p={result.p}
          subHeading={headingLevel === 2 ? 'h3' : 'h4'}
        />
      )}
    </section>
  );
}

function RobustnessDetails({
  robustness,
  p,
  subHeading: SubHeading,
}: {
  robustness: RobustnessDone;
  p: number;
  subHeading: 'h3' | 'h4';
}) {
  const { t, number, locale } = useFormat();
  const list = (names: string[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
  const n = robustness.variantCount;
  const names = new Map(robustness.sites.map((site) => [site.siteId, site.name]));
  const robust = robustness.sites.filter((site) => site.class === 'robust');
  const sometimes = robustness.sites.filter((site) => site.class === 'sometimes');
  const shown = robustness.sites.filter((site) => site.chosenIn > 0 || site.inBase);
  const never = robustness.sites.length - shown.length;
  const what = (variant: VariantLike) =>
    variant.dimension === 'layer'
      ? t('robustness.layerVariant', {
          layer: t(`robustness.layers.${variant.subject}`),
          change: t(variant.factor < 1 ? 'robustness.less' : 'robustness.more'),
        })
      : t('robustness.weightVariant', {
          group: t(`robustness.groups.${variant.subject}`),
          change: t(variant.factor < 1 ? 'robustness.lower' : 'robustness.higher'),
        });
  const seconds = number(robustness.timeLimitSecondsPerVariant, 1);
  return (
    <>
      <p>{t('robustness.intro', { count: n, p: number(p) })}</p>
      <p>
        {robust.length > 0
          ? t('robustness.robustSites', { sites: list(robust.map((site) => site.name)) })
          : t('robustness.noRobustSites')}
        {sometimes.length > 0 &&
          ` ${t('robustness.sometimesSites', { sites: list(sometimes.map((site) => site.name)) })}`}
      </p>
      <DataTable
        caption={t('robustness.caption')}
        columns={['site', 'inBase', 'chosenIn', 'class'].map((key) => t(`robustness.columns.${key}`))}
        rows={shown}
        rowKey={(site) => site.siteId}
      >
        {(site) => (
          <>
            <RowHeader look="header">{site.name}</RowHeader>
            <Cell>{site.inBase ? t('robustness.yes') : t('robustness.no')}</Cell>
            <Cell>
              {site.chosenIn === n
                ? t('robustness.chosenInAll', { n: number(n) })
                : site.chosenIn === 0
                  ? t('robustness.chosenInNone')
                  : t('robustness.chosenInSome', { k: number(site.chosenIn), n: number(n) })}
            </Cell>
            <Cell>{t(`robustness.class.${site.class}`)}</Cell>
          </>
        )}
      </DataTable>
      {never > 0 && <p>{t('robustness.neverCount', { count: never })}</p>}
      <p>
        {robustness.provenOptimalCount === n
          ? t('robustness.allProven', { seconds })
          : t('robustness.someProven', {
              proven: number(robustness.provenOptimalCount),
              n: number(n),
              seconds,
            })}
      </p>
      <SubHeading className="kern-heading-small">{t('robustness.variantsHeading')}</SubHeading>
      <ul className="kern-list">
        {robustness.variants.map((variant) => (
          <li key={variant.id}>
            {t('robustness.variant', {
              what: what(variant),
              sites: list(variant.chosenSiteIds.map((id) => names.get(id) ?? id)),
            })}
          </li>
        ))}
      </ul>
      {robustness.skipped.length > 0 && (
        <p>{t('robustness.skipped', { list: list(robustness.skipped.map(what)) })}</p>
      )}
    </>
  );
}

type VariantLike = { dimension: 'layer' | 'weight'; subject: string; factor: number };
