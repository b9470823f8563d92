import { describe, expect, it } from 'vitest';
import { bookableServices } from './bookableServices.ts';
import type { Service, Stop } from './types.ts';

const service = (id: string, presence: Service['presence'], typicalMinutes: number | null) =>
  ({ id, nameDe: id, nameEn: id, presence, typicalMinutes }) as Service;
const catalogue = [
  service('personalausweis', 'required', 15),
  service('beglaubigung', 'depends', 5),
  service('hundesteuer', 'not_required', 5),
];

describe('bookableServices', () => {
  it('offers what some upcoming stop offers', () => {
    const stops = [{ services: [{ id: 'beglaubigung' }] }] as Stop[];
    expect(bookableServices(catalogue, stops).map((s) => s.id)).toEqual(['beglaubigung']);
  });

  it('falls back to the services that need a visit when no stop is planned', () => {
    expect(bookableServices(catalogue, []).map((s) => s.id)).toEqual(['personalausweis', 'beglaubigung']);
  });
});
