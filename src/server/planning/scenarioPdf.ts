import { UNCOVERED_COLOUR, type ReportMap } from '../../planning/reportMap.ts';
import type { ScenarioResultView } from '../commands/planning/scenarioTypes.ts';
import { fill, pdfColours, taggedPdf } from '../pdf/taggedPdf.ts';
import type { ScenarioReportView } from '../queries/scenarioReportQueries.ts';
import de from './scenarioReport.de.json';
import en from './scenarioReport.en.json';

export type ScenarioReportLanguage = 'de' | 'en';
type Labels = typeof de;
const labelsOf: Record<ScenarioReportLanguage, Labels> = { de, en };

/** A message by its dotted path (`emptyLayer.grid`), or undefined. */
function lookup(messages: unknown, path: string): string | undefined {
  let node: unknown = messages;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Numbers, euros, minutes and dates in the report's language, and the words of the scenario's values. */
export function scenarioReportTexts(language: ScenarioReportLanguage) {
  const labels = labelsOf[language];
  const locale = labels.locale;
  const number = (value: number, digits = 0) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      value,
    );
  /** Up to one decimal, none where the value is whole. */
  const figure = (value: number) => {
    const tenths = Math.round(value * 10) / 10;
    return number(tenths, Number.isInteger(tenths) ? 0 : 1);
  };
  const euro = (value: number) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(
      value,
    );
  const percent = (value: number) => fill(labels.percent, { value: figure(value) });
  const day = (value: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(value));
  const list = (items: string[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
  const length = (metres: number) =>
    metres >= 1000
      ? fill(labels.kilometres, { value: figure(metres / 1000) })
      : fill(labels.metres, { value: number(metres) });
  /** A note's sentence with its numbers in the report's format (shares as percentages). */
  const note = (code: string, params: Record<string, string | number> = {}) => {
    const template = lookup(labels.notes, code);
    if (template === undefined) return undefined;
    const shown = Object.fromEntries(
      Object.entries(params).map(([key, value]) => [
        key,
        typeof value === 'number'
          ? key === 'share'
            ? percent(value * 100)
            : number(value, Number.isInteger(value) ? 0 : 2)
          : key === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? day(`${value}T12:00:00Z`)
            : key === 'date' && value === ''
              ? labels.noDate
              : value,
      ]),
    );
    return fill(template, shown);
  };
  return { labels, locale, number, figure, euro, percent, day, list, length, note };
}

type Texts = ReturnType<typeof scenarioReportTexts>;
type Robustness = NonNullable<ScenarioResultView['robustness']>;
type Variant = { dimension: 'layer' | 'weight'; subject: string; factor: number };

function variantText(text: Texts, variant: Variant) {
  const { labels } = text;
  return variant.dimension === 'layer'
    ? fill(labels.robustness.layerVariant, {
        layer: lookup(labels.robustnessLayers, variant.subject) ?? labels.none,
        change: variant.factor < 1 ? labels.robustness.less : labels.robustness.more,
      })
    : fill(labels.robustness.weightVariant, {
        group: lookup(labels.robustnessGroups, variant.subject) ?? labels.none,
        change: variant.factor < 1 ? labels.robustness.lower : labels.robustness.higher,
      });
}

/** The sentences of the robustness check, in the order the report prints them. */
export function robustnessParagraphs(text: Texts, robustness: Robustness | undefined, p: number) {
  const { labels } = text;
  if (!robustness) return { lead: [labels.robustness.notRun], table: null, variants: [] };
  if (robustness.status === 'failed') return { lead: [labels.robustness.failed], table: null, variants: [] };
  if (robustness.status === 'notApplicable') {
    const reason = robustness.reason ?? 'onlyUniformScaling';
    return { lead: [labels.robustnessNotApplicable[reason]], table: null, variants: [] };
  }
  const n = robustness.variantCount;
  const robust = robustness.sites.filter((site) => site.class === 'robust').map((site) => site.name);
  const sometimes = robustness.sites.filter((site) => site.class === 'sometimes').map((site) => site.name);
  const seconds = text.figure(robustness.timeLimitSecondsPerVariant);
  const names = new Map(robustness.sites.map((site) => [site.siteId, site.name]));
  const lead = [
    fill(labels.robustness.intro, { count: text.number(n), p: text.number(p) }),
    [
      robust.length > 0
        ? fill(labels.robustness.robustSites, { sites: text.list(robust) })
        : labels.robustness.noRobustSites,
      ...(sometimes.length > 0
        ? [fill(labels.robustness.sometimesSites, { sites: text.list(sometimes) })]
        : []),
    ].join(' '),
    robustness.provenOptimalCount === n
      ? fill(labels.robustness.allProven, { seconds })
      : fill(labels.robustness.someProven, {
          proven: text.number(robustness.provenOptimalCount),
          n: text.number(n),
          seconds,
        }),
  ];
  const table = robustness.sites
    .filter((site) => site.chosenIn > 0 || site.inBase)
    .map((site) => [
      site.name,
      site.inBase ? labels.yes : labels.no,
      site.chosenIn === n
        ? fill(labels.robustnessChosenIn.all, { n: text.number(n) })
        : site.chosenIn === 0
          ? labels.robustnessChosenIn.none
          : fill(labels.robustnessChosenIn.some, { k: text.number(site.chosenIn), n: text.number(n) }),
      labels.robustnessClassName[site.class],
    ]);
  const variants = robustness.variants.map((variant) =>
    fill(labels.robustness.variant, {
      what: variantText(text, variant),
      sites: text.list(variant.chosenSiteIds.map((id) => names.get(id) ?? labels.none)),
    }),
  );
  return { lead, table, variants };
}

/** The map's text alternative: every site with its people in reach, and the demand beyond the limit. */
export function mapAlternative(text: Texts, map: ReportMap, minutes: number) {
  const { labels } = text;
  return fill(labels.mapAlt, {
    count: text.number(map.sites.length),
    points: text.number(map.points.length),
    sites: map.sites
      .map((site) =>
        fill(labels.mapSiteAlt, {
          number: site.number,
          name: site.name,
          covered: text.number(site.coveredResidents),
        }),
      )
      .join('; '),
    minutes: text.figure(minutes),
    uncoveredPoints: text.number(map.uncovered.points),
    uncoveredResidents: text.number(map.uncovered.residents),
  });
}

/**
 * The scenario's report for the council as a tagged PDF (A4), in German or English: the recommendation with
 * what it reaches, the sites with their catchments, the map (the same projection as the planner's page, drawn
 * as vector graphics) with its legend, the robustness check, costs, the inputs, assumptions and data quality,
 * and the proposed timetable. Every value is in words and the report's number format: no ids, no codes.
 */
export async function scenarioPdf(
  report: ScenarioReportView,
  language: ScenarioReportLanguage,
): Promise<Buffer> {
  const text = scenarioReportTexts(language);
  const { labels } = text;
  const { scenario, map } = report;
  const { inputs, result } = scenario;
  const metrics = result.metrics;
  const title = fill(labels.title, { name: scenario.name });
  const pdf = await taggedPdf({ title, subject: labels.subject, lang: text.locale });
  const { doc, tagged, artifact, left, width, room, paragraph, heading, list, table } = pdf;
  const minutes = text.figure(inputs.coverageThresholdMinutes);
  const mode = labels.modeIn[inputs.travelMode];

  heading(title, 1, 40);
  paragraph(fill(labels.intro, { date: text.day(scenario.finishedAt ?? new Date().toISOString()) }));
  if (scenario.approvedAt) paragraph(fill(labels.approved, { date: text.day(scenario.approvedAt) }));
  paragraph(fill(labels.created, { date: text.day(new Date().toISOString()) }), {
    colour: pdfColours.muted,
    size: 9,
  });

  // The recommendation and what it reaches.
  heading(labels.recommendationHeading, 2);
  const siteNames = result.chosenSites.map((site) => site.name);
  paragraph(
    fill(siteNames.length === 1 ? labels.recommendation_one : labels.recommendation_other, {
      count: text.number(siteNames.length),
      sites: text.list(siteNames),
    }),
    { bold: true },
  );
  if (result.budgetSearch) {
    paragraph(
      fill(labels.budgetFound, {
        budget: text.euro(result.budgetSearch.budgetPerMonth),
        count: text.number(result.p),
      }),
    );
  }
  paragraph(
    fill(labels.reach, {
      minutes,
      mode,
      coverage: text.percent(metrics.coveragePct),
      seniors: text.number(metrics.residents65plusCovered),
      seniorsTotal: text.number(metrics.residents65plusTotal),
      seniorsPct: text.percent(metrics.residents65plusCoveredPct),
      mean: text.figure(metrics.meanTravelMinutes),
      worst: text.figure(metrics.worstTravelMinutes),
    }),
  );
  paragraph(
    result.solver.provenOptimal
      ? labels.optimal
      : result.solver.gapPct !== null
        ? fill(labels.withinBound, { gap: text.percent(Math.ceil(result.solver.gapPct * 100) / 100) })
        : labels.noBound,
  );
  table(
    labels.sitesCaption,
    [
      { label: labels.sitesColumns.number, share: 0.07 },
      { label: labels.sitesColumns.site, share: 0.3 },
      { label: labels.sitesColumns.robustness, share: 0.2 },
      { label: labels.sitesColumns.covered, share: 0.15, align: 'right' },
      { label: labels.sitesColumns.uncovered, share: 0.13, align: 'right' },
      { label: labels.sitesColumns.mean, share: 0.15, align: 'right' },
    ],
    map.sites.map((site) => ({
      cells: [
        text.number(site.number),
        site.name,
        labels.robustnessClass[site.robustness ?? 'none'],
        text.number(site.coveredResidents),
        text.number(site.uncoveredResidents),
        site.meanMinutes === null
          ? labels.none
          : fill(labels.minutes, { value: text.figure(site.meanMinutes) }),
      ],
    })),
  );
  paragraph(fill(labels.sitesExplained, { minutes }), { size: 8.5, colour: pdfColours.muted });

  // The map: the same projection as the page's SVG, scaled to the page.
  heading(labels.mapHeading, 2, mapHeight(pdf, map) + 10);
  drawMap(
    pdf,
    map,
    mapAlternative(text, map, inputs.coverageThresholdMinutes),
    text.length(map.scale.metres),
  );
  // The legend: a swatch (decoration) beside each line of text.
  const legendLine = (label: string, swatch: (x: number, y: number) => void) => {
    doc.font('regular').fontSize(9).fillColor(pdfColours.text);
    room(doc.heightOfString(label, { width: width - 22 }) + 2);
    const y = doc.y;
    artifact(() => swatch(left + 7, y + 5.5));
    tagged('P', () => doc.fillColor(pdfColours.text).text(label, left + 20, y, { width: width - 22 }));
    doc.moveDown(0.15);
  };
  const firstColour = map.sites[0]?.colour ?? pdfColours.text;
  legendLine(labels.legend.site, (x, y) => {
    doc.circle(x, y, 5).fillAndStroke(firstColour, '#ffffff');
  });
  if (map.sites.some((site) => site.robustness === 'robust')) {
    legendLine(labels.legend.robust, (x, y) => {
      doc.circle(x, y, 5).lineWidth(2).fillAndStroke(firstColour, pdfColours.text);
    });
  }
  if (map.sites.some((site) => site.robustness === 'sometimes')) {
    legendLine(labels.legend.sometimes, (x, y) => {
      doc.circle(x, y, 5).lineWidth(1.2).dash(2, { space: 1.5 }).fillAndStroke(firstColour, pdfColours.text);
      doc.undash();
    });
  }
  legendLine(labels.legend.catchment, (x, y) => {
    doc
      .rect(x - 6, y - 4, 12, 8)
      .fillOpacity(0.18)
      .lineWidth(0.8)
      .fillAndStroke(firstColour, firstColour);
    doc.fillOpacity(1);
  });
  legendLine(labels.legend.point, (x, y) => {
    doc.circle(x, y, 3).fill(firstColour);
  });
  legendLine(labels.legend.uncovered, (x, y) => crossAt(doc, x, y, 3.5));
  if (map.outlines.length > 0) {
    legendLine(labels.legend.outline, (x, y) => {
      doc
        .moveTo(x - 6, y)
        .lineTo(x + 6, y)
        .lineWidth(0.6)
        .strokeColor('#8a8a8a')
        .stroke();
    });
  }
  paragraph(
    `${fill(labels.legend.scale, { length: text.length(map.scale.metres) })} ${labels.legend.projection}`,
    {
      size: 8.5,
      colour: pdfColours.muted,
    },
  );
  paragraph(
    map.uncovered.points === 0
      ? fill(labels.uncoveredNone, { minutes })
      : fill(
          map.uncovered.points === 1
            ? map.uncovered.names.length > 0
              ? labels.uncovered_one
              : labels.uncoveredNoNames_one
            : map.uncovered.names.length > 0
              ? labels.uncovered_other
              : labels.uncoveredNoNames_other,
          {
            count: text.number(map.uncovered.points),
            residents: text.number(map.uncovered.residents),
            minutes,
            names: text.list(map.uncovered.names),
          },
        ),
  );

  // How certain the choice is.
  heading(labels.robustnessHeading, 2);
  const robustness = robustnessParagraphs(text, result.robustness, result.p);
  for (const line of robustness.lead) paragraph(line);
  if (robustness.table) {
    table(
      labels.robustness.caption,
      [
        { label: labels.robustnessColumns.site, share: 0.34 },
        { label: labels.robustnessColumns.inBase, share: 0.18 },
        { label: labels.robustnessColumns.chosenIn, share: 0.26 },
        { label: labels.robustnessColumns.class, share: 0.22 },
      ],
      robustness.table.map((cells) => ({ cells })),
    );
  }
  if (robustness.variants.length > 0) {
    heading(labels.robustness.variantsHeading, 3);
    list(robustness.variants);
  }

  // Costs.
  heading(labels.costsHeading, 2);
  paragraph(
    fill(labels.costs, {
      staffHours: text.figure(metrics.staffHoursPerMonth),
      unitDays: text.figure(metrics.unitDaysPerMonth),
      cost: text.euro(metrics.costPerMonth),
      staffHour: text.euro(inputs.costPerStaffHour),
      unitDay: text.euro(inputs.costPerUnitDay),
    }),
  );

  // The inputs, in words.
  heading(labels.inputsHeading, 2);
  const w = inputs.weights;
  const layers = inputs.layerWeights?.length
    ? text.list(
        inputs.layerWeights.map((layer) =>
          fill(labels.input.layerValue, {
            layer: lookup(labels.robustnessLayers, layer.kind) ?? labels.none,
            weight: text.figure(layer.weight),
          }),
        ),
      )
    : labels.input.layersDefault;
  const rows: [string, string][] = [
    [labels.input.objective, labels.objective[inputs.objective]],
    [labels.input.units, text.number(inputs.units)],
    [labels.input.staffDays, text.number(inputs.staffDaysPerWeek)],
    ...(inputs.p !== undefined ? [[labels.input.sites, text.number(inputs.p)] as [string, string]] : []),
    ...(inputs.budgetPerMonth !== undefined
      ? [[labels.input.budget, text.euro(inputs.budgetPerMonth)] as [string, string]]
      : []),
    [labels.input.threshold, fill(labels.input.thresholdValue, { minutes, mode })],
    [
      labels.input.weights,
      fill(labels.input.weightsValue, {
        residents: text.figure(w.residents),
        seniors: text.figure(w.residents65plus),
        mobility: text.figure(w.limitedMobility),
        contacts: text.figure(w.pastBookings),
      }),
    ],
    [labels.input.layers, layers],
    [labels.input.staffHour, text.euro(inputs.costPerStaffHour)],
    [labels.input.unitDay, text.euro(inputs.costPerUnitDay)],
    [
      labels.input.timeLimit,
      fill(labels.input.timeLimitValue, { seconds: text.number(inputs.timeLimitSeconds) }),
    ],
  ];
  table(
    labels.inputsCaption,
    [
      { label: labels.inputsColumns.input, share: 0.38 },
      { label: labels.inputsColumns.value, share: 0.62 },
    ],
    rows.map((cells) => ({ cells })),
  );

  // Assumptions and data quality: the run's notes, in words.
  heading(labels.assumptionsHeading, 2);
  const notes = result.notes.flatMap((entry) => {
    const line = text.note(entry.code, entry.params);
    return line === undefined ? [] : [line];
  });
  if (notes.length > 0) list(notes);

  // The proposed timetable.
  heading(labels.timetableHeading, 2);
  const frequency = (rule: { frequency: string; weekday: number; weekOfMonth?: number | null }) =>
    rule.frequency === 'monthly'
      ? fill(labels.frequency.monthly, {
          n: rule.weekOfMonth ?? 1,
          weekday: lookup(labels.weekday, String(rule.weekday)) ?? '',
        })
      : (lookup(labels.frequency, rule.frequency) ?? labels.none);
  const weekday = (value: number) => lookup(labels.weekday, String(value)) ?? labels.none;
  if (result.timetable.rules.length === 0) paragraph(labels.noTimetable);
  else {
    table(
      labels.timetableCaption,
      [
        { label: labels.timetableColumns.site, share: 0.3 },
        { label: labels.timetableColumns.unit, share: 0.2 },
        { label: labels.timetableColumns.weekday, share: 0.15 },
        { label: labels.timetableColumns.time, share: 0.15 },
        { label: labels.timetableColumns.frequency, share: 0.2 },
      ],
      result.timetable.rules.map((rule) => ({
        cells: [
          rule.siteName,
          rule.unitName,
          weekday(rule.weekday),
          fill(labels.timeValue, { start: rule.startTime, end: rule.endTime }),
          frequency(rule),
        ],
      })),
    );
  }
  const changes = result.timetable.changes ?? [];
  if (changes.length > 0) {
    heading(labels.changesHeading, 3);
    const when = (rule: NonNullable<(typeof changes)[number]['before']>) =>
      fill(labels.changeWhen, {
        weekday: weekday(rule.weekday),
        start: rule.startTime,
        end: rule.endTime,
        frequency: frequency(rule),
      });
    list(
      changes.map((change) =>
        fill(labels.change[change.kind], {
          site: change.siteName,
          before: change.before ? when(change.before) : '',
          after: change.after ? when(change.after) : '',
        }),
      ),
    );
  }
  for (const entry of result.timetable.unscheduled) {
    paragraph(
      fill(labels.unscheduled, {
        site: entry.siteName,
        reason: labels.unscheduledReason[entry.code ?? 'other'],
      }),
    );
  }

  return pdf.finish((page, pages) => ({ text: title, right: fill(labels.page, { page, pages }) }));
}

function crossAt(doc: PDFKit.PDFDocument, x: number, y: number, size: number) {
  doc
    .moveTo(x - size, y - size)
    .lineTo(x + size, y + size)
    .moveTo(x - size, y + size)
    .lineTo(x + size, y - size)
    .lineWidth(1.2)
    .strokeColor(UNCOVERED_COLOUR)
    .stroke();
}

const MAP_MAX_HEIGHT = 430;
/** The map's scale on the page: the full text width, at most MAP_MAX_HEIGHT points high. */
const mapScale = (pdf: Awaited<ReturnType<typeof taggedPdf>>, map: ReportMap) =>
  Math.min(pdf.width / map.width, MAP_MAX_HEIGHT / map.height);
const mapHeight = (pdf: Awaited<ReturnType<typeof taggedPdf>>, map: ReportMap) =>
  map.height * mapScale(pdf, map);

/** The map as a figure: outlines, catchments, demand, the sites with their numbers, a scale bar and north. */
function drawMap(
  pdf: Awaited<ReturnType<typeof taggedPdf>>,
  map: ReportMap,
  alt: string,
  scaleLabel: string,
) {
  const { doc, tagged, left, width, room } = pdf;
  const scale = mapScale(pdf, map);
  const drawnWidth = map.width * scale;
  const drawnHeight = map.height * scale;
  room(drawnHeight + 10);
  const x0 = left + (width - drawnWidth) / 2;
  const y0 = doc.y;
  const at = (x: number, y: number): [number, number] => [x0 + x * scale, y0 + y * scale];
  tagged(
    'Figure',
    () => {
      doc.save();
      doc.rect(x0, y0, drawnWidth, drawnHeight).lineWidth(0.5).strokeColor(pdfColours.rule).stroke();
      for (const ring of map.outlines) {
        if (ring.length < 2) continue;
        doc.polygon(...ring.map(([x, y]) => at(x, y)));
        doc.lineWidth(0.5).strokeColor('#8a8a8a').stroke();
      }
      for (const catchment of map.catchments) {
        doc.polygon(...catchment.hull.map(([x, y]) => at(x, y)));
        doc.fillOpacity(0.15).lineWidth(0.8).fillAndStroke(catchment.colour, catchment.colour);
        doc.fillOpacity(1);
      }
      const colourOf = new Map(map.sites.map((site) => [site.number, site.colour]));
      for (const point of map.points) {
        const [x, y] = at(point.x, point.y);
        const r = Math.max(1.2, point.r * scale);
        if (point.covered) doc.circle(x, y, r).fill(colourOf.get(point.site) ?? pdfColours.text);
        else crossAt(doc, x, y, Math.max(2, r * 0.9));
      }
      for (const site of map.sites) {
        const [x, y] = at(site.x, site.y);
        const r = 8;
        doc.lineWidth(site.robustness === 'robust' ? 2.2 : 1.2);
        if (site.robustness === 'sometimes') doc.dash(2.5, { space: 1.5 });
        doc
          .circle(x, y, r)
          .fillAndStroke(site.colour, site.robustness === null ? '#ffffff' : pdfColours.text);
        doc.undash();
        const label = String(site.number);
        doc.font('semibold').fontSize(8.5).fillColor('#ffffff');
        doc.text(label, x - r, y - doc.currentLineHeight() / 2, {
          width: 2 * r,
          align: 'center',
          lineBreak: false,
        });
      }
      // Scale bar and north, bottom left and top right.
      const [sx, sy] = at(12, map.height - 12);
      const barLength = map.scale.length * scale;
      doc
        .moveTo(sx, sy)
        .lineTo(sx + barLength, sy)
        .moveTo(sx, sy - 3)
        .lineTo(sx, sy)
        .moveTo(sx + barLength, sy - 3)
        .lineTo(sx + barLength, sy)
        .lineWidth(1.2)
        .strokeColor(pdfColours.text)
        .stroke();
      doc
        .font('regular')
        .fontSize(7.5)
        .fillColor(pdfColours.text)
        .text(scaleLabel, sx, sy - 12, {
          width: Math.max(barLength, 40),
          lineBreak: false,
        });
      const [nx, ny] = at(map.width - 16, 10);
      doc.polygon([nx, ny], [nx - 4, ny + 9], [nx + 4, ny + 9]).fill(pdfColours.text);
      doc
        .font('semibold')
        .fontSize(8)
        .fillColor(pdfColours.text)
        .text('N', nx - 4, ny + 10, {
          width: 8,
          align: 'center',
          lineBreak: false,
        });
      doc.restore();
      doc.x = left;
      doc.y = y0 + drawnHeight + 8;
    },
    { alt },
  );
}
