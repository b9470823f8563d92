import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { Link, Route, Routes, useLocation } from 'react-router';
import {
  planningApi,
  setCsrfToken,
  type MunicipalityInfo,
  type StaffRole,
  type StaffSession,
} from './api.ts';
import { ApiProblem } from '../api/client.ts';
import { PageHeading } from './components/PageHeading.tsx';
import { DemoNotice } from './components/DemoNotice.tsx';
import { MunicipalityContext } from './municipalityContext.ts';
import { areaRoles, backOfficePages, may } from './staffAreas.ts';
import { BackOfficeHomePage } from './pages/BackOfficeHomePage.tsx';
import { DepartmentsPage } from './pages/DepartmentsPage.tsx';
import { PasswordChangePage } from './pages/PasswordChangePage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { DevicesPage } from './pages/DevicesPage.tsx';
import { StockPage } from './pages/StockPage.tsx';
import { UnitsPage } from './pages/UnitsPage.tsx';
import { VenuesPage } from './pages/VenuesPage.tsx';
import { EvaluationPage } from './pages/EvaluationPage.tsx';
import { TownHallCountsPage } from './pages/TownHallCountsPage.tsx';
import { DemandLayersPage } from './pages/DemandLayersPage.tsx';
import { TestPhaseReportPage } from './pages/TestPhaseReportPage.tsx';
import { TestPhasesPage } from './pages/TestPhasesPage.tsx';
import { CaseDetailPage } from './pages/CaseDetailPage.tsx';
import { CasesPage } from './pages/CasesPage.tsx';
import { TasksPage } from './pages/TasksPage.tsx';
import { EfileHandOffsPage } from './pages/EfileHandOffsPage.tsx';
import { ResearchPage } from './pages/ResearchPage.tsx';
import { ProcessesPage } from './pages/ProcessesPage.tsx';
import { WebhooksPage } from './pages/WebhooksPage.tsx';
import { RosterPage } from './pages/RosterPage.tsx';
import { StaffMembersPage } from './pages/StaffMembersPage.tsx';
import { StopsPage } from './pages/StopsPage.tsx';
import { HomeVisitsPage } from './pages/HomeVisitsPage.tsx';
import { ModerationPage } from './pages/ModerationPage.tsx';
import { SuggestionAnswersPage } from './pages/SuggestionAnswersPage.tsx';
import { SchedulesPage } from './pages/SchedulesPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { MailFailuresPage } from './pages/MailFailuresPage.tsx';
import { PasswordResetPage } from './pages/PasswordResetPage.tsx';
import { ComparePage } from './pages/ComparePage.tsx';
import { CreateScenarioPage } from './pages/CreateScenarioPage.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { ScenarioListPage } from './pages/ScenarioListPage.tsx';
import { ScenarioPage } from './pages/ScenarioPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';

