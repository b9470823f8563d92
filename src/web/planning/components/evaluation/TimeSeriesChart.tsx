import { AxisBottom, AxisLeft } from '@visx/axis';
import { scaleLinear, scalePoint } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { ChartFigure, markerPath, useChartId } from './ChartFigure.tsx';
import { seriesStyle, tickStep, valueMax, type ChartProps } from './chartData.ts';

export type TimeSeriesChartProps = ChartProps;

const HEIGHT = 300;
const MARGIN = { top: 12, right: 20, bottom: 52, left: 56 };
const TEXT = '#1a1a1a';
/** Room for one period name under the axis; the table names every period. */
const TICK_LABEL_WIDTH = 80;

interface Point {
  index: number;
  value: number | null;
}

/**
 * Lines over periods (rows in time order), one per series. Series differ by dash and marker shape as well as
 * colour; a value that is not drawn (fewer than 5, not shown) leaves a gap, and the table below names it.
 */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { title, summary, series, rows, valueLabel, formatTick, minimumMax, emptyText } = props;
  const chartId = useChartId('time-chart');
  const keys = rows.map((row) => row.key);
  const y = scaleLinear<number>({
    domain: [0, valueMax(rows, minimumMax)],
    range: [HEIGHT - MARGIN.bottom, MARGIN.top],
    nice: true,
  });
  const yTicks = y.ticks(5).filter((tick) => !props.integerTicks || Number.isInteger(tick));
  const tickLabel = new Map(rows.map((row) => [row.key, row.tickLabel ?? row.label]));
  const yOf = (point: Point) => y(point.value ?? 0);

  return (
    <ChartFigure
      chartId={chartId}
      title={title}
      summary={summary}
      data={props}
      kind="line"
      emptyText={emptyText}
    >
      {(labelledBy, width) => {
        const x = scalePoint<string>({
          domain: keys,
          range: [MARGIN.left, width - MARGIN.right],
          padding: 0.5,
        });
        const xOf = (point: Point) => x(keys[point.index]!) ?? 0;
        const step = tickStep(
          rows.length,
          Math.floor((width - MARGIN.left - MARGIN.right) / TICK_LABEL_WIDTH),
        );
        const xTicks = keys.filter((_, index) => index % step === 0);
        return (
          <svg
            className="evaluation-chart__graphic"
            viewBox={`0 0 ${width} ${HEIGHT}`}
            role="img"
            aria-labelledby={labelledBy}
            focusable="false"
          >
            <g aria-hidden="true">
              {yTicks.map((tick) => (
                <line
                  key={tick}
                  x1={MARGIN.left}
                  x2={width - MARGIN.right}
                  y1={y(tick)}
                  y2={y(tick)}
                  stroke="#d9d9d9"
                />
              ))}
            </g>
            {series.map((entry, index) => {
              const style = seriesStyle(index);
              const points: Point[] = rows.map((row, rowIndex) => ({
                index: rowIndex,
                value: row.cells[index]?.value ?? null,
              }));
              return (
                <g key={entry.key} data-series={entry.key}>
                  <LinePath<Point>
                    data={points}
                    x={xOf}
                    y={yOf}
                    defined={(point) => point.value !== null}
                    stroke={style.colour}
                    strokeWidth={2.5}
                    strokeDasharray={style.dash}
                    fill="none"
                  />
                  {points
                    .filter((point) => point.value !== null)
                    .map((point) => (
                      <path
                        key={point.index}
                        d={markerPath(style.marker, xOf(point), yOf(point), 4.5)}
                        fill={style.colour}
                        stroke="#ffffff"
                        strokeWidth={1}
                      />
                    ))}
                </g>
              );
            })}
            <AxisLeft
              left={MARGIN.left}
              scale={y}
              tickValues={yTicks}
              tickFormat={(value) => formatTick(Number(value))}
              stroke={TEXT}
              tickStroke={TEXT}
              tickLabelProps={{
                fill: TEXT,
                fontSize: 13,
                textAnchor: 'end',
                dx: -4,
                dy: 4,
                fontFamily: 'inherit',
              }}
              label={valueLabel}
              labelOffset={28}
              labelProps={{ fill: TEXT, fontSize: 13, textAnchor: 'middle', fontFamily: 'inherit' }}
            />
            <AxisBottom
              top={HEIGHT - MARGIN.bottom}
              scale={x}
              tickValues={xTicks}
              tickFormat={(key) => tickLabel.get(String(key)) ?? String(key)}
              stroke={TEXT}
              tickStroke={TEXT}
              tickLabelProps={{ fill: TEXT, fontSize: 13, textAnchor: 'middle', fontFamily: 'inherit' }}
            />
          </svg>
        );
      }}
    </ChartFigure>
  );
}
