import { useId, type ReactNode } from 'react';
import type { ScenarioReportMap } from '../api.ts';
import { useFormat } from '../format.ts';
import { Cell, DataTable, RowHeader } from './backoffice/index.ts';

/** The cross of demand beyond the access limit (the server's UNCOVERED_COLOUR, src/planning/reportMap.ts). */
const UNCOVERED = '#b3261e';
const INK = '#1a1a1a';

function Cross({ x, y, size }: { x: number; y: number; size: number }) {
  return (
    <path
      d={`M${x - size} ${y - size}L${x + size} ${y + size}M${x - size} ${y + size}L${x + size} ${y - size}`}
      stroke={UNCOVERED}
      strokeWidth={1.6}
    />
  );
}

/** A site's marker: its colour, a thick border when chosen in every variant, dashed when only in some. */
function SiteMarker({
  x,
  y,
  colour,
  robustness,
  label,
  r = 11,
}: {
  x: number;
  y: number;
  colour: string;
  robustness: 'robust' | 'sometimes' | null;
  label?: string;
  r?: number;
}) {
  return (
    <g>
      <circle
        cx={x}
        cy={y}
        r={r}
        fill={colour}
        stroke={robustness === null ? '#ffffff' : INK}
        strokeWidth={robustness === 'robust' ? 3 : 1.6}
        strokeDasharray={robustness === 'sometimes' ? '3 2' : undefined}
      />
      {label !== undefined && (
        <text
          x={x}
          y={y}
          textAnchor="middle"
          dominantBaseline="central"
          fill="#ffffff"
          fontSize={12}
          fontWeight={700}
        >
          {label}
        </text>
      )}
    </g>
  );
}

/** A small drawing beside a legend line. */
function Swatch({ children }: { children: ReactNode }) {
  return (
    <svg className="report-map__swatch" width="28" height="20" viewBox="0 0 28 20" aria-hidden="true">
      {children}
    </svg>
  );
}

/**
 * The council report's map (issue 13): the recommended sites with their numbers, each site's catchment (the hull
 * of the demand points that have it within reach, and those points in its colour, sized by people), the demand
 * beyond the limit as red crosses, district outlines, a scale bar and north. Drawn as SVG from positions the
 * server projected (ETRS89-LAEA), so it needs no tiles and prints as vectors; the PDF draws the same. The legend
 * explains every symbol, and the table below gives the same facts as text.
 */
