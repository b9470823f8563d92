import {
  testPhaseKpis,
  type KpiResult,
  type RecommendationReason,
  type TestPhaseKpi,
} from '../../domain/testPhase.ts';
import { fill, pdfColours, taggedPdf } from '../pdf/taggedPdf.ts';
import type { TestPhaseReportView } from '../queries/testPhaseQueries.ts';
import de from './testPhaseReport.de.json';
import en from './testPhaseReport.en.json';

export type ReportLanguage = 'de' | 'en';
type Labels = typeof de;
const labelsOf: Record<ReportLanguage, Labels> = { de, en };

/** Numbers, euros, shares, minutes and days in the report's language. */
export function reportFormat(language: ReportLanguage) {
  const labels = labelsOf[language];
  const locale = labels.locale;
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      value,
    );
  const euro = (value: number, digits = 2) =>
    new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'EUR',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  const kpiValue = (kpi: TestPhaseKpi, value: number) => {
    switch (testPhaseKpis[kpi].unit) {
      case 'share':
        return fill(labels.percent, { value: number(value * 100, 1) });
      case 'eur':
        return euro(value);
      case 'score':
        return number(value, 2);
      case 'minutes':
        return fill(labels.minutes, { value: number(value, 1) });
      case 'contacts':
        return number(value, 1);
    }
  };
  const day = (value: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${value}T12:00:00Z`),
    );
  return { labels, locale, number, euro, kpiValue, day };
}

/** The words of a report: KPI names, targets, statuses and reasons, from the message files. */
export function reportTexts(report: TestPhaseReportView, language: ReportLanguage) {
  const format = reportFormat(language);
  const { labels } = format;
  const districtName = (id: string | null) =>
    id === null ? '' : (report.names.districts.find((district) => district.id === id)?.name ?? id);
  const kpiName = (kpi: TestPhaseKpi, districtId: string | null) =>
    fill(labels.kpis[kpi], { district: districtName(districtId) });
  const targetText = (result: Pick<KpiResult, 'kpi' | 'comparator' | 'target'>) =>
    fill(labels.comparators[result.comparator], { value: format.kpiValue(result.kpi, result.target) });
  const actualText = (result: KpiResult) =>
    result.actual === null ? labels.noData : format.kpiValue(result.kpi, result.actual);
  const statusText = (result: KpiResult) =>
    labels.statuses[result.status === 'missed' && result.clearlyMissed ? 'clearly_missed' : result.status];
  const margin = fill(labels.percent, { value: format.number(report.clearMissMargin * 100, 0) });
  const reasonText = (reason: RecommendationReason) => {
    switch (reason.code) {
      case 'all_met':
      case 'most_clearly_missed':
      case 'some_missed':
      case 'some_without_data':
      case 'no_data_at_all':
        return fill(labels.reasons[reason.code], { ...reason, margin });
      case 'kpi_no_data':
        return fill(labels.reasons.kpi_no_data, {
          kpi: kpiName(reason.kpi, reason.districtId),
          below: report.suppressBelow,
        });
      default:
        return fill(labels.reasons[reason.code], {
          kpi: kpiName(reason.kpi, reason.districtId),
          actual: format.kpiValue(reason.kpi, reason.actual),
          target: targetText(reason),
        });
    }
  };
  const assumptionsLine = fill(labels.assumptions, {
    staffHour: format.euro(report.assumptions.staffHourRateEur),
    unitDay: format.euro(report.assumptions.unitDayCostEur),
    travel: format.euro(report.assumptions.travelCostPerStopEur),
  });
  return { ...format, kpiName, targetText, actualText, statusText, reasonText, assumptionsLine, margin };
}

const colours = {
  ...pdfColours,
  met: '#1e6b34',
  missed: '#a15c00',
  clearly: '#b3261e',
  none: '#6b6b6b',
  bar: '#1f4e79',
};
const statusColour = (result: KpiResult) =>
  result.status === 'met'
    ? colours.met
    : result.status === 'no_data'
      ? colours.none
      : result.clearlyMissed
        ? colours.clearly
        : colours.missed;

/**
 * The test phase's report as a PDF (A4): title, period, sites and units, the recommendation with its reasons,
 * target against actual for the phase and each site, bar charts drawn as vector graphics, the catchment and
 * the cost assumptions (also in the footer of every page, with the page number). Text in Fira Sans. The PDF
 * is tagged (headings, paragraphs, lists, tables with header cells, figures with a text alternative; rules,
 * backgrounds and the footer as artifacts), so screen readers read it in order.
 */
export async function testPhasePdf(report: TestPhaseReportView, language: ReportLanguage): Promise<Buffer> {
  const text = reportTexts(report, language);
  const { labels } = text;
  const phase = report.testPhase;
  const title = fill(labels.title, { name: phase.name });
  const { doc, tagged, left, width, room, paragraph, heading, list, table, finish } = await taggedPdf({
    title,
    subject: labels.subject,
    lang: text.locale,
  });

  const kpiTable = (caption: string, results: KpiResult[]) =>
    table(
      caption,
      [
        { label: labels.columns.kpi, share: 0.34 },
        { label: labels.columns.target, share: 0.24 },
        { label: labels.columns.actual, share: 0.2, align: 'right' },
        { label: labels.columns.status, share: 0.22 },
      ],
      results.map((result) => ({
        cells: [
          text.kpiName(result.kpi, result.districtId),
          text.targetText(result),
          text.actualText(result),
          text.statusText(result),
        ],
        colour: (index: number) => (index === 3 ? statusColour(result) : colours.text),
      })),
    );

  /** Horizontal bars, one per row, with the target as a dashed line; a figure with its values as text. */
  const barChart = (
    caption: string,
    rows: { label: string; value: number | null; shown: string; colour: string }[],
    options: { target?: { value: number; label: string }; max?: number } = {},
  ) => {
    const { target } = options;
    const labelWidth = 195;
    const valueWidth = 80;
    const barArea = width - labelWidth - valueWidth;
    const rowHeight = 16;
    const values = rows.flatMap((row) => (row.value === null ? [] : [row.value]));
    const max = options.max ?? (Math.max(...values, target?.value ?? 0) * 1.15 || 1);
    const height = 14 + (target ? 12 : 0) + rows.length * rowHeight + 8;
    room(height);
    const alt = [
      caption,
      ...rows.map((row) => `${row.label}: ${row.shown}`),
      ...(target ? [target.label] : []),
    ].join('; ');
    tagged(
      'Figure',
      () => {
        doc.font('semibold').fontSize(9.5).fillColor(colours.text).text(caption, left, doc.y, { width });
        const top = doc.y + 2 + (target ? 12 : 0);
        const x0 = left + labelWidth;
        rows.forEach((row, index) => {
          const y = top + index * rowHeight;
          doc
            .font('regular')
            .fontSize(8.5)
            .fillColor(colours.text)
            .text(row.label, left, y + 3, {
              width: labelWidth - 6,
              height: rowHeight,
              ellipsis: true,
              lineBreak: false,
            });
          if (row.value !== null && row.value > 0) {
            doc
              .rect(x0, y + 2, Math.max(1, (Math.min(row.value, max) / max) * barArea), rowHeight - 5)
              .fill(row.colour);
          }
          doc
            .font('regular')
            .fontSize(8.5)
            .fillColor(row.value === null ? colours.none : colours.text)
            .text(row.shown, x0 + barArea + 6, y + 3, { width: valueWidth - 6, lineBreak: false });
        });
        doc
          .moveTo(x0, top)
          .lineTo(x0, top + rows.length * rowHeight)
          .lineWidth(0.75)
          .strokeColor(colours.muted)
          .stroke();
        if (target) {
          const x = x0 + (Math.min(target.value, max) / max) * barArea;
          doc
            .moveTo(x, top - 3)
            .lineTo(x, top + rows.length * rowHeight)
            .dash(3, { space: 2 })
            .lineWidth(1)
            .strokeColor(colours.text)
            .stroke()
            .undash();
          doc
            .font('regular')
            .fontSize(8)
            .fillColor(colours.text)
            .text(target.label, Math.min(x - 2, x0 + barArea - 110), top - 13, {
              width: 120,
              lineBreak: false,
            });
        }
        doc.x = left;
        doc.y = top + rows.length * rowHeight + 10;
      },
      { alt },
    );
  };
  const siteName = (id: string) => report.names.sites.find((entry) => entry.id === id)?.name ?? id;
  const summaryOf = (reasons: RecommendationReason[]) =>
    reasons.filter((reason) => !reason.code.startsWith('kpi_')).map(text.reasonText);

  // Title and what the phase covers.
  heading(title, 1, 40);
  paragraph(fill(labels.period, { from: text.day(phase.startDate), to: text.day(phase.endDate) }));
  paragraph(fill(labels.sites, { names: report.names.sites.map((site) => site.name).join(', ') }));
  paragraph(fill(labels.units, { names: report.names.units.map((unit) => unit.name).join(', ') }));
  paragraph(
    fill(labels.created, {
      date: new Intl.DateTimeFormat(text.locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(
        new Date(),
      ),
    }),
    { colour: colours.muted, size: 9 },
  );
  if (report.departmentView) paragraph(labels.departmentView, { colour: colours.muted, size: 9 });

  // The recommendation and its reasons.
  const decision = report.overall.recommendation.decision;
  heading(fill(labels.recommendationOf, { decision: labels.decisions[decision] }), 2);
  paragraph(labels.decisionLead[decision]);
  list(report.overall.recommendation.reasons.map(text.reasonText));
  paragraph(fill(labels.rule, { margin: text.margin }), { colour: colours.muted, size: 8.5 });

  // Target against actual: the whole phase, then each site.
  heading(labels.overallHeading, 2);
  kpiTable(labels.overallHeading, report.overall.kpis);
  paragraph(text.assumptionsLine, { size: 8.5, colour: colours.muted });
  heading(labels.sitesHeading, 2);
  for (const site of report.bySite) {
    const siteHeading = fill(labels.siteHeading, {
      site: siteName(site.siteId),
      decision: labels.decisions[site.recommendation.decision],
    });
    heading(siteHeading, 3, 110);
    for (const line of summaryOf(site.recommendation.reasons)) paragraph(line, { size: 9 });
    kpiTable(siteHeading, site.kpis);
  }

  // Charts: per KPI the whole phase and each site against the target.
  heading(labels.chartsHeading, 2, 110);
  report.overall.kpis.forEach((overall, index) => {
    const rows = [
      { label: labels.chartOverall, result: overall },
      ...report.bySite.map((site) => ({ label: siteName(site.siteId), result: site.kpis[index]! })),
    ];
    barChart(
      text.kpiName(overall.kpi, overall.districtId),
      rows.map(({ label, result }) => ({
        label,
        value: result.actual,
        shown: text.actualText(result),
        colour: statusColour(result),
      })),
      {
        target: {
          value: overall.target,
          label: fill(labels.chartTarget, { target: text.targetText(overall) }),
        },
        ...(testPhaseKpis[overall.kpi].unit === 'score' ? { max: 5 } : {}),
      },
    );
  });

  // Figures of the phase and the catchment.
  heading(labels.figuresHeading, 2, 110);
  const below = report.suppressBelow;
  const count = (value: number | null) =>
    value === null ? fill(labels.suppressed, { below }) : text.number(value, 0);
  table(
    labels.figuresHeading,
    [
      { label: labels.columns.kpi, share: 0.6 },
      { label: labels.columns.actual, share: 0.4, align: 'right' },
    ],
    [
      { cells: [labels.figures.contacts, count(report.totals.contacts)] },
      { cells: [labels.figures.stopsHeld, text.number(report.stopsHeld, 0)] },
      { cells: [labels.figures.staffHours, text.number(report.staffHours, 1)] },
      {
        cells: [
          labels.figures.totalCost,
          report.totalCostEur === null ? labels.none : text.euro(report.totalCostEur),
        ],
      },
    ],
  );
  heading(labels.catchmentHeading, 2, 110);
  const districtName = (id: string | null) =>
    id === null
      ? labels.unknownDistrict
      : (report.names.districts.find((district) => district.id === id)?.name ?? id);
  table(
    labels.catchmentHeading,
    [
      { label: labels.catchmentColumns.district, share: 0.4 },
      { label: labels.catchmentColumns.contacts, share: 0.18, align: 'right' },
      { label: labels.catchmentColumns.population, share: 0.24, align: 'right' },
      { label: labels.catchmentColumns.per1000, share: 0.18, align: 'right' },
    ],
    report.catchment.map((row) => ({
      cells: [
        districtName(row.districtId),
        count(row.contacts),
        row.population === null ? labels.none : text.number(row.population, 0),
        row.contactsPer1000 === null ? labels.none : text.number(row.contactsPer1000, 2),
      ],
    })),
  );
  const mapped = report.catchment.filter((row) => row.contactsPer1000 !== null);
  if (mapped.length > 0) {
    barChart(
      labels.catchmentChart,
      mapped.map((row) => ({
        label: districtName(row.districtId),
        value: row.contactsPer1000,
        shown: text.number(row.contactsPer1000!, 2),
        colour: colours.bar,
      })),
    );
  }
  paragraph(fill(labels.legend, { below }), { size: 8.5, colour: colours.muted });

  // The cost assumptions the figures rest on.
  heading(labels.assumptionsHeading, 2);
  paragraph(text.assumptionsLine);
  paragraph(report.assumptions.custom ? labels.assumptionsCustom : labels.assumptionsDefault);
  if (report.assumptions.note) paragraph(fill(labels.assumptionsNote, { note: report.assumptions.note }));
  // Footer on every page: the assumptions (they belong to every cost figure) and the page number.
  return finish((page, pages) => ({
    text: `${title} · ${text.assumptionsLine}`,
    right: fill(labels.page, { page, pages }),
  }));
}
