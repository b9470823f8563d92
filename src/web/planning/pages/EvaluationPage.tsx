import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { addDays, todayLocal } from '../../format/dateTime.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  evaluationQuery,
  planningApi,
  type Evaluation,
  type EvaluationChannel,
  type EvaluationFilter,
  type EvaluationMeasures,
  type EvaluationRow,
  type OnlineCandidates,
  type StaffRole,
} from '../api.ts';
import { FormField } from '../components/FormField.tsx';
import { Cell, DataTable, RowHeader } from '../components/backoffice/index.ts';
import { TownHallComparison } from '../components/evaluation/TownHallComparison.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import {
  BarChart,
  CatchmentMap,
  TimeSeriesChart,
  type CatchmentArea,
  type ChartRow,
} from '../components/evaluation/index.tsx';
import { useFormat } from '../format.ts';
import { useMunicipalityInfo } from '../municipalityContext.ts';

const channels: EvaluationChannel[] = ['booked', 'waitlist', 'staff_booked', 'walk_in'];
const noTiles = { tileUrl: null, attribution: null };
type TableName = 'sites' | 'services' | 'channels' | 'periods' | 'catchment';

/** Counts, then times, then shares and money: the columns of every breakdown. */
const measureColumns = [
  'visits',
  'contacts',
  'servicesDelivered',
  'cancellations',
  'noShows',
  'waitMedianMinutes',
  'waitP90Minutes',
  'handlingMedianMinutes',
  'handlingP90Minutes',
  'utilisation',
  'walkInShare',
  'costPerContactEur',
  'feedbackAnswers',
  'satisfactionMean',
  'wouldUseAgainShare',
] as const satisfies readonly (keyof EvaluationMeasures)[];
type Measure = (typeof measureColumns)[number];
const countColumns: ReadonlySet<Measure> = new Set([
  'feedbackAnswers',
  'visits',
  'contacts',
  'servicesDelivered',
  'cancellations',
  'noShows',
]);

/** Which form field an API problem's `field` belongs to. */
const filterFieldIds: Record<string, string> = {
  from: 'evaluation-from',
  to: 'evaluation-to',
  siteId: 'evaluation-site',
  districtId: 'evaluation-district',
  unitId: 'evaluation-unit',
  serviceId: 'evaluation-service',
  channel: 'evaluation-channel',
  testPhaseId: 'evaluation-test-phase',
};
const assumptionFieldIds: Record<string, string> = {
  staffHourRateEur: 'assumption-staff-hour',
  unitDayCostEur: 'assumption-unit-day',
  travelCostPerStopEur: 'assumption-travel',
  note: 'assumption-note',
};

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
const euroAmount = (value: string) => {
  const normalised = value.trim().replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(normalised) ? Number(normalised) : Number.NaN;
};

function initialFilter(): EvaluationFilter {
  const today = todayLocal();
  return { from: addDays(today, -90), to: today };
}

/**
 * The evaluation of the test phase: figures for a period and selection, breakdowns by site, service, channel,
 * period and district of origin, each as a table with CSV export (and all as XLSX), and the cost assumptions.
 */
