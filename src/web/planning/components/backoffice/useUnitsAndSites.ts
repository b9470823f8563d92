import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { planningApi, type Site, type Unit } from '../../api.ts';

/**
 * The units and sites a stop or schedule form chooses from, loaded once when the page opens. `onLoaded`
 * receives the first unit's and site's ids, for the form's defaults; a failure goes to `fail` (usePageLoad).
 */
export function useUnitsAndSites(
  fail: (error: unknown) => void,
  onLoaded: (first: { unitId: string; siteId: string }) => void,
) {
  const [units, setUnits] = useState<Unit[]>([]);
  const [sites, setSites] = useState<Site[]>([]);
  const latest = useRef(onLoaded);
  useLayoutEffect(() => {
    latest.current = onLoaded;
  });
  useEffect(() => {
    void Promise.all([planningApi.listUnits(), planningApi.listSites()])
      .then(([unitList, siteList]) => {
        setUnits(unitList.items);
        setSites(siteList.items);
        latest.current({ unitId: unitList.items[0]?.id ?? '', siteId: siteList.items[0]?.id ?? '' });
      })
      .catch(fail);
  }, [fail]);
  return { units, sites };
}
