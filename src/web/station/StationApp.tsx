import { Suspense, useEffect, type ReactNode } from 'react';
import { I18nProvider, useTranslation } from '../i18n/react.tsx';
import { Link, Outlet, Route, Routes, useLocation } from 'react-router';
import { PageHeading } from './components/PageHeading.tsx';
import { PublicLayout, StationLayout } from './components/StationLayout.tsx';
import { DayPage } from './pages/DayPage.tsx';
import { DeviceLostPage } from './pages/DeviceLostPage.tsx';
import { DaysPage } from './pages/DaysPage.tsx';
import { DisplayPage } from './pages/DisplayPage.tsx';
import { HomeVisitsPage } from './pages/HomeVisitsPage.tsx';
import { PosterPage } from './pages/PosterPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { StaffBookingConfirmationPage, StaffBookingPage } from './pages/StaffBookingPages.tsx';
import { UnlockPage } from './pages/UnlockPage.tsx';
import { WalkInJoinPage, WalkInTicketPage } from './pages/WalkInPages.tsx';
import { StationProvider, useStation } from './StationContext.tsx';
import { walkInI18n } from './i18n/walkInI18n.ts';

/** Staff pages: sign-in or unlock first, the page once the data on the device is open. */
function Staff({ children, title }: { children: ReactNode; title: string }) {
  const { t } = useTranslation();
  const { status } = useStation();
  useEffect(() => {
    document.title = `${title} – ${t('app.productName')}`;
  }, [title, t]);
  return (
    <StationLayout>
      {status === 'loading' && <p className="kern-body">{t('common.loading')}</p>}
      {status === 'signedOut' && <SignInPage />}
      {status === 'locked' && <UnlockPage mode="unlock" />}
      {status === 'needsKey' && <UnlockPage mode="create" />}
      {status === 'ready' && children}
      {status === 'deviceLost' && <DeviceLostPage />}
    </StationLayout>
  );
}

function NotFound() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <PublicLayout>
      <PageHeading>{t('notFound.heading')}</PageHeading>
      <p className="kern-body">{t('notFound.text', { path: location.pathname })}</p>
      <p className="kern-body">
        <Link className="kern-link" to="/station/">
          {t('notFound.back')}
        </Link>
      </p>
    </PublicLayout>
  );
}

/** A public page's title from its message key, in the page's language. */
function Titled({ titleKey, children }: { titleKey: string; children: ReactNode }) {
  const { t } = useTranslation();
  const title = t(titleKey);
  useEffect(() => {
    document.title = `${title} – ${t('app.productName')}`;
  }, [title, t]);
  return children;
}

/** The citizens' pages at the stop speak the portal's five languages (walkInI18n.ts), right to left included. */
function PublicPages() {
  return (
    <I18nProvider i18n={walkInI18n()}>
      <Suspense fallback={null}>
        <Outlet />
      </Suspense>
    </I18nProvider>
  );
}

export function StationApp() {
  const { t } = useTranslation();
  return (
    <Routes>
      {/* Only staff pages ask for the session and open the device's data; public pages never do. */}
      <Route
        element={
          <StationProvider>
            <Outlet />
          </StationProvider>
        }
      >
        <Route
          path="/station"
          element={
            <Staff title={t('days.heading')}>
              <DaysPage />
            </Staff>
          }
        />
        <Route
          path="/station/hausbesuche"
          element={
            <Staff title={t('homeVisits.heading')}>
              <HomeVisitsPage />
            </Staff>
          }
        />
        <Route
          path="/station/tag/:stopId"
          element={
            <Staff title={t('day.heading')}>
              <DayPage />
            </Staff>
          }
        />
        <Route
          path="/station/tag/:stopId/termin"
          element={
            <Staff title={t('staffBooking.heading')}>
              <StaffBookingPage />
            </Staff>
          }
        />
        <Route
          path="/station/tag/:stopId/termin/:bookingId"
          element={
            <Staff title={t('staffBooking.confirmationHeading')}>
              <StaffBookingConfirmationPage />
            </Staff>
          }
        />
        <Route
          path="/station/tag/:stopId/aushang"
          element={
            <Staff title={t('poster.heading')}>
              <PosterPage />
            </Staff>
          }
        />
      </Route>
      <Route element={<PublicPages />}>
        <Route
          path="/station/anzeige/:stopId"
          element={
            <Titled titleKey="display.heading">
              <DisplayPage />
            </Titled>
          }
        />
        {['/station/warteschlange', '/warteschlange'].map((base) => [
          <Route
            key={`${base}-ticket`}
            path={`${base}/ticket/:ticketId`}
            element={
              <Titled titleKey="ticket.heading">
                <WalkInTicketPage />
              </Titled>
            }
          />,
          <Route
            key={`${base}-join`}
            path={`${base}/:stopId`}
            element={
              <Titled titleKey="join.heading">
                <WalkInJoinPage />
              </Titled>
            }
          />,
        ])}
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
