/**
 * A small GTFS feed made for the tests (3 lines and a night bus, a transfer, a holiday exception, trips past
 * midnight), with stops about 7 km apart so that walking never beats the bus.
 *
 * Weekday service WD runs Monday to Friday in March 2027 except Tuesday 2027-03-02, a holiday, when service HOL
 * runs instead. Weekend service WE runs Saturday and Sunday from February.
 */
import { zipSync, strToU8 } from 'fflate';

export const FIXTURE_MONDAY = '2027-03-01';
export const FIXTURE_HOLIDAY = '2027-03-02';

export const fixtureStops = {
  A: { lat: 51.9, lon: 8.3 },
  B: { lat: 51.9, lon: 8.4 },
  C: { lat: 51.9, lon: 8.5 },
  D: { lat: 52.0, lon: 8.4 },
  E: { lat: 51.8, lon: 8.5 },
  F: { lat: 51.7, lon: 8.5 },
};

export function fixtureGtfsFiles(): Record<string, string> {
  const stops = Object.entries(fixtureStops)
    .map(([id, { lat, lon }]) => `${id},Haltestelle ${id},${lat},${lon}`)
    .join('\n');
  return {
    'agency.txt':
      'agency_id,agency_name,agency_url,agency_timezone\nBVG,Testbus,https://example.org,Europe/Berlin\n',
    'stops.txt': `stop_id,stop_name,stop_lat,stop_lon\n${stops}\n`,
    'routes.txt':
      'route_id,agency_id,route_short_name,route_long_name,route_type\n' +
      'R1,BVG,1,A–B–C,3\nR2,BVG,2,B–D,3\nR3,BVG,3,E–F,3\nN4,BVG,N4,Nachtbus,3\n',
    'calendar.txt':
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n' +
      'WD,1,1,1,1,1,0,0,20270301,20270331\nWE,0,0,0,0,0,1,1,20270201,20270331\n',
    'calendar_dates.txt': 'service_id,date,exception_type\nWD,20270302,2\nHOL,20270302,1\n',
    'trips.txt':
      'route_id,service_id,trip_id\n' +
      'R1,WD,T1a\nR1,WD,T1b\nR2,WD,T2a\nR2,WD,T2b\nR3,WD,T3a\nR3,WD,T3b\nR1,HOL,T1h\nN4,WD,T4\nN4,WE,T4w\n',
    'stop_times.txt':
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence\n' +
      'T1a,08:00:00,08:00:00,A,1\nT1a,08:10:00,08:10:00,B,2\nT1a,08:20:00,08:20:00,C,3\n' +
      'T1b,08:30:00,08:30:00,A,1\nT1b,08:40:00,08:40:00,B,2\nT1b,08:50:00,08:50:00,C,3\n' +
      'T2a,08:15:00,08:15:00,B,1\nT2a,08:35:00,08:35:00,D,2\n' +
      'T2b,08:45:00,08:45:00,B,1\nT2b,09:05:00,09:05:00,D,2\n' +
      'T3a,08:21:00,08:21:00,E,1\nT3a,08:40:00,08:40:00,F,2\n' +
      'T3b,08:25:00,08:25:00,E,1\nT3b,08:45:00,08:45:00,F,2\n' +
      'T1h,08:05:00,08:05:00,A,1\nT1h,,,B,2\nT1h,08:45:00,08:45:00,C,3\n' +
      'T4,23:50:00,23:50:00,A,1\nT4,24:20:00,24:20:00,D,2\n' +
      'T4w,24:05:00,24:05:00,A,1\nT4w,24:30:00,24:30:00,D,2\n',
    'transfers.txt': 'from_stop_id,to_stop_id,transfer_type,min_transfer_time\nC,E,2,120\n',
  };
}

export function zipGtfs(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}
