/**
 * GTFS routing bench: a synthetic city feed (40 bus lines through a city of about 7 km radius, stops every
 * 400 m, both directions, every 15 minutes in the peaks, 20 minutes by day, 30 in the evening, hourly
 * late), imported from its zip, then transit travel times from 5,000 demand origins to 50 sites on a
 * weekday, leaving every 10 minutes between 08:00 and 09:00 (the median of the seven departures).
 * Used by bench/gtfsRouting.ts and by bench:planning-data.
 */
import { strToU8, zipSync } from 'fflate';
import { readGtfsZip } from '../../src/planning/gtfs.ts';
import { createRandom } from '../../src/planning/random.ts';
import { transitTravelMinutes } from '../../src/planning/transit.ts';

const CENTRE = { lat: 51.9069, lon: 8.3786 };
const METRES_PER_DEGREE_LAT = 111_195;
const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((CENTRE.lat * Math.PI) / 180);

function offset(east: number, north: number): { lat: number; lon: number } {
  return { lat: CENTRE.lat + north / METRES_PER_DEGREE_LAT, lon: CENTRE.lon + east / metresPerDegreeLon };
}

const clock = (seconds: number) =>
  `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

/** Minutes between departures at a time of day (seconds after midnight). */
function headwayMinutes(time: number): number {
  const hour = time / 3600;
  if (hour < 6 || hour >= 22) return 60;
  if ((hour >= 6.5 && hour < 9) || (hour >= 15.5 && hour < 18.5)) return 15;
  if (hour >= 19) return 30;
  return 20;
}

export interface SyntheticFeed {
  files: Record<string, string>;
  lines: number;
  stops: number;
  trips: number;
  stopTimes: number;
}

export function syntheticCityFeed(lineCount = 40, seed = 13): SyntheticFeed {
  const random = createRandom(seed);
  const stopRows: string[] = [];
  const routeRows: string[] = [];
  const tripRows: string[] = [];
  const timeRows: string[] = [];
  let stopCount = 0;
  let tripCount = 0;
  for (let line = 0; line < lineCount; line++) {
    // A line crosses the city along a random direction, off-centre by up to 2 km, 9–14 km long.
    const angle = random() * Math.PI;
    const shift = (random() - 0.5) * 4000;
    const length = 9000 + random() * 5000;
    const count = Math.round(length / 400) + 1;
    const stopIds: string[] = [];
    for (let k = 0; k < count; k++) {
      const along = -length / 2 + (k * length) / (count - 1);
      const east = along * Math.cos(angle) - shift * Math.sin(angle) + (random() - 0.5) * 60;
      const north = along * Math.sin(angle) + shift * Math.cos(angle) + (random() - 0.5) * 60;
      const { lat, lon } = offset(east, north);
      const id = `s${line}_${k}`;
      stopIds.push(id);
      stopRows.push(`${id},Halt ${line + 1}/${k + 1},${lat.toFixed(6)},${lon.toFixed(6)}`);
      stopCount++;
    }
    routeRows.push(`L${line},${line + 1},3`);
    for (const direction of [0, 1]) {
      const ids = direction === 0 ? stopIds : [...stopIds].reverse();
      let start = 5 * 3600 + Math.floor(random() * 20) * 60;
      while (start <= 24 * 3600) {
        const trip = `L${line}_${direction}_${start}`;
        tripRows.push(`L${line},WD,${trip}`);
        tripCount++;
        let time = start;
        ids.forEach((id, k) => {
          if (k > 0) time += 60 + Math.round(random() * 30); // 400 m at about 18 km/h with stops
          timeRows.push(`${trip},${clock(time)},${clock(time)},${id},${k + 1}`);
        });
        start += headwayMinutes(start) * 60;
      }
    }
  }
  return {
    files: {
      'stops.txt': `stop_id,stop_name,stop_lat,stop_lon\n${stopRows.join('\n')}\n`,
      'routes.txt': `route_id,route_short_name,route_type\n${routeRows.join('\n')}\n`,
      'calendar.txt':
        'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n' +
        'WD,1,1,1,1,1,0,0,20270101,20271231\n',
      'trips.txt': `route_id,service_id,trip_id\n${tripRows.join('\n')}\n`,
      'stop_times.txt': `trip_id,arrival_time,departure_time,stop_id,stop_sequence\n${timeRows.join('\n')}\n`,
    },
    lines: lineCount,
    stops: stopCount,
    trips: tripCount,
    stopTimes: timeRows.length,
  };
}

export async function runGtfsRoutingBench(
  options: { origins?: number; sites?: number; lines?: number } = {},
): Promise<Record<string, number>> {
  const originCount = options.origins ?? 5000;
  const siteCount = options.sites ?? 50;
  const synthetic = syntheticCityFeed(options.lines ?? 40);
  const zip = zipSync(
    Object.fromEntries(Object.entries(synthetic.files).map(([name, text]) => [name, strToU8(text)])),
  );
  const importStarted = performance.now();
  const read = readGtfsZip(zip);
  const importSeconds = (performance.now() - importStarted) / 1000;
  if (!read.ok) throw new Error(`synthetic feed refused: ${JSON.stringify(read.issues.slice(0, 3))}`);
  const random = createRandom(2027);
  const point = (radius: number) => {
    const r = radius * Math.sqrt(random());
    const a = random() * 2 * Math.PI;
    return offset(r * Math.cos(a), r * Math.sin(a));
  };
  const origins = Array.from({ length: originCount }, () => point(7000));
  const sites = Array.from({ length: siteCount }, () => point(5000));
  const windowStart = '08:00';
  const windowEnd = '09:00';
  const stepMinutes = 10;
  const started = performance.now();
  const minutes = transitTravelMinutes(read.feed, origins, sites, {
    date: '2027-03-03',
    windowStart,
    windowEnd,
    stepMinutes,
  });
  const seconds = (performance.now() - started) / 1000;
  let sum = 0;
  let max = 0;
  for (const value of minutes) {
    sum += value;
    max = Math.max(max, value);
  }
  const departures = 7;
  return {
    origins: originCount,
    sites: siteCount,
    seconds: Number(seconds.toFixed(3)),
    departuresPerOrigin: departures,
    raptorRunsPerSecond: Math.round((originCount * departures) / seconds),
    lines: synthetic.lines,
    stops: synthetic.stops,
    trips: synthetic.trips,
    stopTimes: synthetic.stopTimes,
    zipBytes: zip.byteLength,
    importSeconds: Number(importSeconds.toFixed(3)),
    meanMinutes: Number((sum / minutes.length).toFixed(1)),
    maxMinutes: Number(max.toFixed(1)),
  };
}
