import type { District, Site } from '../../api/types.ts';

export interface DistrictGroup {
  /** null for sites that belong to no known district */
  district: District | null;
  sites: Site[];
}

/**
 * Sites by district, districts in German alphabetical order (PGlite has no ICU collations, so the
 * order is made here). Within a district, known venues come before placeholders.
 */
export function groupSitesByDistrict(sites: Site[], districts: District[]): DistrictGroup[] {
  const collator = new Intl.Collator('de');
  const districtsById = new Map(districts.map((district) => [district.id, district]));
  const groups = new Map<string | null, DistrictGroup>();
  for (const site of sites) {
    const district = (site.districtId && districtsById.get(site.districtId)) || null;
    const key = district?.id ?? null;
    const group = groups.get(key) ?? { district, sites: [] };
    group.sites.push(site);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    group.sites.sort(
      (a, b) => Number(a.placeholder) - Number(b.placeholder) || collator.compare(a.name, b.name),
    );
  }
  return [...groups.values()].sort((a, b) => {
    if (!a.district) return 1;
    if (!b.district) return -1;
    return collator.compare(a.district.name, b.district.name);
  });
}
