import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch/LanguageSwitch.tsx';
import { SkipLink } from '../../components/SkipLink/SkipLink.tsx';
import { unreviewedLanguages } from '../i18n/walkInI18n.ts';
import { useStation } from '../StationContext.tsx';
import { ConflictList } from './ConflictList.tsx';

const mainId = 'main';

/** Online or offline, and how many changes still wait for the server: always visible, announced politely. */
export function ConnectivityStatus() {
  const { t } = useTranslation();
  const { online, unsent, status } = useStation();
  return (
    <p role="status" className={`connectivity ${online ? 'connectivity--online' : 'connectivity--offline'}`}>
      <span className="connectivity__state">
        {online ? t('connectivity.online') : t('connectivity.offline')}
      </span>
      {status === 'ready' && (
        <span className="connectivity__pending">
          {unsent === 0 ? t('connectivity.allSynced') : t('connectivity.pending', { count: unsent })}
        </span>
      )}
    </p>
  );
}

function SignOutControls() {
  const { t } = useTranslation();
  const { signOut, sync, countPending } = useStation();
  const [confirming, setConfirming] = useState<'one' | 'all' | undefined>();
  const [unsentCount, setUnsentCount] = useState(0);
  const [busy, setBusy] = useState(false);

  const start = async (everywhere: boolean) => {
    setBusy(true);
    try {
      // Changes still on the device are sent first; what cannot be sent is lost, so staff confirm.
      await sync();
      const unsent = await countPending();
      setUnsentCount(unsent);
      if (unsent > 0) {
        setConfirming(everywhere ? 'all' : 'one');
        return;
      }
      await signOut({ everywhere });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="station-header__account">
      {confirming ? (
        <div className="kern-alert kern-alert--warning" role="alert">
          <div className="kern-alert__body">
            <p className="kern-body">{t('signOut.pendingWarning', { count: unsentCount })}</p>
            <div className="button-row">
              <button
                type="button"
                className="kern-btn kern-btn--primary"
                onClick={() => void signOut({ everywhere: confirming === 'all' })}
              >
                <span className="kern-label">{t('signOut.anyway')}</span>
              </button>
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => setConfirming(undefined)}
              >
                <span className="kern-label">{t('signOut.cancel')}</span>
              </button>
            </div>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            disabled={busy}
            onClick={() => void start(false)}
          >
            <span className="kern-label">{t('signOut.button')}</span>
          </button>
          <button
            type="button"
            className="kern-btn kern-btn--tertiary"
            disabled={busy}
            onClick={() => void start(true)}
          >
            <span className="kern-label">{t('signOut.everywhere')}</span>
          </button>
        </div>
      )}
    </div>
  );
}

/** The frame of the staff pages: skip link, header with connectivity, account and language, conflicts. */
export function StationLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { status, user } = useStation();
  return (
    <>
      <SkipLink targetId={mainId}>{t('app.skipLink')}</SkipLink>
      <header className="station-header">
        <div className="station-container station-header__bar">
          <Link to="/station/" className="station-header__brand">
            <span className="station-header__product">{t('app.productName')}</span>
            <span className="station-header__sub">{t('app.stationName')}</span>
          </Link>
          <ConnectivityStatus />
          <LanguageSwitch />
        </div>
        {status === 'ready' && (
          <div className="station-container station-header__bar station-header__bar--account">
            <p className="kern-body">{user ? t('app.signedInAs', { name: user.name }) : null}</p>
            <SignOutControls />
          </div>
        )}
      </header>
      <main id={mainId} tabIndex={-1} className="station-container station-main">
        {status === 'ready' && <ConflictList />}
        {children}
      </main>
    </>
  );
}

/** The frame of public pages (call display, walk-in phones): no staff controls. */
export function PublicLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <header className="station-header station-header--public">
        <div className="station-container station-header__bar">
          <span className="station-header__product">{t('app.productName')}</span>
          <LanguageSwitch />
        </div>
      </header>
      <main
        id={mainId}
        tabIndex={-1}
        className={`station-main ${wide ? 'station-main--wide' : 'station-container'}`}
      >
        {unreviewedLanguages.has(i18n.language) && (
          <p className="kern-body kern-body--small translation-note">{t('walkInLanguages.unreviewedNote')}</p>
        )}
        {children}
      </main>
    </>
  );
}
