/** `/api/v1/stops` with the district and site filters that are set. */
export function stopsPath(filters: { districtId: string; siteId: string }): string {
  const params = new URLSearchParams();
  if (filters.districtId) params.set('districtId', filters.districtId);
  if (filters.siteId) params.set('siteId', filters.siteId);
  const query = params.toString();
  return `/api/v1/stops${query ? `?${query}` : ''}`;
}