export function EvaluationPage({ role }: { role: StaffRole }) {
  const { i18n } = useTranslation();
  const format = useFormat();
  const { t } = format;
  const municipality = useMunicipalityInfo();
  const [filter, setFilter] = useState<EvaluationFilter>(initialFilter);
  const [draft, setDraft] = useState<EvaluationFilter>(initialFilter);
  const [figures, setFigures] = useState<Evaluation | null>(null);
  const [candidates, setCandidates] = useState<OnlineCandidates | null>(null);
  const [loadError, setLoadError] = useState('');
  const [filterErrors, setFilterErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [assumptions, setAssumptions] = useState({ staffHour: '', unitDay: '', travel: '', note: '' });
  const [assumptionErrors, setAssumptionErrors] = useState<FieldError[]>([]);
  const [assumptionSubmission, setAssumptionSubmission] = useState(0);
  const [status, setStatus] = useState('');
  const mayEditAssumptions = role === 'admin' || role === 'planner';
  const language = i18n.language === 'en' ? 'en' : 'de';

  const load = useCallback(
    async (selection: EvaluationFilter) => {
      try {
        const [result, online] = await Promise.all([
          planningApi.getEvaluation(selection),
          planningApi.listOnlineCandidates(selection),
        ]);
        setFigures(result);
        setCandidates(online);
        setLoadError('');
        setAssumptions({
          staffHour: String(result.assumptions.staffHourRateEur),
          unitDay: String(result.assumptions.unitDayCostEur),
          travel: String(result.assumptions.travelCostPerStopEur),
          note: result.assumptions.note ?? '',
        });
        return true;
      } catch (error) {
        if (error instanceof ApiProblem && error.field && filterFieldIds[error.field]) {
          setFilterErrors([{ fieldId: filterFieldIds[error.field]!, message: problemText(t, error) }]);
          setSubmission((n) => n + 1);
        } else {
          setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
        }
        return false;
      }
    },
    [t],
  );
  useEffect(() => {
    void load(filter);
  }, [load, filter]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!isDate(draft.from)) found.push({ fieldId: 'evaluation-from', message: t('evaluation.errors.from') });
    if (!isDate(draft.to)) found.push({ fieldId: 'evaluation-to', message: t('evaluation.errors.to') });
    if (found.length === 0 && draft.to < draft.from) {
      found.push({ fieldId: 'evaluation-to', message: t('evaluation.errors.toBeforeFrom') });
    }
    setFilterErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setFilter({ ...draft });
    setStatus(t('evaluation.applied'));
  };

  const saveAssumptions = async (event: FormEvent) => {
    event.preventDefault();
    const values = {
      staffHourRateEur: euroAmount(assumptions.staffHour),
      unitDayCostEur: euroAmount(assumptions.unitDay),
      travelCostPerStopEur: euroAmount(assumptions.travel),
    };
    const found: FieldError[] = (Object.keys(values) as (keyof typeof values)[])
      .filter((key) => Number.isNaN(values[key]))
      .map((key) => ({ fieldId: assumptionFieldIds[key]!, message: t(`evaluation.errors.${key}`) }));
    setAssumptionErrors(found);
    setAssumptionSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      await planningApi.updateEvaluationAssumptions({ ...values, note: assumptions.note.trim() || null });
      setStatus(t('evaluation.assumptionsSaved'));
      await load(filter);
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setAssumptionErrors([
        {
          fieldId: assumptionFieldIds[field ?? ''] ?? 'assumption-staff-hour',
          message: problemText(t, error),
        },
      ]);
      setAssumptionSubmission((n) => n + 1);
    }
  };

  const errorOf = (errors: FieldError[], id: string) => errors.find((error) => error.fieldId === id)?.message;
  const options = figures?.options;
  const siteName = (id: string) => options?.sites.find((site) => site.id === id)?.name ?? id;
  const districtName = (id: string) => options?.districts.find((district) => district.id === id)?.name ?? id;
  const serviceName = (id: string) => {
    const service = options?.services.find((entry) => entry.id === id);
    return service ? (language === 'en' ? service.nameEn : service.nameDe) : id;
  };
  const periodName = (key: string) => {
    if (figures?.periodGranularity === 'month') {
      return new Intl.DateTimeFormat(format.locale, {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${key}-01T00:00:00Z`));
    }
    const day = new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${key}T00:00:00Z`),
    );
    return figures?.periodGranularity === 'week' ? t('evaluation.weekOf', { day }) : day;
  };

  /** A count (null: fewer than 5), a figure (null: not shown), in the page's language. */
  const shown = (measure: Measure, value: number | null) => {
    if (value === null) return countColumns.has(measure) ? t('evaluation.suppressed') : t('evaluation.none');
    if (countColumns.has(measure)) return format.number(value);
    if (measure === 'utilisation' || measure === 'walkInShare' || measure === 'wouldUseAgainShare') {
      return format.percent(value * 100);
    }
    if (measure === 'satisfactionMean') return format.number(value, 1);
    if (measure === 'costPerContactEur') return format.euro(value);
    return format.minutes(value);
  };

  /** A period's short name under the time axis. */
  const periodTick = (key: string) =>
    figures?.periodGranularity === 'month'
      ? new Intl.DateTimeFormat(format.locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
          new Date(`${key}-01T00:00:00Z`),
        )
      : new Intl.DateTimeFormat(format.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
          new Date(`${key}T00:00:00Z`),
        );
  /** A cell of a chart: the value drawn and its text as the tables show it. */
  const cell = (measure: Measure, value: number | null, scale = 1) => ({
    value: value === null ? null : value * scale,
    text: shown(measure, value),
  });

  const contactRows: ChartRow[] = (figures?.byPeriod ?? []).map((row) => ({
    key: row.key,
    label: periodName(row.key),
    tickLabel: periodTick(row.key),
    cells: channels.map((channel) =>
      cell(
        'contacts',
        figures?.byPeriodChannel.find((entry) => entry.period === row.key && entry.channel === channel)
          ?.contacts ?? 0,
      ),
    ),
  }));
  const siteRows = (cells: (row: EvaluationRow) => ChartRow['cells']): ChartRow[] =>
    (figures?.bySite ?? []).map((row) => ({ key: row.key, label: siteName(row.key), cells: cells(row) }));
  const satisfactionRows: ChartRow[] = (figures?.satisfactionDistribution ?? []).map((row) => ({
    key: String(row.score),
    label: t(`evaluation.charts.satisfaction.scores.${row.score}`),
    cells: [cell('feedbackAnswers', row.answers)],
  }));

  // The catchment map: the districts of the table, and the other districts (not quarters) with no contacts.
  const areas = useMemo((): CatchmentArea[] => {
    if (!figures) return [];
    const rows = new Map(figures.catchment.map((row) => [row.districtId, row]));
    return figures.options.districts
      .filter((district) => rows.has(district.id) || district.parentId === null)
      .map((district) => {
        const row = rows.get(district.id);
        const contacts = row ? row.contacts : 0;
        const per1000 = row ? row.contactsPer1000 : 0;
        const perText =
          contacts === null
            ? t('evaluation.suppressed')
            : per1000 === null
              ? t('evaluation.none')
              : format.number(per1000, per1000 === 0 ? 0 : 2);
        return {
          id: district.id,
          name: district.name,
          lat: district.lat,
          lon: district.lon,
          areaKm2: district.areaKm2,
          value: contacts === null ? null : per1000,
          valueText: perText,
          details: [
            t('evaluation.charts.map.contacts', { value: shown('contacts', contacts) }),
            ...(row?.population != null
              ? [t('evaluation.charts.map.population', { value: format.number(row.population) })]
              : []),
            t('evaluation.charts.map.per1000', { value: perText }),
          ],
        };
      });
    // The texts follow the language; `format` and `t` change with it.
  }, [figures, i18n.language]);

  const exportHref = (extra: Record<string, string>) =>
    `/api/v1/staff/evaluation/export${evaluationQuery(filter, { ...extra, lang: language })}`;

  const breakdown = (
    table: Exclude<TableName, 'catchment'>,
    rows: EvaluationRow[],
    nameOf: (key: string) => string,
  ) => (
    <section aria-labelledby={`evaluation-${table}`} className="page-section" key={table}>
      <h2 id={`evaluation-${table}`} className="kern-heading-medium">
        {t(`evaluation.tables.${table}`)}
      </h2>
      <DataTable
        caption={t(`evaluation.captions.${table}`)}
        scrollLabel={t(`evaluation.captions.${table}`)}
        columns={[
          t(`evaluation.keyColumn.${table}`),
          ...measureColumns.map((measure) => t(`evaluation.measures.${measure}`)),
        ]}
        rows={rows}
        rowKey={(row) => row.key}
        empty={t('evaluation.empty')}
      >
        {(row) => (
          <>
            <RowHeader>{nameOf(row.key)}</RowHeader>
            {measureColumns.map((measure) => (
              <Cell key={measure}>{shown(measure, row[measure])}</Cell>
            ))}
          </>
        )}
      </DataTable>
      <p className="planning-no-print">
        <a className="kern-link" href={exportHref({ format: 'csv', table })} download>
          {t('evaluation.csv', { table: t(`evaluation.tables.${table}`) })}
        </a>
      </p>
    </section>
  );

  const select = (
    id: string,
    label: string,
    value: string | undefined,
    choices: { id: string; name: string }[],
    update: (value: string) => void,
  ) => (
    <FormField id={id} label={label} error={errorOf(filterErrors, id)}>
      {(describedBy) => (
        <select
          id={id}
          aria-describedby={describedBy}
          className="kern-form-input__select"
          value={value ?? ''}
          onChange={(event) => update(event.target.value)}
        >
          <option value="">{t('evaluation.all')}</option>
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.name}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );

  return (
    <>
      <PageHeading title={t('evaluation.heading')}>{t('evaluation.heading')}</PageHeading>
      <p>{t('evaluation.intro')}</p>
      {figures?.departmentView && <p>{t('evaluation.departmentView')}</p>}
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}

      <form
        noValidate
        onSubmit={apply}
        className="backoffice-form"
        aria-labelledby="evaluation-filter-heading"
      >
        <h2 id="evaluation-filter-heading" className="kern-heading-medium">
          {t('evaluation.filterHeading')}
        </h2>
        <ErrorSummary errors={filterErrors} submission={submission} />
        <FormField
          id="evaluation-test-phase"
          label={t('evaluation.testPhase')}
          hint={t('evaluation.testPhaseHint')}
          error={errorOf(filterErrors, 'evaluation-test-phase')}
        >
          {(describedBy) => (
            <select
              id="evaluation-test-phase"
              aria-describedby={describedBy}
              className="kern-form-input__select"
              value={draft.testPhaseId ?? ''}
              onChange={(event) => {
                const phase = options?.testPhases.find((entry) => entry.id === event.target.value);
                setDraft(
                  phase
                    ? { ...draft, testPhaseId: phase.id, from: phase.startDate, to: phase.endDate }
                    : { ...draft, testPhaseId: undefined },
                );
              }}
            >
              <option value="">{t('evaluation.noTestPhase')}</option>
              {(options?.testPhases ?? []).map((phase) => (
                <option key={phase.id} value={phase.id}>
                  {phase.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {(['from', 'to'] as const).map((field) => (
          <FormField
            key={field}
            id={`evaluation-${field}`}
            label={t(`evaluation.${field}`)}
            error={errorOf(filterErrors, `evaluation-${field}`)}
          >
            {(describedBy) => (
              <input
                id={`evaluation-${field}`}
                aria-describedby={describedBy}
                type="date"
                className="kern-form-input__input"
                value={draft[field]}
                onChange={(event) =>
                  setDraft({ ...draft, [field]: event.target.value, testPhaseId: undefined })
                }
              />
            )}
          </FormField>
        ))}
        {select('evaluation-site', t('evaluation.site'), draft.siteId, options?.sites ?? [], (value) =>
          setDraft({ ...draft, siteId: value || undefined }),
        )}
        {select(
          'evaluation-district',
          t('evaluation.district'),
          draft.districtId,
          options?.districts ?? [],
          (value) => setDraft({ ...draft, districtId: value || undefined }),
        )}
        {select('evaluation-unit', t('evaluation.unit'), draft.unitId, options?.units ?? [], (value) =>
          setDraft({ ...draft, unitId: value || undefined }),
        )}
        {select(
          'evaluation-service',
          t('evaluation.service'),
          draft.serviceId,
          (options?.services ?? []).map((service) => ({ id: service.id, name: serviceName(service.id) })),
          (value) => setDraft({ ...draft, serviceId: value || undefined }),
        )}
        {select(
          'evaluation-channel',
          t('evaluation.channel'),
          draft.channel,
          channels.map((channel) => ({ id: channel, name: t(`evaluation.channels.${channel}`) })),
          (value) => setDraft({ ...draft, channel: (value || undefined) as EvaluationChannel | undefined }),
        )}
        <button type="submit" className="kern-btn kern-btn--primary planning-no-print">
          <span className="kern-label">{t('evaluation.apply')}</span>
        </button>
      </form>

      {!figures && !loadError && <p>{t('app.loading')}</p>}
      {figures && (
        <>
          <section aria-labelledby="evaluation-totals" className="page-section">
            <h2 id="evaluation-totals" className="kern-heading-medium">
              {t('evaluation.totalsHeading')}
            </h2>
            <p>
              {t('evaluation.selection', {
                from: format.day(`${figures.filter.from}T12:00:00Z`),
                to: format.day(`${figures.filter.to}T12:00:00Z`),
              })}
            </p>
            {figures.filter.testPhaseId && (
              <p>
                {t('evaluation.testPhaseSelection', {
                  name:
                    options?.testPhases.find((phase) => phase.id === figures.filter.testPhaseId)?.name ?? '',
                })}
              </p>
            )}
            <div className="planning-table-wrap">
              <table className="kern-table planning-table">
                <caption className="kern-table__caption">{t('evaluation.captions.totals')}</caption>
                <thead className="kern-table__head">
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">
                      {t('evaluation.figure')}
                    </th>
                    <th scope="col" className="kern-table__header">
                      {t('evaluation.value')}
                    </th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {measureColumns.map((measure) => (
                    <tr key={measure} className="kern-table__row">
                      <th scope="row" className="kern-table__cell">
                        {t(`evaluation.measures.${measure}`)}
                      </th>
                      <td className="kern-table__cell">{shown(measure, figures.totals[measure])}</td>
                    </tr>
                  ))}
                  <tr className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {t('evaluation.stopsHeld')}
                    </th>
                    <td className="kern-table__cell">{format.number(figures.stopsHeld)}</td>
                  </tr>
                  <tr className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {t('evaluation.staffHours')}
                    </th>
                    <td className="kern-table__cell">{format.number(figures.staffHours, 1)}</td>
                  </tr>
                  <tr className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {t('evaluation.totalCost')}
                    </th>
                    <td className="kern-table__cell">
                      {figures.totalCostEur === null
                        ? t('evaluation.none')
                        : format.euro(figures.totalCostEur)}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            <p>
              {t('evaluation.assumptionsLine', {
                staffHour: format.euro(figures.assumptions.staffHourRateEur),
                unitDay: format.euro(figures.assumptions.unitDayCostEur),
                travel: format.euro(figures.assumptions.travelCostPerStopEur),
              })}{' '}
              {figures.assumptions.custom
                ? t('evaluation.assumptionsCustom')
                : t('evaluation.assumptionsDefault')}
            </p>
            <p>{t('evaluation.legend', { below: figures.suppressBelow })}</p>
            <p className="planning-no-print">
              <a className="kern-link" href={exportHref({ format: 'csv', table: 'totals' })} download>
                {t('evaluation.csv', { table: t('evaluation.totalsHeading') })}
              </a>
              {' · '}
              <a className="kern-link" href={exportHref({ format: 'xlsx' })} download>
                {t('evaluation.xlsx')}
              </a>
            </p>
          </section>

          <section aria-labelledby="evaluation-charts" className="page-section">
            <h2 id="evaluation-charts" className="kern-heading-medium">
              {t('evaluation.charts.heading')}
            </h2>
            <p>{t('evaluation.charts.intro')}</p>
            <div className="evaluation-charts">
              <TimeSeriesChart
                title={t('evaluation.charts.contacts.title')}
                summary={t('evaluation.charts.contacts.summary')}
                categoryLabel={t('evaluation.keyColumn.periods')}
                valueLabel={t('evaluation.charts.contacts.axis')}
                series={channels.map((channel) => ({
                  key: channel,
                  label: t(`evaluation.channels.${channel}`),
                }))}
                rows={contactRows}
                formatTick={(value) => format.number(value)}
                integerTicks
                emptyText={t('evaluation.empty')}
              />
              <BarChart
                title={t('evaluation.charts.utilisation.title')}
                summary={t('evaluation.charts.utilisation.summary')}
                categoryLabel={t('evaluation.keyColumn.sites')}
                valueLabel={t('evaluation.charts.utilisation.axis')}
                series={[{ key: 'utilisation', label: t('evaluation.measures.utilisation') }]}
                rows={siteRows((row) => [cell('utilisation', row.utilisation, 100)])}
                formatTick={(value) => format.number(value)}
                minimumMax={100}
                emptyText={t('evaluation.empty')}
              />
              <BarChart
                title={t('evaluation.charts.waits.title')}
                summary={t('evaluation.charts.waits.summary')}
                categoryLabel={t('evaluation.keyColumn.sites')}
                valueLabel={t('evaluation.charts.waits.axis')}
                series={[
                  { key: 'median', label: t('evaluation.charts.waits.median') },
                  { key: 'p90', label: t('evaluation.charts.waits.p90') },
                ]}
                rows={siteRows((row) => [
                  cell('waitMedianMinutes', row.waitMedianMinutes),
                  cell('waitP90Minutes', row.waitP90Minutes),
                ])}
                formatTick={(value) => format.number(value)}
                emptyText={t('evaluation.empty')}
              />
              {satisfactionRows.length > 0 ? (
                <BarChart
                  title={t('evaluation.charts.satisfaction.title')}
                  summary={t('evaluation.charts.satisfaction.summary')}
                  categoryLabel={t('evaluation.charts.satisfaction.rating')}
                  valueLabel={t('evaluation.charts.satisfaction.axis')}
                  series={[{ key: 'answers', label: t('evaluation.charts.satisfaction.answers') }]}
                  rows={satisfactionRows}
                  formatTick={(value) => format.number(value)}
                  integerTicks
                  emptyText={t('evaluation.empty')}
                />
              ) : (
                <p>{t('evaluation.charts.satisfaction.unavailable')}</p>
              )}
            </div>
          </section>

          {breakdown('sites', figures.bySite, siteName)}
          {breakdown('services', figures.byService, serviceName)}
          {breakdown('channels', figures.byChannel, (key) => t(`evaluation.channels.${key}`))}
          {breakdown('periods', figures.byPeriod, periodName)}

          <section aria-labelledby="evaluation-catchment" className="page-section">
            <h2 id="evaluation-catchment" className="kern-heading-medium">
              {t('evaluation.tables.catchment')}
            </h2>
            <p id="evaluation-catchment-hint">{t('evaluation.charts.map.hint')}</p>
            <div className="evaluation-catchment">
              <CatchmentMap
                areas={areas}
                map={municipality?.map ?? noTiles}
                center={municipality?.center ?? null}
                label={t('evaluation.charts.map.label')}
                legendTitle={t('evaluation.charts.map.legend')}
                formatValue={(value) => format.number(value, 2)}
                describedBy="evaluation-catchment-hint"
              />
              <div className="evaluation-catchment__table">
                <DataTable
                  caption={t('evaluation.captions.catchment')}
                  scrollLabel={t('evaluation.captions.catchment')}
                  columns={(['district', 'contacts', 'population', 'per1000'] as const).map((column) =>
                    t(`evaluation.catchmentColumns.${column}`),
                  )}
                  rows={figures.catchment}
                  rowKey={(row) => row.districtId ?? 'none'}
                  empty={t('evaluation.empty')}
                >
                  {(row) => (
                    <>
                      <RowHeader>
                        {row.districtId === null
                          ? t('evaluation.unknownDistrict')
                          : districtName(row.districtId)}
                      </RowHeader>
                      <Cell>{shown('contacts', row.contacts)}</Cell>
                      <Cell>
                        {row.population === null ? t('evaluation.none') : format.number(row.population)}
                      </Cell>
                      <Cell>
                        {row.contactsPer1000 === null
                          ? t('evaluation.none')
                          : format.number(row.contactsPer1000, 2)}
                      </Cell>
                    </>
                  )}
                </DataTable>
              </div>
            </div>
            <p className="planning-no-print">
              <a className="kern-link" href={exportHref({ format: 'csv', table: 'catchment' })} download>
                {t('evaluation.csv', { table: t('evaluation.tables.catchment') })}
              </a>
            </p>
          </section>
          {candidates && (
            <section aria-labelledby="evaluation-online" className="page-section">
              <h2 id="evaluation-online" className="kern-heading-medium">
                {t('evaluation.online.heading')}
              </h2>
              <p>{t('evaluation.online.intro')}</p>
              <DataTable
                caption={t('evaluation.online.caption')}
                scrollLabel={t('evaluation.online.caption')}
                columns={(
                  ['service', 'onlineToday', 'contacts', 'minutes', 'share', 'basis', 'potential'] as const
                ).map((column) => t(`evaluation.online.columns.${column}`))}
                rows={candidates.items}
                rowKey={(row) => row.serviceId}
                empty={t('evaluation.empty')}
              >
                {(row) => (
                  <>
                    <RowHeader>{language === 'en' ? row.nameEn : row.nameDe}</RowHeader>
                    <Cell>{t(`evaluation.online.available.${row.onlineAvailable}`)}</Cell>
                    <Cell>{shown('contacts', row.contacts)}</Cell>
                    <Cell>{format.number(row.typicalMinutes)}</Cell>
                    <Cell>
                      {row.couldBeOnlineShare === null
                        ? t('evaluation.none')
                        : format.percent(row.couldBeOnlineShare * 100)}
                    </Cell>
                    <Cell>{t(`evaluation.online.bases.${row.shareBasis}`)}</Cell>
                    <Cell>
                      {row.potentialMinutes === null
                        ? t('evaluation.none')
                        : t('evaluation.online.hours', {
                            value: format.number(row.potentialMinutes / 60, 1),
                          })}
                    </Cell>
                  </>
                )}
              </DataTable>
              <p className="planning-no-print">
                <a className="kern-link" href={exportHref({ format: 'csv', table: 'online' })} download>
                  {t('evaluation.csv', { table: t('evaluation.online.heading') })}
                </a>
              </p>
            </section>
          )}
          <TownHallComparison
            from={filter.from}
            to={filter.to}
            serviceId={filter.serviceId}
            role={role}
            csvHref={exportHref({ format: 'csv', table: 'townHall' })}
          />
        </>
      )}

      {mayEditAssumptions && (
        <form
          noValidate
          onSubmit={(event) => void saveAssumptions(event)}
          className="backoffice-form planning-no-print"
          aria-labelledby="evaluation-assumptions-heading"
        >
          <h2 id="evaluation-assumptions-heading" className="kern-heading-medium">
            {t('evaluation.assumptionsHeading')}
          </h2>
          <p>{t('evaluation.assumptionsIntro')}</p>
          <ErrorSummary errors={assumptionErrors} submission={assumptionSubmission} />
          {(
            [
              ['assumption-staff-hour', 'staffHour', 'staffHourRateEur'],
              ['assumption-unit-day', 'unitDay', 'unitDayCostEur'],
              ['assumption-travel', 'travel', 'travelCostPerStopEur'],
            ] as const
          ).map(([id, key, label]) => (
            <FormField
              key={id}
              id={id}
              label={t(`evaluation.assumptionLabels.${label}`)}
              error={errorOf(assumptionErrors, id)}
            >
              {(describedBy) => (
                <input
                  id={id}
                  aria-describedby={describedBy}
                  inputMode="decimal"
                  className="kern-form-input__input"
                  value={assumptions[key]}
                  onChange={(event) => setAssumptions({ ...assumptions, [key]: event.target.value })}
                />
              )}
            </FormField>
          ))}
          <FormField
            id="assumption-note"
            label={t('evaluation.assumptionLabels.note')}
            error={errorOf(assumptionErrors, 'assumption-note')}
          >
            {(describedBy) => (
              <input
                id="assumption-note"
                aria-describedby={describedBy}
                className="kern-form-input__input"
                maxLength={1000}
                value={assumptions.note}
                onChange={(event) => setAssumptions({ ...assumptions, note: event.target.value })}
              />
            )}
          </FormField>
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('evaluation.saveAssumptions')}</span>
          </button>
        </form>
      )}
    </>
  );
}
