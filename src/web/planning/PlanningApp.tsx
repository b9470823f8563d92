import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router';
import {
  planningApi,
  PlanningApiError,
  setCsrfToken,
  type MunicipalityInfo,
  type StaffSession,
} from './api.ts';
import { PageHeading } from './components/PageHeading.tsx';
import { MunicipalityContext } from './municipalityContext.ts';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { MailFailuresPage } from './pages/MailFailuresPage.tsx';
import { ComparePage } from './pages/ComparePage.tsx';
import { CreateScenarioPage } from './pages/CreateScenarioPage.tsx';
import { PasswordResetPage } from './pages/PasswordResetPage.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { ScenarioListPage } from './pages/ScenarioListPage.tsx';
import { ScenarioPage } from './pages/ScenarioPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';

export function PlanningApp() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<StaffSession | null | undefined>(undefined);
  const [municipality, setMunicipality] = useState<MunicipalityInfo | null>(null);
  // The page of a password reset link is for anyone holding the link, signed in or not.
  const settingNewPassword = useLocation().pathname === '/planung/passwort-neu';

  const accept = useCallback((value: StaffSession | null) => {
    setCsrfToken(value?.csrfToken ?? '');
    setSession(value);
  }, []);

  useEffect(() => {
    planningApi
      .session()
      .then(accept)
      .catch(() => accept(null));
    planningApi
      .municipality()
      .then(setMunicipality)
      .catch(() => setMunicipality({ name: '', center: null, map: { tileUrl: null, attribution: null } }));
  }, [accept]);

  const signOut = async () => {
    await planningApi.signOut().catch((error: unknown) => {
      if (!(error instanceof PlanningApiError)) throw error;
    });
    accept(null);
  };
  const switchLanguage = () => void i18n.changeLanguage(i18n.language === 'en' ? 'de' : 'en');
  const allowed = session && (session.user.role === 'planner' || session.user.role === 'admin');

  return (
    <MunicipalityContext.Provider value={municipality}>
      <a className="skip-link kern-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="planning-header">
        <p className="planning-header__title">
          <Link className="kern-link" to="/planung">
            {t('app.title')}
          </Link>
        </p>
        {allowed && (
          <nav aria-label={t('app.navLabel')}>
            <ul className="planning-nav">
              <li>
                <Link className="kern-link" to="/planung">
                  {t('app.navScenarios')}
                </Link>
              </li>
              <li>
                <Link className="kern-link" to="/planung/neu">
                  {t('app.navNew')}
                </Link>
              </li>
              {session.user.role === 'admin' && (
                <>
                  <li>
                    <Link className="kern-link" to="/planung/protokoll">
                      {t('app.navAudit')}
                    </Link>
                  </li>
                  <li>
                    <Link className="kern-link" to="/planung/post">
                      {t('app.navMail')}
                    </Link>
                  </li>
                </>
              )}
            </ul>
          </nav>
        )}
        <div className="planning-header__tools">
          {session && (
            <span>{t('app.signedInAs', { name: session.user.name, role: session.user.role })}</span>
          )}
          <button
            type="button"
            className="kern-btn kern-btn--tertiary"
            onClick={switchLanguage}
            lang={i18n.language === 'en' ? 'de' : 'en'}
            aria-label={t('app.languageLabel')}
          >
            <span className="kern-label">{t('app.language')}</span>
          </button>
          {session && (
            <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void signOut()}>
              <span className="kern-label">{t('app.signOut')}</span>
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="planning-main">
        {settingNewPassword ? (
          <PasswordResetPage />
        ) : session === undefined ? (
          <p role="status">{t('app.loading')}</p>
        ) : !session ? (
          <SignInPage onSignedIn={accept} />
        ) : !allowed ? (
          <>
            <PageHeading title={t('signIn.heading')}>{t('signIn.heading')}</PageHeading>
            <p>{t('signIn.wrongRole', { role: session.user.role })}</p>
          </>
        ) : (
          <Routes>
            <Route path="/planung" element={<ScenarioListPage />} />
            <Route path="/planung/neu" element={<CreateScenarioPage />} />
            <Route path="/planung/szenario/:id" element={<ScenarioPage />} />
            <Route path="/planung/vergleich" element={<ComparePage />} />
            <Route path="/planung/bericht/:id" element={<ReportPage />} />
            <Route path="/planung/protokoll" element={<AuditLogPage />} />
            <Route path="/planung/post" element={<MailFailuresPage />} />
            <Route
              path="*"
              element={
                <>
                  <PageHeading title={t('app.notFound')}>{t('app.notFound')}</PageHeading>
                  <Link className="kern-link" to="/planung">
                    {t('app.back')}
                  </Link>
                </>
              }
            />
          </Routes>
        )}
      </main>
    </MunicipalityContext.Provider>
  );
}
