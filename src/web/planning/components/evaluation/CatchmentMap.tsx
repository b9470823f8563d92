import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import { PatternLines } from '@visx/pattern';
import { useEffect, useRef } from 'react';
import { useTranslation } from '../../../i18n/react.tsx';
import { textLabel } from '../../../components/SiteMap/SiteMap.tsx';
import { useChartId } from './ChartFigure.tsx';
import {
  classOf,
  equalAreaRadiusMetres,
  noValueColour,
  outlineColour,
  valueClasses,
  zeroColour,
  type ValueClass,
} from './catchmentClasses.ts';

/** A district's outline (GeoJSON coordinates, longitude first), where the data knows one. */
export type AreaOutline =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** One district on the map: where it is, how large, its value and the texts of its label and popup. */
export interface CatchmentArea {
  id: string;
  name: string;
  /** Reference point: the label sits here. */
  lat: number;
  lon: number;
  /** Without an outline, a circle of this area shows the district's extent; without either, only the label. */
  areaKm2: number | null;
  outline?: AreaOutline | null;
  /** The value coloured (contacts per 1,000 residents); null: none to show. */
  value: number | null;
  /** The value as the table shows it ("2,14", "weniger als 5", "–"). */
  valueText: string;
  /** Lines of the popup ("Kontakte: 12", …). */
  details: readonly string[];
}

export interface CatchmentMapProps {
  areas: readonly CatchmentArea[];
  map: { tileUrl: string | null; attribution: string | null };
  center: { lat: number; lon: number } | null;
  /** The accessible name of the map. */
  label: string;
  /** The legend's heading: what the colours mean ("Kontakte je 1.000 Einwohnerinnen und Einwohner"). */
  legendTitle: string;
  /** A class bound as text. */
  formatValue: (value: number) => string;
  /** The id of the text naming the table with the same figures. */
  describedBy?: string;
}

const METRES_PER_DEGREE = 111_320;

/** The south-west and north-east corners of an area: its outline, its circle or its point. */
function boundsOf(area: CatchmentArea): L.LatLngBounds {
  if (area.outline) {
    const points = (area.outline.type === 'Polygon' ? [area.outline.coordinates] : area.outline.coordinates)
      .flat(2)
      .map(([lon, lat]) => L.latLng(lat!, lon!));
    return L.latLngBounds(points);
  }
  const radius = area.areaKm2 ? equalAreaRadiusMetres(area.areaKm2) : 0;
  const dLat = radius / METRES_PER_DEGREE;
  const dLon = radius / (METRES_PER_DEGREE * Math.cos((area.lat * Math.PI) / 180));
  return L.latLngBounds([area.lat - dLat, area.lon - dLon], [area.lat + dLat, area.lon + dLon]);
}

const outlineLatLngs = (outline: AreaOutline): L.LatLngExpression[][] | L.LatLngExpression[][][] =>
  outline.type === 'Polygon'
    ? outline.coordinates.map((ring) => ring.map(([lon, lat]) => [lat!, lon!] as L.LatLngTuple))
    : outline.coordinates.map((polygon) =>
        polygon.map((ring) => ring.map(([lon, lat]) => [lat!, lon!] as L.LatLngTuple)),
      );

function labelElement(area: CatchmentArea, stackIndex: number): HTMLElement {
  const label = textLabel('', 'catchment-map__label');
  label.append(
    textLabel(area.name, 'catchment-map__name'),
    ' ',
    textLabel(area.valueText, 'catchment-map__value'),
  );
  // Districts sharing a reference point (a town and its centre quarter): their labels stack.
  if (stackIndex > 0) label.style.marginTop = `${stackIndex * 1.6}em`;
  return label;
}

function popupElement(area: CatchmentArea): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.append(textLabel(area.name, 'catchment-map__popup-name'));
  for (const line of area.details) wrapper.append(document.createElement('br'), textLabel(line));
  return wrapper;
}

/**
 * Contacts per 1,000 residents by district as a choropleth: each district's outline where known, else a circle of
 * its area (as the citizen map), filled by class and labelled with its name and value, so colour is never the only
 * cue. Each label is a keyboard stop (Tab) whose popup (Enter) gives the district's figures. Tiles only when the
 * city configured a tile server (`MAP_TILE_URL`). The catchment table beside it is the list equivalent.
 */
