import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bookingStatuses, capacityBookingStatuses } from '../../src/domain/bookingStatus.ts';

const migrations = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));

/** The status list in the latest definition of the exclusion constraint against overbooking. */
function constraintStatuses(): string[] {
  const files = readdirSync(migrations)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  let latest: string[] | undefined;
  for (const file of files) {
    const text = readFileSync(migrations + file, 'utf8');
    for (const match of text.matchAll(
      /CONSTRAINT\s+bookings_no_overbooking\s+EXCLUDE[\s\S]*?WHERE\s*\(\s*status\s+IN\s*\(([^)]*)\)\s*\)/gi,
    )) {
      latest = [...match[1]!.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
    }
  }
  if (!latest) throw new Error('bookings_no_overbooking not found in src/db/migrations');
  return latest;
}

describe('what occupies capacity', () => {
  it('is the same list in the domain and in the SQL constraint against overbooking', () => {
    expect([...constraintStatuses()].sort()).toEqual([...capacityBookingStatuses].sort());
  });

  it('is the same list in the availability read model (migration 042, stop_occupancy)', () => {
    const text = readFileSync(migrations + '042_stop_occupancy.sql', 'utf8');
    const lists = [...text.matchAll(/b\.status\s+IN\s*\(([^)]*)\)/gi)].map((match) =>
      [...match[1]!.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!).sort(),
    );
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) expect(list).toEqual([...capacityBookingStatuses].sort());
  });

  it('names only real booking statuses', () => {
    for (const status of constraintStatuses()) expect(bookingStatuses).toContain(status);
  });
});
