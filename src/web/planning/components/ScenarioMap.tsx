import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet';
import { useEffect, useRef } from 'react';
import { textLabel } from '../../components/SiteMap/SiteMap.tsx';
import type { MunicipalityInfo, ScenarioResultView } from '../api.ts';

interface ScenarioMapProps {
  result: ScenarioResultView;
  /** straight-line radius reachable within the threshold, from the server */
  coverageRadiusMetres: number | null;
  map: MunicipalityInfo['map'];
  /** accessible name of the map */
  label: string;
  /** id of the text that names the table with the same information */
  describedBy: string;
}

/**
 * The chosen sites, a circle for the distance reachable within the threshold, and lines to the districts
 * each site serves. Tiles only when the city configured a tile server. The demand table is its equivalent.
 */
export function ScenarioMap({ result, coverageRadiusMetres, map, label, describedBy }: ScenarioMapProps) {
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
    const siteById = new Map(result.chosenSites.map((site) => [site.id, site]));
    for (const district of result.demand) {
      const site = siteById.get(district.nearestSiteId);
      if (site) {
        L.polyline(
          [
            [district.lat, district.lon],
            [site.lat, site.lon],
          ],
          {
            color: district.covered ? '#1d6b2f' : '#a4000f',
            weight: 2,
            dashArray: district.covered ? undefined : '5 4',
          },
        ).addTo(leafletMap);
      }
      L.circleMarker([district.lat, district.lon], {
        radius: 4,
        color: '#5b4a00',
        weight: 1,
        fillColor: '#c9a400',
        fillOpacity: 0.9,
      })
        // Names are imported data: text, never markup.
        .bindTooltip(textLabel(district.name), {
          permanent: true,
          direction: 'right',
          className: 'planning-map__label',
        })
        .addTo(leafletMap);
    }
    for (const site of result.chosenSites) {
      if (coverageRadiusMetres !== null) {
        L.circle([site.lat, site.lon], {
          radius: coverageRadiusMetres,
          color: '#0b3b78',
          weight: 1,
          fillColor: '#2167c4',
          fillOpacity: 0.08,
        }).addTo(leafletMap);
      }
      L.circleMarker([site.lat, site.lon], {
        radius: 9,
        color: '#0b3b78',
        weight: 2,
        fillColor: site.placeholder ? '#ffffff' : '#2167c4',
        fillOpacity: 0.9,
      }).addTo(leafletMap);
    }
    const points = [...result.chosenSites, ...result.demand].map((point) => L.latLng(point.lat, point.lon));
    if (points.length > 0) leafletMap.fitBounds(L.latLngBounds(points), { padding: [24, 24] });
    return () => {
      leafletMap.remove();
    };
  }, [result, coverageRadiusMetres, map.tileUrl, map.attribution]);

  return (
    <div
      ref={container}
      className="planning-map"
      role="region"
      aria-label={label}
      aria-describedby={describedBy}
    />
  );
}
