import { lazy, Suspense } from 'react';
import { useTranslation } from '../../../i18n/react.tsx';
import type { BarChartProps } from './BarChart.tsx';
import type { CatchmentMapProps } from './CatchmentMap.tsx';
import type { TimeSeriesChartProps } from './TimeSeriesChart.tsx';

export type { ChartCell, ChartRow, ChartSeries } from './chartData.ts';
export type { BarChartProps } from './BarChart.tsx';
export type { TimeSeriesChartProps } from './TimeSeriesChart.tsx';
export type { AreaOutline, CatchmentArea, CatchmentMapProps } from './CatchmentMap.tsx';

/*
 * The evaluation's charts and map, loaded when first shown: the chart library (visx) and the map (Leaflet) stay
 * out of the planner's first load (checked in e2e/bundles.test.ts). Pages import these, never the files behind.
 */
const LoadedBarChart = lazy(async () => ({ default: (await import('./BarChart.tsx')).BarChart }));
const LoadedTimeSeriesChart = lazy(async () => ({
  default: (await import('./TimeSeriesChart.tsx')).TimeSeriesChart,
}));
const LoadedCatchmentMap = lazy(async () => ({ default: (await import('./CatchmentMap.tsx')).CatchmentMap }));

/** While the chart code loads: its caption already, so the page does not jump and says what comes. */
function Loading({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <figure className="evaluation-chart evaluation-chart--loading">
      <figcaption className="evaluation-chart__caption">{title}</figcaption>
      <p>{t('app.loading')}</p>
    </figure>
  );
}

/** Horizontal bars per row and series, with the values as a table (see BarChart.tsx). */
export function BarChart(props: BarChartProps) {
  return (
    <Suspense fallback={<Loading title={props.title} />}>
      <LoadedBarChart {...props} />
    </Suspense>
  );
}

/** Lines over periods, with the values as a table (see TimeSeriesChart.tsx). */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  return (
    <Suspense fallback={<Loading title={props.title} />}>
      <LoadedTimeSeriesChart {...props} />
    </Suspense>
  );
}

/** Districts coloured by a value per resident, with a legend (see CatchmentMap.tsx). */
export function CatchmentMap(props: CatchmentMapProps) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p>{t('app.loading')}</p>}>
      <LoadedCatchmentMap {...props} />
    </Suspense>
  );
}
