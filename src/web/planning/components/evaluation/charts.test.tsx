// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nProvider } from '../../../i18n/react.tsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planningI18n } from '../../i18n/i18n.ts';
import { BarChart } from './BarChart.tsx';
import { TimeSeriesChart } from './TimeSeriesChart.tsx';
import { contrastRatio, seriesStyles, tickStep, valueMax, type ChartRow } from './chartData.ts';
import { BarChart as LazyBarChart } from './index.tsx';

afterEach(cleanup);
beforeEach(async () => {
  await planningI18n.changeLanguage('de');
});

const renderPlanner = (element: ReactElement) =>
  render(<I18nProvider i18n={planningI18n}>{element}</I18nProvider>);

const number = (value: number) => new Intl.NumberFormat('de-DE').format(value);

/** Two sites, waits as median and 90 %: the small site's values are not shown. */
const waitRows: ChartRow[] = [
  {
    key: 'bahnhof',
    label: 'Bürgerhaus Bahnhof',
    cells: [
      { value: 3, text: '3,0 min' },
      { value: 7.5, text: '7,5 min' },
    ],
  },
  {
    key: 'kreishaus',
    label: 'Kreishaus',
    cells: [
      { value: null, text: '–' },
      { value: null, text: '–' },
    ],
  },
];

const waitChart = (
  <BarChart
    title="Wartezeit je Standort"
    summary="Median und 90 %."
    categoryLabel="Standort"
    valueLabel="Minuten"
    series={[
      { key: 'median', label: 'Median' },
      { key: 'p90', label: '90 %' },
    ]}
    rows={waitRows}
    formatTick={number}
    emptyText="Keine Daten."
  />
);

/** The cells of the chart's own table, row by row (header row left out). */
function tableOf(name: string) {
  const table = screen.getByRole('table', { name });
  const rows = within(table).getAllByRole('row');
  return {
    headers: within(rows[0]!)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent),
    rows: rows
      .slice(1)
      .map((row) =>
        [within(row).getByRole('rowheader'), ...within(row).getAllByRole('cell')].map(
          (cell) => cell.textContent,
        ),
      ),
  };
}

