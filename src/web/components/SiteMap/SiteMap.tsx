import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { District, Municipality, Site } from '../../api/types.ts';

/** What the map needs of a place: sites, and the sites of stops, which carry less. */
export type MapSite = Pick<Site, 'id' | 'name' | 'lat' | 'lon'> & {
  placeholder?: boolean;
  /** where the marker's popup leads: the site in the list, or its dates */
  href: string;
  /** the popup link's text */
  linkText: string;
};
export type MapDistrict = Pick<District, 'id' | 'name' | 'lat' | 'lon'> & {
  areaKm2?: number | null;
  outline?: District['outline'];
};

/**
 * A label or popup as DOM text: names come from imported data and are never parsed as HTML (Leaflet would
 * insert a string as markup).
 */
export function textLabel(text: string, className?: string): HTMLElement {
  const element = document.createElement('span');
  if (className) element.className = className;
  element.textContent = text;
  return element;
}

function popupLink(site: MapSite): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.append(textLabel(site.name, 'site-map__popup-name'));
  const link = document.createElement('a');
  link.className = 'kern-link site-map__popup-link';
  link.href = site.href;
  link.textContent = site.linkText;
  wrapper.append(document.createElement('br'), link);
  return wrapper;
}

/** Radius of a circle with the district's area: its extent where no outline is known. */
const equalAreaRadiusMetres = (areaKm2: number) => Math.sqrt(areaKm2 / Math.PI) * 1000;

interface SiteMapProps {
  sites: MapSite[];
  districts: MapDistrict[];
  map: Municipality['map'];
  center: Municipality['center'];
  /** accessible name of the map region */
  label: string;
  /** id of the text that explains the map and points to the list */
  describedBy?: string;
  /** Picking a place by a click on the map (the page offers a keyboard equivalent next to the map). */
  onPick?: ((point: { lat: number; lon: number }) => void) | undefined;
  /** The picked place, drawn as a marker. */
  picked?: { lat: number; lon: number } | null | undefined;
}

const siteStyle: L.CircleMarkerOptions = {
  radius: 9,
  color: '#0b3b78',
  weight: 2,
  fillColor: '#2167c4',
  fillOpacity: 0.85,
};
const placeholderStyle: L.CircleMarkerOptions = {
  radius: 9,
  color: '#4d4d4d',
  weight: 2,
  dashArray: '4 3',
  fillColor: '#ffffff',
  fillOpacity: 0.9,
};
const districtAreaStyle: L.CircleMarkerOptions = {
  color: '#5b4a00',
  weight: 1,
  dashArray: '6 4',
  fill: true,
  fillColor: '#c9a400',
  fillOpacity: 0.06,
  interactive: false,
  className: 'site-map__district-area',
};
const districtOutlineStyle: L.PolylineOptions = {
  color: '#5b4a00',
  weight: 2,
  fill: true,
  fillColor: '#c9a400',
  fillOpacity: 0.06,
  interactive: false,
  className: 'site-map__district-outline',
};
const districtStyle: L.CircleMarkerOptions = {
  radius: 4,
  color: '#5b4a00',
  weight: 1,
  fillColor: '#c9a400',
  fillOpacity: 0.9,
};

/**
 * Sites and district reference points as circle markers, district outlines where the data has them (else a
 * circle of the district's area). Tiles are drawn only when the city configured a
 * tile server: by default the map loads nothing from outside. The list on the page is the accessible
 * equivalent; the map is one focus stop (arrow keys pan, +/- zoom) plus its zoom buttons, and Tab leaves it.
 */
export function SiteMap({ sites, districts, map, center, label, describedBy, onPick, picked }: SiteMapProps) {
  const container = useRef<HTMLDivElement>(null);

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
    for (const district of districts) {
      // The district's outline where the data has one; otherwise a circle of its area shows its extent.
      if (district.outline) {
        const { type, coordinates } = district.outline;
        const latLngs = L.GeoJSON.coordsToLatLngs(coordinates, type === 'Polygon' ? 1 : 2);
        L.polygon(latLngs as L.LatLngExpression[][], districtOutlineStyle).addTo(leafletMap);
      } else if (district.areaKm2) {
        L.circle([district.lat, district.lon], {
          ...districtAreaStyle,
          radius: equalAreaRadiusMetres(district.areaKm2),
        }).addTo(leafletMap);
      }
      L.circleMarker([district.lat, district.lon], districtStyle)
        .bindTooltip(textLabel(district.name), {
          permanent: true,
          direction: 'right',
          className: 'site-map__district-label',
        })
        .addTo(leafletMap);
    }
    for (const site of sites) {
      // Labelled on the map (text, never markup); a click opens a popup with a link to the site or its dates.
      const label = L.tooltip({
        permanent: true,
        direction: 'top',
        offset: [0, -8],
        className: 'site-map__site-label',
      })
        .setContent(textLabel(site.name))
        .setLatLng([site.lat, site.lon]);
      leafletMap.openTooltip(label);
      L.circleMarker([site.lat, site.lon], site.placeholder ? placeholderStyle : siteStyle)
        .bindPopup(popupLink(site))
        .addTo(leafletMap);
    }
    const points = [...sites, ...districts].map((point) => L.latLng(point.lat, point.lon));
    if (points.length > 0) leafletMap.fitBounds(L.latLngBounds(points), { padding: [32, 32] });
    else leafletMap.setView(center ? [center.lat, center.lon] : [51.1657, 10.4515], center ? 12 : 6);
    if (picked)
      L.circleMarker([picked.lat, picked.lon], {
        ...siteStyle,
        color: '#8a1c1c',
        fillColor: '#c0392b',
      }).addTo(leafletMap);
    if (onPick)
      leafletMap.on('click', (event: L.LeafletMouseEvent) =>
        onPick({ lat: event.latlng.lat, lon: event.latlng.lng }),
      );
    return () => {
      leafletMap.remove();
    };
  }, [sites, districts, map.tileUrl, map.attribution, center, onPick, picked]);

  return (
    <div
      ref={container}
      className="site-map"
      role="region"
      aria-label={label}
      aria-describedby={describedBy}
    />
  );
}
