import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { ChartFigure, SeriesPatterns, barFill, useChartId } from './ChartFigure.tsx';
import { seriesStyle, valueMax, type ChartProps } from './chartData.ts';

export type BarChartProps = ChartProps;

const MARGIN = { top: 4, right: 150, bottom: 44, left: 8 };
const LABEL_HEIGHT = 22;
const BAR_HEIGHT = 18;
const BAR_GAP = 3;
const GROUP_GAP = 14;
const TEXT = '#1a1a1a';

/**
 * Horizontal bars, grouped by row (a site, a score): the row's name above its bars, one bar per series, each bar
 * labelled with its value as the tables show it. A value that is not drawn (fewer than 5, not shown) keeps its
 * text at the axis, so no gap goes unexplained. Series differ by fill pattern as well as colour.
 */
export function BarChart(props: BarChartProps) {
  const { title, summary, series, rows, valueLabel, formatTick, minimumMax, emptyText } = props;
  const chartId = useChartId('bar-chart');
  const groupHeight = LABEL_HEIGHT + series.length * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
  const plotHeight = rows.length * groupHeight;
  const height = MARGIN.top + plotHeight + MARGIN.bottom;
  const scaleFor = (width: number) =>
    scaleLinear<number>({
      domain: [0, valueMax(rows, minimumMax)],
      range: [MARGIN.left, width - MARGIN.right],
      nice: true,
    });

  return (
    <ChartFigure
      chartId={chartId}
      title={title}
      summary={summary}
      data={props}
      kind="bar"
      emptyText={emptyText}
    >
      {(labelledBy, width) => {
        const x = scaleFor(width);
        const ticks = x
          .ticks(Math.max(2, Math.floor(width / 110)))
          .filter((tick) => !props.integerTicks || Number.isInteger(tick));
        return (
          <svg
            className="evaluation-chart__graphic"
            viewBox={`0 0 ${width} ${height}`}
            role="img"
            aria-labelledby={labelledBy}
            focusable="false"
          >
            <SeriesPatterns chartId={chartId} count={series.length} />
            <g aria-hidden="true">
              {ticks.map((tick) => (
                <line
                  key={tick}
                  x1={x(tick)}
                  x2={x(tick)}
                  y1={MARGIN.top}
                  y2={MARGIN.top + plotHeight}
                  stroke="#d9d9d9"
                />
              ))}
            </g>
            {rows.map((row, rowIndex) => (
              <Group key={row.key} top={MARGIN.top + rowIndex * groupHeight}>
                <text x={MARGIN.left} y={LABEL_HEIGHT - 6} fill={TEXT} fontSize={14} fontWeight={600}>
                  {row.label}
                </text>
                {series.map((entry, index) => {
                  const cell = row.cells[index];
                  const y = LABEL_HEIGHT + index * (BAR_HEIGHT + BAR_GAP);
                  const end = cell?.value == null ? x(0) : x(cell.value);
                  return (
                    <g key={entry.key} data-series={entry.key}>
                      {cell?.value != null && cell.value > 0 && (
                        <Bar
                          x={x(0)}
                          y={y}
                          width={end - x(0)}
                          height={BAR_HEIGHT}
                          fill={barFill(chartId, index)}
                          stroke={seriesStyle(index).colour}
                          strokeWidth={1.5}
                        />
                      )}
                      <text
                        x={end + 4}
                        y={y + BAR_HEIGHT - 4}
                        fill={TEXT}
                        fontSize={13}
                        fontStyle={cell?.value == null ? 'italic' : undefined}
                      >
                        {series.length > 1 ? `${cell?.text ?? ''} (${entry.label})` : (cell?.text ?? '')}
                      </text>
                    </g>
                  );
                })}
              </Group>
            ))}
            <AxisBottom
              top={MARGIN.top + plotHeight}
              scale={x}
              tickValues={ticks}
              tickFormat={(value) => formatTick(Number(value))}
              stroke={TEXT}
              tickStroke={TEXT}
              tickLabelProps={{ fill: TEXT, fontSize: 13, textAnchor: 'middle', fontFamily: 'inherit' }}
              label={valueLabel}
              labelProps={{ fill: TEXT, fontSize: 13, textAnchor: 'middle', fontFamily: 'inherit' }}
            />
          </svg>
        );
      }}
    </ChartFigure>
  );
}