describe('BarChart', () => {
  it('is a figure whose graphic is named by caption and summary, with its values as a table behind a disclosure', () => {
    renderPlanner(waitChart);
    const figure = screen.getByRole('figure', { name: 'Wartezeit je Standort' });
    const graphic = within(figure).getByRole('img');
    expect(graphic.tagName.toLowerCase()).toBe('svg');
    const names = graphic
      .getAttribute('aria-labelledby')!
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(names).toEqual(['Wartezeit je Standort', 'Median und 90 %.']);
    const disclosure = within(figure).getByText('Als Tabelle anzeigen');
    expect(disclosure.tagName.toLowerCase()).toBe('summary');
    expect(disclosure.closest('details')?.open).toBe(false);
    expect(tableOf('Wartezeit je Standort: die Werte')).toEqual({
      headers: ['Standort', 'Median', '90 %'],
      rows: [
        ['Bürgerhaus Bahnhof', '3,0 min', '7,5 min'],
        ['Kreishaus', '–', '–'],
      ],
    });
  });

  it('draws a bar per value shown, labels each with its text and series, and none for a value not shown', () => {
    const { container } = renderPlanner(waitChart);
    const graphic = container.querySelector('svg[role="img"]')!;
    const bars = graphic.querySelectorAll('rect.visx-bar');
    expect(bars).toHaveLength(2);
    // The 90 % bar is hatched (a pattern), not told apart by colour alone.
    expect(bars[0]!.getAttribute('fill')).toBe(seriesStyles[0]!.colour);
    expect(bars[1]!.getAttribute('fill')).toMatch(/^url\(#bar-chart-.+-fill-1\)$/);
    expect(
      graphic.querySelector(`pattern[id="${bars[1]!.getAttribute('fill')!.slice(5, -1)}"]`),
    ).not.toBeNull();
    const labels = [...graphic.querySelectorAll('g[data-series] text')].map((text) => text.textContent);
    expect(labels).toEqual(['3,0 min (Median)', '7,5 min (90 %)', '– (Median)', '– (90 %)']);
    // The legend names both series.
    expect(
      within(screen.getByRole('list'))
        .getAllByRole('listitem')
        .map((item) => item.textContent?.trim()),
    ).toEqual(['Median', '90 %']);
  });

  it('says so when there is nothing to draw', () => {
    renderPlanner(
      <BarChart
        title="Auslastung je Standort"
        categoryLabel="Standort"
        valueLabel="%"
        series={[{ key: 'u', label: 'Auslastung' }]}
        rows={[]}
        formatTick={number}
        emptyText="Für diese Auswahl gibt es keine Daten."
      />,
    );
    expect(screen.getByText('Für diese Auswahl gibt es keine Daten.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByText('Als Tabelle anzeigen')).toBeNull();
  });

  it('takes its own words from the message files, in English too', async () => {
    await planningI18n.changeLanguage('en');
    renderPlanner(waitChart);
    expect(screen.getByText('Show as a table').tagName.toLowerCase()).toBe('summary');
    expect(screen.getByRole('table', { name: 'Wartezeit je Standort: the values' })).toBeTruthy();
  });

  it('loads lazily behind the same props', async () => {
    renderPlanner(
      <LazyBarChart
        title="Zufriedenheit"
        categoryLabel="Bewertung"
        valueLabel="Antworten"
        series={[{ key: 'answers', label: 'Antworten' }]}
        rows={[
          { key: '1', label: '1 – sehr unzufrieden', cells: [{ value: null, text: 'weniger als 5' }] },
          { key: '5', label: '5 – sehr zufrieden', cells: [{ value: 12, text: '12' }] },
        ]}
        formatTick={number}
        integerTicks
        emptyText="Keine Daten."
      />,
    );
    await screen.findByRole('img', { name: 'Zufriedenheit' });
    expect(tableOf('Zufriedenheit: die Werte').rows).toEqual([
      ['1 – sehr unzufrieden', 'weniger als 5'],
      ['5 – sehr zufrieden', '12'],
    ]);
  });
});

describe('TimeSeriesChart', () => {
  const periods: ChartRow[] = [
    {
      key: '2027-03-01',
      label: '01.03.2027',
      tickLabel: '1. März',
      cells: [
        { value: 6, text: '6' },
        { value: 0, text: '0' },
      ],
    },
    {
      key: '2027-03-02',
      label: '02.03.2027',
      tickLabel: '2. März',
      cells: [
        { value: null, text: 'weniger als 5' },
        { value: 5, text: '5' },
      ],
    },
    {
      key: '2027-03-03',
      label: '03.03.2027',
      tickLabel: '3. März',
      cells: [
        { value: 8, text: '8' },
        { value: 7, text: '7' },
      ],
    },
  ];
  const chart = (
    <TimeSeriesChart
      title="Kontakte je Zeitabschnitt"
      categoryLabel="Zeitabschnitt"
      valueLabel="Kontakte"
      series={[
        { key: 'booked', label: 'Online gebucht' },
        { key: 'walk_in', label: 'Ohne Termin' },
      ]}
      rows={periods}
      formatTick={number}
      integerTicks
      emptyText="Keine Daten."
    />
  );

  it('gives a table of every period and series, as the page writes them', () => {
    renderPlanner(chart);
    expect(tableOf('Kontakte je Zeitabschnitt: die Werte')).toEqual({
      headers: ['Zeitabschnitt', 'Online gebucht', 'Ohne Termin'],
      rows: [
        ['01.03.2027', '6', '0'],
        ['02.03.2027', 'weniger als 5', '5'],
        ['03.03.2027', '8', '7'],
      ],
    });
  });

  it('draws a line per series with a gap where a value is not shown, a marker per value, and the short period names', () => {
    const { container } = renderPlanner(chart);
    const graphic = screen.getByRole('img', { name: 'Kontakte je Zeitabschnitt' });
    const series = [...container.querySelectorAll('g[data-series]')];
    expect(series.map((group) => group.getAttribute('data-series'))).toEqual(['booked', 'walk_in']);
    const lineOf = (group: Element) => group.querySelector('path.visx-linepath')!.getAttribute('d')!;
    // The booked line breaks at the hidden value: two pieces, each a single point ("M…Z" pieces).
    expect(lineOf(series[0]!).match(/M/g)).toHaveLength(2);
    expect(lineOf(series[1]!).match(/M/g)).toHaveLength(1);
    // Markers: 2 for booked (one hidden), 3 for walk-ins; each series its own dash.
    expect(series.map((group) => group.querySelectorAll(':scope > path:not(.visx-linepath)').length)).toEqual(
      [2, 3],
    );
    expect(series[0]!.querySelector('path.visx-linepath')!.getAttribute('stroke-dasharray')).toBeNull();
    expect(series[1]!.querySelector('path.visx-linepath')!.getAttribute('stroke-dasharray')).toBe('8 4');
    const ticks = [...graphic.querySelectorAll('.visx-axis-bottom .visx-axis-tick')].map(
      (tick) => tick.textContent,
    );
    expect(ticks).toEqual(['1. März', '2. März', '3. März']);
    // Counts: whole numbers on the value axis only.
    const valueTicks = [...graphic.querySelectorAll('.visx-axis-left .visx-axis-tick')].map(
      (tick) => tick.textContent,
    );
    expect(valueTicks.every((tick) => /^\d+$/.test(tick ?? ''))).toBe(true);
  });
});

describe('chart data', () => {
  it('gives every series a colour with at least 3:1 contrast against white (WCAG 1.4.11), and its own fill, dash and marker', () => {
    for (const style of seriesStyles)
      expect(contrastRatio(style.colour, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(new Set(seriesStyles.map((style) => style.fill)).size).toBe(seriesStyles.length);
    expect(new Set(seriesStyles.map((style) => style.dash)).size).toBe(seriesStyles.length);
    expect(new Set(seriesStyles.map((style) => style.marker)).size).toBe(seriesStyles.length);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('ends the value axis at the largest value, at least the minimum, never at 0', () => {
    expect(valueMax(waitRows)).toBe(7.5);
    expect(valueMax(waitRows, 100)).toBe(100);
    expect(valueMax([])).toBe(1);
  });

  it('prints every n-th period name so that at most the given number fit', () => {
    expect(tickStep(7, 7)).toBe(1);
    expect(tickStep(31, 7)).toBe(5);
    expect(tickStep(26, 0)).toBe(26);
  });
});
