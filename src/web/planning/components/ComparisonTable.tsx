import type { Scenario } from '../api.ts';
import { useFormat } from '../format.ts';

/** Key figures of one or more scenarios side by side: a column per scenario, a row per figure. */
export function ComparisonTable({ scenarios, caption }: { scenarios: Scenario[]; caption: string }) {
  const { t, number, euro, minutes, percent } = useFormat();
  /** A gap, rounded up to 0.01 % so that "höchstens" stays true. */
  const upTo = (gapPct: number) => t('metrics.percent', { value: number(Math.ceil(gapPct * 100) / 100, 2) });
  /** "optimal (bewiesen)" or "höchstens x % vom Optimum entfernt (Schranke)". */
  const optimality = (solver: { provenOptimal: boolean; gapPct: number | null }) =>
    solver.provenOptimal
      ? t('metrics.provenOptimal')
      : solver.gapPct === null
        ? t('metrics.none')
        : t('metrics.withinBound', { pct: upTo(solver.gapPct) });
  const done = scenarios.filter((scenario) => scenario.result);
  const rows: [string, (scenario: Scenario) => string][] = [
    ['metrics.sites', (s) => number(s.result!.p)],
    ['metrics.coverage', (s) => percent(s.result!.metrics.coveragePct)],
    [
      'metrics.seniors',
      (s) =>
        t('metrics.seniorsValue', {
          count: number(s.result!.metrics.residents65plusCovered),
          pct: number(s.result!.metrics.residents65plusCoveredPct, 1),
        }),
    ],
    ['metrics.meanTravel', (s) => minutes(s.result!.metrics.meanTravelMinutes)],
    ['metrics.worstTravel', (s) => minutes(s.result!.metrics.worstTravelMinutes)],
    ['metrics.staffHours', (s) => number(s.result!.metrics.staffHoursPerMonth, 1)],
    ['metrics.cost', (s) => euro(s.result!.metrics.costPerMonth)],
    // The parts of the cost (results stored before venue costs counted have none).
    ...(['staff', 'units', 'venues'] as const).map(
      (part) =>
        [
          `metrics.costPart.${part}`,
          (s: Scenario) => {
            const breakdown = s.result!.metrics.costBreakdown;
            return breakdown ? euro(breakdown[part]) : t('metrics.none');
          },
        ] as [string, (scenario: Scenario) => string],
    ),
    [
      'metrics.method',
      (s) =>
        s.result!.solver.solver
          ? t(`metrics.solverName.${s.result!.solver.solver}`)
          : t(`metrics.${s.result!.solver.method}`),
    ],
    ['metrics.gap', (s) => optimality(s.result!.solver)],
  ];
  return (
    <div className="planning-table-wrap">
      <table className="kern-table planning-table">
        <caption className="kern-table__caption">{caption}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              {t('compare.measure')}
            </th>
            {done.map((scenario) => (
              <th key={scenario.id} scope="col" className="kern-table__header">
                {scenario.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map(([key, value]) => (
            <tr key={key} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {t(key)}
              </th>
              {done.map((scenario) => (
                <td key={scenario.id} className="kern-table__cell">
                  {value(scenario)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
