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
  const { t, number } = useFormat();
  // Numbers in the page's format, a share as a percentage (0.19 is "19 %", never "0.19"), travel modes in words.
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
  const { t } = useFormat();
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
    </>
  );
}
