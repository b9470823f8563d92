/**
 * The data every evaluation chart takes: plain rows and series with the texts the page shows, so a chart, its
 * table and the page's own tables say the same ("weniger als 5", "–", "12,5 Min.").
 */

/** One series: a bar of each group, or a line. */
export interface ChartSeries {
  key: string;
  label: string;
}

/** One value: the number drawn (null: nothing drawn) and its text as the tables show it. */
export interface ChartCell {
  value: number | null;
  text: string;
}

/** One category (a site, a score) or one period: a cell per series, in the order of `series`. */
export interface ChartRow {
  key: string;
  /** The full name, in the table and above a bar group. */
  label: string;
  /** A shorter name for the time axis (e.g. "2. März"); the label where missing. */
  tickLabel?: string;
  cells: readonly ChartCell[];
}

export interface ChartData {
  /** The header of the table's first column: what a row is ("Standort", "Zeitabschnitt"). */
  categoryLabel: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
}

/** The props every chart shares. */
export interface ChartProps extends ChartData {
  /** The figure's caption; it also names the graphic and the table. */
  title: string;
  /** One or two sentences under the caption: what the chart shows, in words. */
  summary?: string;
  /** The value axis' name, with its unit ("Minuten", "Auslastung in %"). */
  valueLabel: string;
  /** A tick of the value axis as text. */
  formatTick: (value: number) => string;
  /** Counts: only whole numbers on the value axis. */
  integerTicks?: boolean;
  /** The value axis reaches at least this far (e.g. 100 for a percentage). */
  minimumMax?: number;
  /** Shown instead of the chart when there are no rows. */
  emptyText: string;
}

/**
 * How a series looks: colour, the fill of its bars and the dash and marker of its line. Colour is never the only
 * difference: bars differ by fill pattern, lines by dash and marker shape. Every colour has a contrast of at
 * least 3:1 against white (WCAG 1.4.11; checked in the test).
 */
export interface SeriesStyle {
  colour: string;
  /** Bars: solid, or lines of this orientation on white. */
  fill: 'solid' | 'diagonal' | 'horizontal' | 'cross';
  /** Lines: SVG stroke-dasharray. */
  dash?: string;
  marker: 'circle' | 'square' | 'triangle' | 'diamond';
}

export const seriesStyles: readonly SeriesStyle[] = [
  { colour: '#0b3b78', fill: 'solid', marker: 'circle' },
  { colour: '#a14800', fill: 'diagonal', dash: '8 4', marker: 'square' },
  { colour: '#1d6b2f', fill: 'horizontal', dash: '2 3', marker: 'triangle' },
  { colour: '#6a1b9a', fill: 'cross', dash: '10 3 2 3', marker: 'diamond' },
];

export const seriesStyle = (index: number): SeriesStyle => seriesStyles[index % seriesStyles.length]!;

/** The end of the value axis: the largest value drawn, at least `minimumMax`, never 0. */
export function valueMax(rows: readonly ChartRow[], minimumMax = 0): number {
  let max = minimumMax;
  for (const row of rows)
    for (const cell of row.cells) if (cell.value !== null) max = Math.max(max, cell.value);
  return max > 0 ? max : 1;
}

/** Which tick labels of a time axis to print: every n-th, at most `most` of them, the first always. */
export function tickStep(count: number, most: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, most)));
}

/** Relative luminance and contrast ratio (WCAG 2.1) of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((start) => {
      const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
