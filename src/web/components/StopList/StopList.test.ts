import { describe, expect, it } from 'vitest';
import type { Stop } from '../../api/types.ts';
import { groupStopsByDate } from './StopList.tsx';

describe('groupStopsByDate', () => {
  it('keeps the order and puts stops of one day together', () => {
    const stops = [
      { id: 'a', date: '2027-01-13' },
      { id: 'b', date: '2027-01-13' },
      { id: 'c', date: '2027-01-14' },
    ] as Stop[];
    expect(groupStopsByDate(stops).map((group) => [group.date, group.stops.map((s) => s.id)])).toEqual([
      ['2027-01-13', ['a', 'b']],
      ['2027-01-14', ['c']],
    ]);
  });
});
