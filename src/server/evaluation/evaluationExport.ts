import type ExcelJSModule from 'exceljs';
import Papa from 'papaparse';
import type { EvaluationMeasures, EvaluationRow } from '../../domain/evaluation.ts';
import type { EvaluationOptions } from '../queries/evaluationOptions.ts';
import type { EvaluationResult, OnlineCandidatesResult } from '../queries/evaluationQuery.ts';
import type { TownHallComparisonResult } from '../queries/townHallQuery.ts';
import type { ComparisonFigures, ComparisonPeriod } from '../../domain/townHallComparison.ts';
import de from './exportLabels.de.json';
import en from './exportLabels.en.json';

export const evaluationTables = [
  'totals',
  'sites',
  'services',
  'channels',
  'periods',
  'catchment',
  'online',
  'assumptions',
  'townHall',
] as const;
export type EvaluationTableName = (typeof evaluationTables)[number];
export type ExportLanguage = 'de' | 'en';

type Labels = typeof de;
const labelsOf: Record<ExportLanguage, Labels> = { de, en };

const measureKeys = [
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

/** Counts whose value is hidden when small; the others are figures (null: not shown or not attributable). */
const countKeys: ReadonlySet<string> = new Set([
  'feedbackAnswers',
  'visits',
  'contacts',
  'servicesDelivered',
  'cancellations',
  'noShows',
  'townHall',
  'mobile',
  'townHallBefore',
]);

type Cell = string | number;

/** Text a spreadsheet would read as a formula (=, +, -, @, tab, return) starts with an apostrophe instead. */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(key: string, value: number | null, labels: Labels): Cell {
  if (value === null) return countKeys.has(key) ? labels.suppressed : '';
  return Number.isInteger(value) ? value : Math.round(value * 10_000) / 10_000;
}

/** A table as a header row and data rows, in the chosen language. Nothing personal: ids, names of places and services, figures. */
export function evaluationTable(
  result: EvaluationResult,
  options: EvaluationOptions,
  table: EvaluationTableName,
  language: ExportLanguage,
  candidates: OnlineCandidatesResult,
  townHall?: TownHallComparisonResult,
): Cell[][] {
  const labels = labelsOf[language];
  const measureHeader = measureKeys.map((key) => labels.measures[key]);
  const measureCells = (row: EvaluationMeasures) => measureKeys.map((key) => cell(key, row[key], labels));
  const named = (rows: EvaluationRow[], nameOf: (key: string) => string) => [
    [labels.columns.key, labels.columns.name, ...measureHeader],
    ...rows.map((row) => [safeText(row.key), safeText(nameOf(row.key)), ...measureCells(row)]),
  ];
  const nameIn = (list: { id: string; name: string }[]) => (key: string) =>
    list.find((item) => item.id === key)?.name ?? key;
  switch (table) {
    case 'totals':
      return [
        [labels.columns.figure, labels.columns.value],
        ...measureKeys.map((key) => [labels.measures[key], cell(key, result.totals[key], labels)]),
        [labels.measures.stopsHeld, result.stopsHeld],
        [labels.measures.openCounterMinutes, Math.round(result.openCounterMinutes)],
        [labels.measures.staffHours, cell('staffHours', result.staffHours, labels)],
        [labels.measures.totalCostEur, cell('totalCostEur', result.totalCostEur, labels)],
        ...assumptionRows(result, labels),
      ];
    case 'sites':
      return named(result.bySite, nameIn(options.sites));
    case 'services':
      return named(result.byService, (key) => {
        const service = options.services.find((item) => item.id === key);
        return service ? (language === 'de' ? service.nameDe : service.nameEn) : key;
      });
    case 'channels':
      return named(result.byChannel, (key) => labels.channels[key as keyof Labels['channels']] ?? key);
    case 'periods':
      return named(result.byPeriod, (key) => key);
    case 'catchment':
      return [
        [
          labels.columns.districtId,
          labels.columns.district,
          labels.measures.contacts,
          labels.columns.population,
          labels.columns.contactsPer1000,
        ],
        ...result.catchment.map((row) => [
          row.districtId ?? '',
          row.districtId === null
            ? labels.unknownDistrict
            : safeText(nameIn(options.districts)(row.districtId)),
          cell('contacts', row.contacts, labels),
          row.population ?? '',
          cell('contactsPer1000', row.contactsPer1000, labels),
        ]),
      ];
    case 'online':
      return [
        [
          labels.columns.key,
          labels.columns.name,
          labels.online.onlineToday,
          labels.measures.contacts,
          labels.online.typicalMinutes,
          labels.online.share,
          labels.online.basis,
          labels.online.potentialMinutes,
        ],
        ...candidates.items.map((row) => [
          safeText(row.serviceId),
          safeText(language === 'de' ? row.nameDe : row.nameEn),
          labels.online.available[row.onlineAvailable],
          cell('contacts', row.contacts, labels),
          row.typicalMinutes,
          cell('share', row.couldBeOnlineShare, labels),
          labels.online.bases[row.shareBasis],
          cell('potentialMinutes', row.potentialMinutes, labels),
        ]),
      ];
    case 'assumptions':
      return [[labels.columns.figure, labels.columns.value], ...assumptionRows(result, labels)];
    case 'townHall':
      return townHallRows(townHall, language);
  }
}

const townHallFigureKeys = [
  'townHall',
  'mobile',
  'mobileShare',
  'townHallBefore',
  'change',
  'changeShare',
] as const satisfies readonly (keyof ComparisonFigures)[];

/**
 * The comparison with the town hall: all services for the period and each month, then each service the same
 * way. The dashboard's site, district, unit and channel filters do not apply to it (the town hall is one place).
 */
function townHallRows(comparison: TownHallComparisonResult | undefined, language: ExportLanguage): Cell[][] {
  const labels = labelsOf[language];
  const words = labels.townHall;
  const header = [
    labels.columns.key,
    labels.columns.name,
    words.period,
    words.from,
    words.to,
    words.baselineFrom,
    words.baselineTo,
    words.townHallDays,
    words.baselineDays,
    ...townHallFigureKeys.map((key) => words[key]),
  ];
  if (!comparison) return [header];
  const periods = new Map([comparison.period, ...comparison.months].map((period) => [period.key, period]));
  const row = (key: string, name: string, period: ComparisonPeriod, figures: ComparisonFigures): Cell[] => [
    safeText(key),
    safeText(name),
    period.key === 'all' ? words.selected : period.key,
    period.from,
    period.to,
    period.baselineFrom,
    period.baselineTo,
    period.townHallDays,
    period.baselineDays,
    ...townHallFigureKeys.map((figure) => cell(figure, figures[figure], labels)),
  ];
  return [
    header,
    row('', words.allServices, comparison.period, comparison.total),
    ...comparison.byMonth.map((month) => row('', words.allServices, periods.get(month.month)!, month)),
    ...comparison.byService.flatMap((service) => {
      const name = language === 'de' ? service.nameDe : service.nameEn;
      return [
        row(service.serviceId, name, comparison.period, service),
        ...comparison.byServiceMonth
          .filter((month) => month.serviceId === service.serviceId)
          .map((month) => row(service.serviceId, name, periods.get(month.month)!, month)),
      ];
    }),
  ];
}

function assumptionRows(result: EvaluationResult, labels: Labels): Cell[][] {
  const { assumptions, filter } = result;
  return [
    [labels.assumptions.period, `${filter.from} – ${filter.to}`],
    [labels.assumptions.staffHourRateEur, assumptions.staffHourRateEur],
    [labels.assumptions.unitDayCostEur, assumptions.unitDayCostEur],
    [labels.assumptions.travelCostPerStopEur, assumptions.travelCostPerStopEur],
    [labels.assumptions.source, assumptions.custom ? labels.assumptions.custom : labels.assumptions.defaults],
    [labels.assumptions.suppressed, ''],
    ...(result.demo ? [[labels.assumptions.demo, labels.assumptions.demoText]] : []),
  ];
}

/** One table as CSV (semicolons and a BOM, as German spreadsheet programs open it). */
export function evaluationCsv(
  result: EvaluationResult,
  options: EvaluationOptions,
  table: EvaluationTableName,
  language: ExportLanguage,
  candidates: OnlineCandidatesResult,
  townHall?: TownHallComparisonResult,
): string {
  const rows = evaluationTable(result, options, table, language, candidates, townHall);
  return `\ufeff${Papa.unparse(rows, { delimiter: ';', newline: '\r\n' })}\r\n`;
}

/** Every table as a sheet of one workbook. */
export async function evaluationWorkbook(
  result: EvaluationResult,
  options: EvaluationOptions,
  language: ExportLanguage,
  candidates: OnlineCandidatesResult,
  townHall?: TownHallComparisonResult,
): Promise<Buffer> {
  const labels = labelsOf[language];
  // Loaded on first use: exceljs takes longer to load than the rest of the server (bench:startup).
  const ExcelJS: typeof ExcelJSModule = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mobiles Rathaus';
  for (const table of evaluationTables) {
    const sheet = workbook.addWorksheet(labels.tables[table]);
    const rows = evaluationTable(result, options, table, language, candidates, townHall);
    sheet.addRows(rows);
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.columns.forEach((column, index) => {
      const widest = Math.max(...rows.map((row) => String(row[index] ?? '').length));
      column.width = Math.min(60, Math.max(10, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
