import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { problemText } from '../../../api/problemMessages.ts';
import {
  planningApi,
  type StaffRole,
  type TownHallComparison as Comparison,
  type TownHallFigures,
  type TownHallPeriod,
} from '../../api.ts';
import { useFormat } from '../../format.ts';
import { Cell, DataTable, RowHeader } from '../backoffice/index.ts';

const figureColumns = [
  'townHall',
  'mobile',
  'mobileShare',
  'townHallBefore',
  'change',
  'changeShare',
] as const satisfies readonly (keyof TownHallFigures)[];

export interface TownHallComparisonProps {
  /** The dashboard's period and service; its other filters do not apply to the town hall. */
  from: string;
  to: string;
  serviceId?: string | undefined;
  role: StaffRole;
  /** The CSV export of the comparison (`exportEvaluation` with `table=townHall`). */
  csvHref: string;
}

/**
 * "Vergleich mit dem Rathaus" on the evaluation dashboard (tracker issue 10): the town hall's imported counts
 * against the Mobiles Rathaus per service and month, the mobile share, and the town hall's change against the
 * same number of days before the period. Counts under 5 are hidden as everywhere in the evaluation.
 */
export function TownHallComparison({ from, to, serviceId, role, csvHref }: TownHallComparisonProps) {
  const format = useFormat();
  const { t } = format;
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [loadError, setLoadError] = useState('');
  const mayImport = role === 'admin' || role === 'planner';

  useEffect(() => {
    let current = true;
    planningApi
      .getTownHallComparison({ from, to, serviceId })
      .then((result) => {
        if (!current) return;
        setComparison(result);
        setLoadError('');
      })
      .catch((error: unknown) => {
        if (current) setLoadError(t('townHall.comparison.loadFailed', { detail: problemText(t, error) }));
      });
    return () => {
      current = false;
    };
  }, [from, to, serviceId, t]);

  const day = (value: string) => format.day(`${value}T12:00:00Z`);
  const monthName = (key: string) =>
    new Intl.DateTimeFormat(format.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${key}-01T00:00:00Z`),
    );
  const signed = (value: number, digits = 0) =>
    new Intl.NumberFormat(format.locale, {
      maximumFractionDigits: digits,
      minimumFractionDigits: digits,
      signDisplay: 'exceptZero',
    }).format(value);

  /** A cell of a row of `period`: counts (null: fewer than 5), shares and changes (null: not shown). */
  const shown = (
    column: (typeof figureColumns)[number],
    figures: TownHallFigures,
    period: TownHallPeriod,
  ) => {
    const value = figures[column];
    if (column === 'townHall' && period.townHallDays === 0) return t('townHall.comparison.noCountsCell');
    if (column === 'townHallBefore' && period.baselineDays === 0)
      return t('townHall.comparison.noCountsCell');
    if (value === null) {
      return column === 'townHall' || column === 'mobile' || column === 'townHallBefore'
        ? t('evaluation.suppressed')
        : t('evaluation.none');
    }
    if (column === 'mobileShare') return format.percent(value * 100);
    if (column === 'change') return signed(value);
    if (column === 'changeShare') return t('metrics.percent', { value: signed(value * 100, 1) });
    return format.number(value);
  };

  const columns = (first: string) => [
    first,
    ...figureColumns.map((column) => t(`townHall.comparison.columns.${column}`)),
  ];

  return (
    <section aria-labelledby="evaluation-town-hall" className="page-section">
      <h2 id="evaluation-town-hall" className="kern-heading-medium">
        {t('townHall.comparison.heading')}
      </h2>
      <p>{t('townHall.comparison.intro')}</p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {!comparison && !loadError && <p>{t('app.loading')}</p>}
      {comparison && (
        <>
          <p>
            {t('townHall.comparison.periods', {
              from: day(comparison.period.from),
              to: day(comparison.period.to),
              baselineFrom: day(comparison.period.baselineFrom),
              baselineTo: day(comparison.period.baselineTo),
            })}{' '}
            {t('townHall.comparison.coverage', {
              days: format.number(comparison.period.townHallDays),
              total: format.number(
                (Date.parse(comparison.period.to) - Date.parse(comparison.period.from)) / 86_400_000 + 1,
              ),
              baselineDays: format.number(comparison.period.baselineDays),
            })}
          </p>
          {comparison.baselineOverlapsMobile && comparison.firstMobileDay && (
            <p>{t('townHall.comparison.overlap', { first: day(comparison.firstMobileDay) })}</p>
          )}
          {comparison.period.townHallDays === 0 && (
            <p>
              {t('townHall.comparison.noCounts')}
              {mayImport && (
                <>
                  {' '}
                  <Link className="kern-link" to="/verwaltung/auswertung/rathauszahlen">
                    {t('townHall.comparison.importLink')}
                  </Link>
                </>
              )}
            </p>
          )}
          <DataTable
            caption={t('townHall.comparison.servicesCaption')}
            scrollLabel={t('townHall.comparison.servicesCaption')}
            columns={columns(t('townHall.comparison.columns.service'))}
            rows={[
              { key: '', name: t('townHall.comparison.allServices'), figures: comparison.total },
              ...comparison.byService.map((row) => ({
                key: row.serviceId,
                name: format.locale === 'en-GB' ? row.nameEn : row.nameDe,
                figures: row,
              })),
            ]}
            rowKey={(row) => row.key}
          >
            {(row) => (
              <>
                <RowHeader>{row.name}</RowHeader>
                {figureColumns.map((column) => (
                  <Cell key={column}>{shown(column, row.figures, comparison.period)}</Cell>
                ))}
              </>
            )}
          </DataTable>
          <DataTable
            caption={t('townHall.comparison.monthsCaption')}
            scrollLabel={t('townHall.comparison.monthsCaption')}
            columns={columns(t('townHall.comparison.columns.month'))}
            rows={comparison.byMonth.map((row, index) => ({ row, period: comparison.months[index]! }))}
            rowKey={({ row }) => row.month}
          >
            {({ row, period }) => (
              <>
                <RowHeader>{monthName(row.month)}</RowHeader>
                {figureColumns.map((column) => (
                  <Cell key={column}>{shown(column, row, period)}</Cell>
                ))}
              </>
            )}
          </DataTable>
          <p>
            <a className="kern-link" href={csvHref} download>
              {t('evaluation.csv', { table: t('townHall.comparison.table') })}
            </a>
            {mayImport && comparison.period.townHallDays > 0 && (
              <>
                {' · '}
                <Link className="kern-link" to="/verwaltung/auswertung/rathauszahlen">
                  {t('townHall.comparison.importLink')}
                </Link>
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}
