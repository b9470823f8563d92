import { PatternLines } from '@visx/pattern';
import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../../../i18n/react.tsx';
import { Cell, DataTable, RowHeader } from '../backoffice/index.ts';
import { seriesStyle, type ChartData, type SeriesStyle } from './chartData.ts';

/** An id usable in `url(#…)` and `aria-*` references (React's own ids carry characters CSS would need escaped). */
export function useChartId(prefix: string): string {
  return `${prefix}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

/** Chart widths in CSS pixels: the frame's width within these bounds (so text keeps its size), 640 until measured. */
const MIN_WIDTH = 300;
const MAX_WIDTH = 960;
export const DEFAULT_WIDTH = 640;

/** The width of the element behind `ref`, followed as it changes (ResizeObserver; the default without one). */
function useFrameWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.round(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export const patternId = (chartId: string, index: number) => `${chartId}-fill-${index}`;

/** The fill of a series' bars: its colour, or lines in its colour on white (`<defs>` in the chart's SVG). */
export const barFill = (chartId: string, index: number) =>
  seriesStyle(index).fill === 'solid' ? seriesStyle(index).colour : `url(#${patternId(chartId, index)})`;

const orientations: Record<
  Exclude<SeriesStyle['fill'], 'solid'>,
  ('diagonal' | 'horizontal' | 'vertical')[]
> = {
  diagonal: ['diagonal'],
  horizontal: ['horizontal'],
  cross: ['horizontal', 'vertical'],
};

/** The hatch patterns of the series that are not solid. */
export function SeriesPatterns({ chartId, count }: { chartId: string; count: number }) {
  return (
    <defs>
      {Array.from({ length: count }, (_, index) => {
        const style = seriesStyle(index);
        if (style.fill === 'solid') return null;
        return (
          <PatternLines
            key={index}
            id={patternId(chartId, index)}
            width={6}
            height={6}
            stroke={style.colour}
            strokeWidth={1.5}
            background="#ffffff"
            orientation={orientations[style.fill]}
          />
        );
      })}
    </defs>
  );
}

/** A marker of a line's points: each series its own shape, so lines differ without colour. */
export function markerPath(shape: SeriesStyle['marker'], x: number, y: number, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    case 'square':
      return `M${x - r},${y - r}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'triangle':
      return `M${x},${y - r * 1.2}L${x + r * 1.15},${y + r * 0.8}L${x - r * 1.15},${y + r * 0.8}Z`;
    case 'diamond':
      return `M${x},${y - r * 1.3}L${x + r * 1.1},${y}L${x},${y + r * 1.3}L${x - r * 1.1},${y}Z`;
  }
}

/** The legend: a sample of each series (its fill, or its line and marker) and its name. */
export function ChartLegend({
  chartId,
  data,
  kind,
}: {
  chartId: string;
  data: ChartData;
  kind: 'bar' | 'line';
}) {
  if (data.series.length < 2) return null;
  return (
    <ul className="evaluation-chart__legend">
      {data.series.map((series, index) => {
        const style = seriesStyle(index);
        return (
          <li key={series.key}>
            <svg width={kind === 'bar' ? 18 : 34} height={14} aria-hidden="true" focusable="false">
              {kind === 'bar' ? (
                <rect
                  x={1}
                  y={1}
                  width={16}
                  height={12}
                  fill={barFill(chartId, index)}
                  stroke={style.colour}
                  strokeWidth={1.5}
                />
              ) : (
                <>
                  <line
                    x1={1}
                    x2={33}
                    y1={7}
                    y2={7}
                    stroke={style.colour}
                    strokeWidth={2.5}
                    strokeDasharray={style.dash}
                  />
                  <path d={markerPath(style.marker, 17, 7, 4)} fill={style.colour} />
                </>
              )}
            </svg>{' '}
            {series.label}
          </li>
        );
      })}
    </ul>
  );
}

/** The chart's values as a table: the row's name, then a column per series with the text the page shows. */
export function ChartTable({ caption, data }: { caption: string; data: ChartData }) {
  return (
    <DataTable
      caption={caption}
      scrollLabel={caption}
      columns={[data.categoryLabel, ...data.series.map((series) => series.label)]}
      rows={data.rows}
      rowKey={(row) => row.key}
    >
      {(row) => (
        <>
          <RowHeader>{row.label}</RowHeader>
          {data.series.map((series, index) => (
            <Cell key={series.key}>{row.cells[index]?.text ?? ''}</Cell>
          ))}
        </>
      )}
    </DataTable>
  );
}

interface ChartFigureProps {
  chartId: string;
  title: string;
  summary?: string;
  data: ChartData;
  kind: 'bar' | 'line';
  emptyText: string;
  /** The SVG, named by the caption and the summary (`labelledBy`), `width` CSS pixels wide. */
  children: (labelledBy: string, width: number) => ReactNode;
}

/**
 * A chart as a figure: caption, summary, legend, the graphic (`role="img"`, named by caption and summary) and,
 * right after it, its values as a table behind "Als Tabelle anzeigen" (a disclosure reachable by keyboard).
 * In print the table stays closed: the page's own tables carry the figures.
 */
export function ChartFigure({ chartId, title, summary, data, kind, emptyText, children }: ChartFigureProps) {
  const { t } = useTranslation();
  const frame = useFrameWidth();
  const captionId = `${chartId}-caption`;
  const summaryId = `${chartId}-summary`;
  const labelledBy = summary ? `${captionId} ${summaryId}` : captionId;
  return (
    <figure className="evaluation-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="evaluation-chart__caption">
        {title}
      </figcaption>
      {summary && (
        <p id={summaryId} className="evaluation-chart__summary">
          {summary}
        </p>
      )}
      {data.rows.length === 0 ? (
        <p>{emptyText}</p>
      ) : (
        <>
          <ChartLegend chartId={chartId} data={data} kind={kind} />
          <div ref={frame.ref} className="evaluation-chart__frame">
            {children(labelledBy, frame.width)}
          </div>
          <p className="evaluation-chart__note">{t('charts.note')}</p>
          <details className="evaluation-chart__details">
            <summary className="kern-link">{t('charts.showTable')}</summary>
            <ChartTable caption={t('charts.tableCaption', { title })} data={data} />
          </details>
        </>
      )}
    </figure>
  );
}
