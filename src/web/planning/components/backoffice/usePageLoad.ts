import { useCallback, useEffect, useLayoutEffect, useRef, useState, type DependencyList } from 'react';
import { useTranslation } from '../../../i18n/react.tsx';
import { problemText } from '../../../api/problemMessages.ts';

/**
 * Loads a back-office page's data: runs `work` (which fetches and stores what the page shows) when the page
 * opens, whenever `deps` change (a period, a filter) and when the page calls `reload()` after a change.
 * A failure becomes `loadError` ("Laden fehlgeschlagen: …", for PageStatus); `fail` does the same for the
 * page's other loads.
 */
export function usePageLoad(work: () => Promise<void>, deps: DependencyList = []) {
  const { t } = useTranslation();
  const [loadError, setLoadError] = useState('');
  const latest = useRef(work);
  useLayoutEffect(() => {
    latest.current = work;
  });
  const fail = useCallback(
    (error: unknown) => setLoadError(t('app.loadFailed', { detail: problemText(t, error) })),
    [t],
  );
  const reload = useCallback(async () => {
    try {
      await latest.current();
    } catch (error) {
      fail(error);
    }
  }, [fail, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { loadError, reload, fail };
}