export function CatchmentMap({
  areas,
  map,
  center,
  label,
  legendTitle,
  formatValue,
  describedBy,
}: CatchmentMapProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapId = useChartId('catchment-map');
  const hatchId = `${mapId}-none`;
  const classes = valueClasses(areas.map((area) => area.value));
  const hasZero = areas.some((area) => area.value !== null && area.value <= 0);
  const hasNone = areas.some((area) => area.value === null);
  const closeLabel = t('charts.map.closePopup');

  useEffect(() => {
    if (!container.current) return;
    const leafletMap = L.map(container.current, {
      scrollWheelZoom: false,
      zoomSnap: 0.5,
      attributionControl: Boolean(map.tileUrl),
    });
    if (map.tileUrl) {
      L.tileLayer(map.tileUrl, { attribution: map.attribution ?? '', maxZoom: 19 }).addTo(leafletMap);
    }
    const fillOf = (area: CatchmentArea) => {
      const found = classOf(area.value, classes);
      if (found.kind === 'value') return found.colour;
      return found.kind === 'zero' ? zeroColour : `url(#${hatchId})`;
    };
    // Largest first, so a quarter lies on top of the district that contains it.
    const bySize = [...areas].sort((a, b) => (b.areaKm2 ?? 0) - (a.areaKm2 ?? 0));
    for (const area of bySize) {
      const style: L.PathOptions = {
        color: outlineColour,
        weight: 1.5,
        dashArray: area.value === null ? '5 4' : undefined,
        fillColor: fillOf(area),
        fillOpacity: map.tileUrl ? 0.75 : 0.9,
        interactive: false,
      };
      if (area.outline) L.polygon(outlineLatLngs(area.outline), style).addTo(leafletMap);
      else if (area.areaKm2)
        L.circle([area.lat, area.lon], { ...style, radius: equalAreaRadiusMetres(area.areaKm2) }).addTo(
          leafletMap,
        );
    }
    const seen = new Map<string, number>();
    for (const area of areas) {
      const point = `${area.lat.toFixed(4)},${area.lon.toFixed(4)}`;
      const stackIndex = seen.get(point) ?? 0;
      seen.set(point, stackIndex + 1);
      L.marker([area.lat, area.lon], {
        icon: L.divIcon({
          html: labelElement(area, stackIndex),
          className: 'catchment-map__marker',
          // No fixed size: the label's own; CSS centres it on the point.
          iconSize: undefined,
        }),
        keyboard: true,
        riseOnHover: true,
      })
        .bindPopup(popupElement(area))
        .addTo(leafletMap);
    }
    // Leaflet names the popup's close button in English: the page's language instead.
    leafletMap.on('popupopen', (event) => {
      event.popup
        .getElement()
        ?.querySelector('.leaflet-popup-close-button')
        ?.setAttribute('aria-label', closeLabel);
    });
    const element = container.current;
    const fit = () => {
      leafletMap.invalidateSize(false);
      if (areas.length > 0) {
        const bounds = areas.map(boundsOf).reduce((all, next) => all.extend(next));
        // A map without a size yet (hidden, or not laid out) cannot be fitted: its centre then.
        const size = leafletMap.getSize();
        if (size.x > 32 && size.y > 32) leafletMap.fitBounds(bounds, { padding: [16, 16], animate: false });
        else leafletMap.setView(bounds.getCenter(), 12, { animate: false });
      } else leafletMap.setView(center ? [center.lat, center.lon] : [51.1657, 10.4515], center ? 12 : 6);
    };
    fit();
    // Printed, the map gets the paper's size and is fitted to it before the page is laid out, then back.
    const beforePrint = () => {
      element.classList.add('catchment-map__map--print');
      fit();
    };
    const afterPrint = () => {
      element.classList.remove('catchment-map__map--print');
      fit();
    };
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
    return () => {
      window.removeEventListener('beforeprint', beforePrint);
      window.removeEventListener('afterprint', afterPrint);
      leafletMap.remove();
    };
    // `classes` follows from `areas`.
  }, [areas, map.tileUrl, map.attribution, center, hatchId, closeLabel]);

  return (
    <div className="catchment-map">
      <svg className="catchment-map__defs" width="0" height="0" aria-hidden="true" focusable="false">
        <defs>
          <PatternLines
            id={hatchId}
            width={8}
            height={8}
            stroke={noValueColour}
            strokeWidth={1.5}
            background="#ffffff"
            orientation={['diagonal']}
          />
        </defs>
      </svg>
      <div
        ref={container}
        className="catchment-map__map"
        role="region"
        aria-label={label}
        aria-describedby={describedBy}
      />
      <CatchmentLegend
        title={legendTitle}
        classes={classes}
        hasZero={hasZero}
        hasNone={hasNone}
        hatchId={hatchId}
        formatValue={formatValue}
      />
    </div>
  );
}

/** The legend of the map's classes, as a list (read by screen readers as well). */
export function CatchmentLegend({
  title,
  classes,
  hasZero,
  hasNone,
  hatchId,
  formatValue,
}: {
  title: string;
  classes: readonly ValueClass[];
  hasZero: boolean;
  hasNone: boolean;
  hatchId: string;
  formatValue: (value: number) => string;
}) {
  const { t } = useTranslation();
  const swatch = (fill: string, dashed = false) => (
    <svg width={18} height={14} aria-hidden="true" focusable="false">
      <rect
        x={1}
        y={1}
        width={16}
        height={12}
        fill={fill}
        stroke={outlineColour}
        strokeWidth={1.5}
        strokeDasharray={dashed ? '3 2' : undefined}
      />
    </svg>
  );
  return (
    <div className="catchment-map__legend">
      <p className="catchment-map__legend-title">{title}</p>
      <ul>
        {hasZero && (
          <li>
            {swatch(zeroColour)} {t('charts.map.zero')}
          </li>
        )}
        {classes.map((entry, index) => (
          <li key={entry.to}>
            {swatch(entry.colour)}{' '}
            {index === 0
              ? t('charts.map.classFirst', { to: formatValue(entry.to) })
              : t('charts.map.classRange', { from: formatValue(entry.from), to: formatValue(entry.to) })}
          </li>
        ))}
        {hasNone && (
          <li>
            {swatch(`url(#${hatchId})`, true)} {t('charts.map.none')}
          </li>
        )}
      </ul>
    </div>
  );
}
