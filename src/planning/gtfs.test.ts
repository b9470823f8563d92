import { describe, expect, it } from 'vitest';
import { parseGtfsTime, readGtfsZip } from './gtfs.ts';
import { fixtureGtfsFiles, zipGtfs } from './testing/gtfsFixture.ts';

function read(change: (files: Record<string, string>) => void) {
  const files = fixtureGtfsFiles();
  change(files);
  return readGtfsZip(zipGtfs(files));
}

describe('GTFS import', () => {
  it('reads the test feed: stops, trips in stop order, services and the validity', () => {
    const result = readGtfsZip(zipGtfs(fixtureGtfsFiles()));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const feed = result.feed;
    expect(feed.stops.map((stop) => stop.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(feed.trips).toHaveLength(9);
    expect(feed.validFrom).toBe('2027-02-01');
    expect(feed.validTo).toBe('2027-03-31');
    const night = feed.trips.find((trip) => trip.id === 'T4w')!;
    expect(night.departures[0]).toBe(24 * 3600 + 5 * 60);
    // The stop without times lies halfway between its neighbours.
    const holiday = feed.trips.find((trip) => trip.id === 'T1h')!;
    expect(holiday.arrivals).toEqual([8 * 3600 + 300, 8 * 3600 + 1500, 8 * 3600 + 2700]);
    expect(feed.transfers).toEqual([{ from: 2, to: 4, seconds: 120 }]);
    const hol = feed.services.find((service) => service.id === 'HOL')!;
    expect(hol.added).toEqual(['2027-03-02']);
  });

  it('accepts files inside one folder of the zip', () => {
    const files = Object.fromEntries(
      Object.entries(fixtureGtfsFiles()).map(([name, text]) => [`feed/${name}`, text]),
    );
    expect(readGtfsZip(zipGtfs(files)).ok).toBe(true);
  });

  it('reads times past midnight and refuses impossible ones', () => {
    expect(parseGtfsTime('25:10:00')).toBe(25 * 3600 + 600);
    expect(parseGtfsTime('7:05:09')).toBe(7 * 3600 + 309);
    expect(parseGtfsTime('25:61:00')).toBeNull();
    expect(parseGtfsTime('08:00')).toBeNull();
  });

  it('refuses a feed without stop_times.txt', () => {
    const result = read((files) => delete files['stop_times.txt']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ file: 'stop_times.txt', row: 0, field: '(file)', code: 'missing_file' }),
    ]);
    expect(result.issues[0]!.message).toContain('stop_times.txt fehlt');
  });

  it('refuses a feed with neither calendar file', () => {
    const result = read((files) => {
      delete files['calendar.txt'];
      delete files['calendar_dates.txt'];
    });
    expect(result.ok || result.issues.map((issue) => issue.code)).toEqual(['missing_file']);
  });

  it('names file, row and field of a bad time and of an unknown trip, and returns no feed', () => {
    const result = read((files) => {
      files['stop_times.txt'] =
        files['stop_times.txt']!.replace('T1a,08:10:00,08:10:00', 'T1a,25:61:00,08:10:00') +
        'T9,08:00:00,08:00:00,A,1\n';
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ file, row, field, code }) => `${file}:${row}:${field}:${code}`)).toEqual([
      'stop_times.txt:3:arrival_time:invalid_time',
      'stop_times.txt:23:trip_id:unknown_reference',
    ]);
  });

  it('names unknown references in trips.txt and a missing column', () => {
    const bad = read((files) => {
      files['trips.txt'] += 'R9,WD,T9\nR1,XX,T10\n';
    });
    expect(bad.ok || bad.issues.map(({ file, row, field }) => `${file}:${row}:${field}`)).toEqual([
      'trips.txt:11:route_id',
      'trips.txt:12:service_id',
    ]);
    const noColumn = read((files) => {
      files['stops.txt'] = files['stops.txt']!.replace('stop_lat', 'lat');
    });
    expect(noColumn.ok || noColumn.issues[0]).toMatchObject({ file: 'stops.txt', row: 2, field: 'stop_lat' });
  });

  it('refuses times that go back within a trip and a file that is not a zip', () => {
    const back = read((files) => {
      files['stop_times.txt'] = files['stop_times.txt']!.replace(
        'T1a,08:20:00,08:20:00,C',
        'T1a,08:05:00,08:05:00,C',
      );
    });
    expect(back.ok || back.issues[0]).toMatchObject({
      file: 'stop_times.txt',
      row: 4,
      field: 'arrival_time',
      code: 'time_goes_back',
    });
    const notZip = readGtfsZip(new TextEncoder().encode('stop_id,stop_name\n'));
    expect(notZip.ok || notZip.issues[0]!.code).toBe('not_a_zip');
  });
});