function RoleGate({
  roles,
  role,
  children,
}: {
  roles: readonly StaffRole[];
  role: StaffRole;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (may(roles, role)) return <>{children}</>;
  return (
    <>
      <PageHeading title={t('shell.notAllowedHeading')}>{t('shell.notAllowedHeading')}</PageHeading>
      <p>{t('shell.notAllowed', { role: t(`roles.${role}`) })}</p>
      <Link className="kern-link" to="/verwaltung">
        {t('shell.toOverview')}
      </Link>
    </>
  );
}

/** The back-office pages (paths and roles in staffAreas.ts), each behind its role gate. */
const backOfficeElements = {
  users: () => <UsersPage />,
  departments: (role: StaffRole) => <DepartmentsPage role={role} />,
  units: () => <UnitsPage />,
  devices: () => <DevicesPage />,
  stock: (role: StaffRole) => <StockPage role={role} />,
  staffMembers: () => <StaffMembersPage />,
  roster: () => <RosterPage />,
  stops: () => <StopsPage />,
  venues: () => <VenuesPage />,
  homeVisits: () => <HomeVisitsPage />,
  moderation: () => <ModerationPage />,
  suggestionAnswers: () => <SuggestionAnswersPage />,
  schedules: () => <SchedulesPage />,
  evaluation: (role: StaffRole) => <EvaluationPage role={role} />,
  townHallCounts: () => <TownHallCountsPage />,
  demandLayers: () => <DemandLayersPage />,
  testPhases: (role: StaffRole) => <TestPhasesPage role={role} />,
  research: () => <ResearchPage />,
  processes: () => <ProcessesPage />,
  webhooks: () => <WebhooksPage />,
  cases: () => <CasesPage />,
  tasks: () => <TasksPage />,
  efileHandOffs: () => <EfileHandOffsPage />,
} satisfies Partial<Record<(typeof backOfficePages)[number]['key'], (role: StaffRole) => ReactNode>>;

export function PlanningApp() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const [session, setSession] = useState<StaffSession | null | undefined>(undefined);
  const [municipality, setMunicipality] = useState<MunicipalityInfo | null>(null);

  const accept = useCallback((value: StaffSession | null) => {
    setCsrfToken(value?.csrfToken ?? '');
    setSession(value);
  }, []);
  const reloadSession = useCallback(
    () =>
      planningApi
        .session()
        .then(accept)
        .catch(() => accept(null)),
    [accept],
  );

  useEffect(() => {
    void reloadSession();
    planningApi
      .municipality()
      .then(setMunicipality)
      .catch(() => setMunicipality({ name: '', center: null, map: { tileUrl: null, attribution: null } }));
  }, [reloadSession]);

  const signOut = async () => {
    await planningApi.signOut().catch((error: unknown) => {
      if (!(error instanceof ApiProblem)) throw error;
    });
    accept(null);
  };
  const switchLanguage = () => void i18n.changeLanguage(i18n.language === 'en' ? 'de' : 'en');
  const inBackOffice = location.pathname.startsWith('/verwaltung');
  // The page of a password reset link is for anyone holding the link, signed in or not.
  const settingNewPassword = location.pathname === '/planung/passwort-neu';
  const role = session?.user.role;
  const ready = session && !session.user.mustChangePassword;
  const planningNav = ready && role && may(areaRoles.planung, role) && !inBackOffice;
  const backOfficeNav = ready && role && inBackOffice;
  const notFound = (
    <>
      <PageHeading title={t('app.notFound')}>{t('app.notFound')}</PageHeading>
      <Link className="kern-link" to={inBackOffice ? '/verwaltung' : '/planung'}>
        {t('app.back')}
      </Link>
    </>
  );

  return (
    <MunicipalityContext.Provider value={municipality}>
      <a className="skip-link kern-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="planning-header">
        <p className="planning-header__title">
          <Link className="kern-link" to={inBackOffice ? '/verwaltung' : '/planung'}>
            {inBackOffice ? t('shell.backOfficeTitle') : t('app.title')}
          </Link>
        </p>
        {ready && role && (
          <nav aria-label={t('shell.areasLabel')}>
            <ul className="planning-nav staff-areas">
              {may(areaRoles.station, role) && (
                <li>
                  <a className="kern-link" href="/station">
                    {t('shell.station')}
                  </a>
                </li>
              )}
              {may(areaRoles.planung, role) && (
                <li>
                  <Link className="kern-link" to="/planung" aria-current={!inBackOffice ? 'page' : undefined}>
                    {t('shell.planning')}
                  </Link>
                </li>
              )}
              <li>
                <Link className="kern-link" to="/verwaltung" aria-current={inBackOffice ? 'page' : undefined}>
                  {t('shell.backOffice')}
                </Link>
              </li>
            </ul>
          </nav>
        )}
        <div className="planning-header__tools">
          {session && (
            <span>
              {t('app.signedInAs', { name: session.user.name, role: t(`roles.${session.user.role}`) })}
            </span>
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
      {planningNav && (
        <nav aria-label={t('app.navLabel')} className="planning-subnav">
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
            {role === 'admin' && (
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
      {backOfficeNav && (
        <nav aria-label={t('shell.backOfficeNavLabel')} className="planning-subnav">
          <ul className="planning-nav">
            {backOfficePages
              .filter((page) => may(page.roles, role))
              .map((page) => (
                <li key={page.key}>
                  <Link className="kern-link" to={page.path}>
                    {t(`shell.pages.${page.key}`)}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1} className="planning-main">
        {municipality?.demo && <DemoNotice demo={municipality.demo} />}
        {settingNewPassword ? (
          <PasswordResetPage />
        ) : session === undefined ? (
          <p role="status">{t('app.loading')}</p>
        ) : !session ? (
          <SignInPage onSignedIn={accept} backOffice={inBackOffice} />
        ) : session.user.mustChangePassword ? (
          <PasswordChangePage forced onChanged={() => void reloadSession()} />
        ) : (
          <Routes>
            <Route
              path="/planung"
              element={
                <RoleGate roles={areaRoles.planung} role={session.user.role}>
                  <ScenarioListPage />
                </RoleGate>
              }
            />
            <Route
              path="/planung/neu"
              element={
                <RoleGate roles={areaRoles.planung} role={session.user.role}>
                  <CreateScenarioPage />
                </RoleGate>
              }
            />
            <Route
              path="/planung/szenario/:id"
              element={
                <RoleGate roles={areaRoles.planung} role={session.user.role}>
                  <ScenarioPage />
                </RoleGate>
              }
            />
            <Route
              path="/planung/vergleich"
              element={
                <RoleGate roles={areaRoles.planung} role={session.user.role}>
                  <ComparePage />
                </RoleGate>
              }
            />
            <Route
              path="/planung/bericht/:id"
              element={
                <RoleGate roles={areaRoles.planung} role={session.user.role}>
                  <ReportPage />
                </RoleGate>
              }
            />
            <Route
              path="/planung/protokoll"
              element={
                <RoleGate roles={areaRoles.planung} role={session.user.role}>
                  <AuditLogPage />
                </RoleGate>
              }
            />
            <Route
              path="/planung/post"
              element={
                <RoleGate roles={['admin']} role={session.user.role}>
                  <MailFailuresPage />
                </RoleGate>
              }
            />
            <Route path="/verwaltung" element={<BackOfficeHomePage role={session.user.role} />} />
            <Route path="/verwaltung/profil" element={<ProfilePage onSignedOut={() => accept(null)} />} />
            {backOfficePages
              .filter((page) => page.key in backOfficeElements)
              .map((page) => (
                <Route
                  key={page.path}
                  path={page.path}
                  element={
                    <RoleGate roles={page.roles} role={session.user.role}>
                      {backOfficeElements[page.key as keyof typeof backOfficeElements](session.user.role)}
                    </RoleGate>
                  }
                />
              ))}
            <Route
              path="/verwaltung/testphasen/:id"
              element={
                <RoleGate
                  roles={backOfficePages.find((page) => page.key === 'testPhases')!.roles}
                  role={session.user.role}
                >
                  <TestPhaseReportPage />
                </RoleGate>
              }
            />
            <Route
              path="/verwaltung/vorgaenge/:id"
              element={
                <RoleGate
                  roles={backOfficePages.find((page) => page.key === 'cases')!.roles}
                  role={session.user.role}
                >
                  <CaseDetailPage role={session.user.role} />
                </RoleGate>
              }
            />
            <Route path="*" element={notFound} />
          </Routes>
        )}
      </main>
    </MunicipalityContext.Provider>
  );
}
