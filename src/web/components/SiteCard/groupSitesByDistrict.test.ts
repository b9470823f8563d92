import { describe, expect, it } from 'vitest';
import type { District, Site } from '../../api/types.ts';
import { groupSitesByDistrict } from './groupSitesByDistrict.ts';

const district = (id: string, name: string) => ({ id, name }) as District;
const site = (id: string, districtId: string | null, placeholder = false) =>
  ({ id, name: id, districtId, placeholder }) as Site;

describe('groupSitesByDistrict', () => {
  it('orders districts the German way and puts sites without a district last', () => {
    const groups = groupSitesByDistrict(
      [site('a', 'spexard'), site('b', null), site('c', 'avenwedde'), site('d', 'oelde')],
      [district('spexard', 'Spexard'), district('avenwedde', 'Avenwedde'), district('oelde', 'Ölbach')],
    );
    expect(groups.map((group) => group.district?.name ?? null)).toEqual([
      'Avenwedde',
      'Ölbach',
      'Spexard',
      null,
    ]);
  });

  it('lists known venues before placeholders', () => {
    const [group] = groupSitesByDistrict(
      [site('aaa-placeholder', 'x', true), site('zzz-venue', 'x')],
      [district('x', 'X')],
    );
    expect(group?.sites.map((entry) => entry.id)).toEqual(['zzz-venue', 'aaa-placeholder']);
  });
});
