import type { Scenario, ScenarioResultView } from '../api.ts';
import { useFormat } from '../format.ts';

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
  // Numbers in the page's format (a share of 0.19 is "0,19" in German), travel modes in words.
  const params = (values: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        typeof value === 'number'
          ? number(value, Number.isInteger(value) ? 0 : 2)
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
    <div className="planning-table-wrap">
      <table className="kern-table planning-table">
        <caption className="kern-table__caption">{t('scenario.sites')}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              {t('scenario.siteName')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('scenario.servedDistricts')}
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {result.chosenSites.map((site) => (
            <tr key={site.id} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {site.name}
                {site.placeholder && ` (${t('scenario.placeholder')})`}
              </th>
              <td className="kern-table__cell">
                {site.servedDistrictIds.map((id) => names.get(id) ?? id).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DemandTable({ result, id }: { result: ScenarioResultView; id?: string }) {
  const { t, number } = useFormat();
  const siteNames = new Map(result.chosenSites.map((site) => [site.id, site.name]));
  return (
    <div className="planning-table-wrap">
      <table className="kern-table planning-table" id={id}>
        <caption className="kern-table__caption">{t('scenario.demand')}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            {['district', 'residents', 'seniors', 'nearest', 'travel', 'covered'].map((key) => (
              <th key={key} scope="col" className="kern-table__header">
                {t(`scenario.${key}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {result.demand.map((d) => (
            <tr key={d.districtId} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {d.name}
              </th>
              <td className="kern-table__cell">{number(d.residents)}</td>
              <td className="kern-table__cell">{number(d.residents65plus)}</td>
              <td className="kern-table__cell">{siteNames.get(d.nearestSiteId) ?? d.nearestSiteId}</td>
              <td className="kern-table__cell">{number(d.travelMinutes, 1)}</td>
              <td className="kern-table__cell">{d.covered ? t('scenario.yes') : t('scenario.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
      <div className="planning-table-wrap">
        <table className="kern-table planning-table">
          <caption className="kern-table__caption">{t('scenario.timetable')}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {['siteName', 'unit', 'weekday', 'time', 'frequency'].map((key) => (
                <th key={key} scope="col" className="kern-table__header">
                  {t(`scenario.${key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {result.timetable.rules.map((rule, index) => (
              <tr key={index} className="kern-table__row">
                <th scope="row" className="kern-table__header">
                  {rule.siteName}
                </th>
                <td className="kern-table__cell">{rule.unitName}</td>
                <td className="kern-table__cell">{t(`weekday.${rule.weekday}`)}</td>
                <td className="kern-table__cell">
                  {rule.startTime}–{rule.endTime}
                </td>
                <td className="kern-table__cell">{frequency(rule)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
