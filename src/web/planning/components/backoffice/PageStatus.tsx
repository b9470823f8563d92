import { useTranslation } from '../../../i18n/react.tsx';

export interface PageStatusProps {
  /**
   * The outcome of the last action, announced politely (role="status"); empty says nothing. Leave it out
   * only where the page has put its live region elsewhere (a second PageStatus above).
   */
  status?: string | undefined;
  /** Why the page's data could not be loaded; shown as an error. */
  loadError?: string | undefined;
  /** True while the page's data is being loaded for the first time ("Wird geladen …", unless loadError). */
  loading?: boolean | undefined;
}

/**
 * The status lines under a back-office page's heading: a live region for the outcome of actions (always in
 * the DOM, so screen readers hear each change), the load error, and the loading note.
 */
export function PageStatus({ status, loadError, loading = false }: PageStatusProps) {
  const { t } = useTranslation();
  return (
    <>
      {status !== undefined && (
        <p role="status" className="backoffice-status">
          {status}
        </p>
      )}
      {loadError && <p className="planning-error">{loadError}</p>}
      {loading && !loadError && <p>{t('app.loading')}</p>}
    </>
  );
}