export function ReportMap({ map, thresholdMinutes }: { map: ScenarioReportMap; thresholdMinutes: number }) {
  const { t, number, locale } = useFormat();
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const hintId = `${id}-hint`;
  const figure = (value: number) => {
    const tenths = Math.round(value * 10) / 10;
    return number(tenths, Number.isInteger(tenths) ? 0 : 1);
  };
  const minutes = figure(thresholdMinutes);
  const length =
    map.scale.metres >= 1000
      ? t('report.map.kilometres', { value: figure(map.scale.metres / 1000) })
      : t('report.map.metres', { value: number(map.scale.metres) });
  const colourOf = new Map(map.sites.map((site) => [site.number, site.colour]));
  const firstColour = map.sites[0]?.colour ?? INK;
  const hasRobust = map.sites.some((site) => site.robustness === 'robust');
  const hasSometimes = map.sites.some((site) => site.robustness === 'sometimes');
  const list = (names: string[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
  const scaleY = map.height - 14;

  return (
    <section aria-labelledby="report-map" className="report-map">
      <h2 className="kern-heading-medium" id="report-map">
        {t('report.map.heading')}
      </h2>
      <figure className="report-map__figure">
        <svg
          className="report-map__svg"
          viewBox={`0 0 ${map.width} ${map.height}`}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={`${descId} ${hintId}`}
        >
          <title id={titleId}>{t('report.map.label')}</title>
          <desc id={descId}>
            {t('report.map.summary', {
              count: number(map.sites.length),
              points: number(map.points.length),
              minutes,
              uncoveredPoints: number(map.uncovered.points),
              uncoveredResidents: number(map.uncovered.residents),
            })}
          </desc>
          <rect x={0} y={0} width={map.width} height={map.height} fill="#ffffff" stroke="#9aa5b1" />
          {map.outlines.map((ring, index) => (
            <polygon
              key={`outline-${index}`}
              points={ring.map(([x, y]) => `${x},${y}`).join(' ')}
              fill="none"
              stroke="#8a8a8a"
              strokeWidth={0.8}
            />
          ))}
          {map.catchments.map((catchment) => (
            <polygon
              key={`catchment-${catchment.number}`}
              points={catchment.hull.map(([x, y]) => `${x},${y}`).join(' ')}
              fill={catchment.colour}
              fillOpacity={0.15}
              stroke={catchment.colour}
              strokeWidth={1.2}
            />
          ))}
          {map.points.map((point, index) =>
            point.covered ? (
              <circle
                key={`point-${index}`}
                cx={point.x}
                cy={point.y}
                r={point.r}
                fill={colourOf.get(point.site) ?? INK}
                fillOpacity={0.85}
              />
            ) : (
              <Cross key={`point-${index}`} x={point.x} y={point.y} size={Math.max(3, point.r * 0.9)} />
            ),
          )}
          {map.sites.map((site) => (
            <SiteMarker
              key={site.siteId}
              x={site.x}
              y={site.y}
              colour={site.colour}
              robustness={site.robustness}
              label={String(site.number)}
            />
          ))}
          <g className="report-map__scale">
            <path
              d={`M12 ${scaleY - 5}V${scaleY}H${12 + map.scale.length}V${scaleY - 5}`}
              fill="none"
              stroke={INK}
              strokeWidth={2}
            />
            <text x={12} y={scaleY - 9} fontSize={12} fill={INK}>
              {length}
            </text>
          </g>
          <g>
            <path d={`M${map.width - 20} 10L${map.width - 26} 24H${map.width - 14}Z`} fill={INK} />
            <text x={map.width - 20} y={38} textAnchor="middle" fontSize={12} fontWeight={700} fill={INK}>
              {t('report.map.north')}
            </text>
          </g>
        </svg>
        <figcaption className="report-map__legend">
          <h3 className="kern-heading-small">{t('report.map.legendHeading')}</h3>
          <ul>
            <li>
              <Swatch>
                <SiteMarker x={14} y={10} r={8} colour={firstColour} robustness={null} />
              </Swatch>
              {t('report.map.legend.site')}
            </li>
            {hasRobust && (
              <li>
                <Swatch>
                  <SiteMarker x={14} y={10} r={8} colour={firstColour} robustness="robust" />
                </Swatch>
                {t('report.map.legend.robust')}
              </li>
            )}
            {hasSometimes && (
              <li>
                <Swatch>
                  <SiteMarker x={14} y={10} r={8} colour={firstColour} robustness="sometimes" />
                </Swatch>
                {t('report.map.legend.sometimes')}
              </li>
            )}
            <li>
              <Swatch>
                <rect
                  x={3}
                  y={3}
                  width={22}
                  height={14}
                  fill={firstColour}
                  fillOpacity={0.15}
                  stroke={firstColour}
                  strokeWidth={1.2}
                />
              </Swatch>
              {t('report.map.legend.catchment')}
            </li>
            <li>
              <Swatch>
                <circle cx={14} cy={10} r={5} fill={firstColour} />
              </Swatch>
              {t('report.map.legend.point')}
            </li>
            <li>
              <Swatch>
                <Cross x={14} y={10} size={5} />
              </Swatch>
              {t('report.map.legend.uncovered')}
            </li>
            {map.outlines.length > 0 && (
              <li>
                <Swatch>
                  <path d="M2 10H26" stroke="#8a8a8a" strokeWidth={1} />
                </Swatch>
                {t('report.map.legend.outline')}
              </li>
            )}
          </ul>
          <p className="report-map__note">
            {t('report.map.scale', { length })} {t('report.map.projection')}
          </p>
        </figcaption>
      </figure>
      <p id={hintId} className="report-map__note">
        {t('report.map.hint')}
      </p>
      <DataTable
        caption={t('report.map.tableCaption')}
        columns={['number', 'site', 'robustness', 'points', 'covered', 'uncovered', 'mean'].map((key) =>
          t(`report.map.columns.${key}`),
        )}
        rows={map.sites}
        rowKey={(site) => site.siteId}
      >
        {(site) => (
          <>
            <Cell>{number(site.number)}</Cell>
            <RowHeader look="header">{site.name}</RowHeader>
            <Cell>{t(`report.map.robustness.${site.robustness ?? 'none'}`)}</Cell>
            <Cell>{number(site.demandPoints)}</Cell>
            <Cell>{number(site.coveredResidents)}</Cell>
            <Cell>{number(site.uncoveredResidents)}</Cell>
            <Cell>
              {site.meanMinutes === null
                ? t('metrics.none')
                : t('report.map.minutes', { value: figure(site.meanMinutes) })}
            </Cell>
          </>
        )}
      </DataTable>
      <p className="report-map__note">{t('report.map.explained', { minutes })}</p>
      <p>
        {map.uncovered.points === 0
          ? t('report.map.uncoveredNone', { minutes })
          : t(map.uncovered.names.length > 0 ? 'report.map.uncovered' : 'report.map.uncoveredNoNames', {
              count: map.uncovered.points,
              residents: number(map.uncovered.residents),
              minutes,
              names: list(map.uncovered.names),
            })}
      </p>
    </section>
  );
}
