import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingStatus } from './components/ApiStatus/ApiStatus.tsx';
import { Layout } from './components/Layout/Layout.tsx';
import { MunicipalityProvider } from './municipality.tsx';
import { AccessibilityPage } from './pages/AccessibilityPage.tsx';
import { BookingConfirmPage } from './pages/BookingConfirmPage.tsx';
import { BookingManagePage } from './pages/BookingManagePage.tsx';
import { BookingPage } from './pages/BookingPage.tsx';
import { DevOutboxPage } from './pages/DevOutboxPage.tsx';
import { EasyLanguageAboutPage, EasyLanguageBookingPage } from './pages/EasyLanguagePage.tsx';
import { EmbedSchedulePage } from './pages/EmbedSchedulePage.tsx';
import { HelpPage } from './pages/HelpPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ImprintPage } from './pages/ImprintPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PrivacyPage } from './pages/PrivacyPage.tsx';
import { ResendLinksPage } from './pages/ResendLinksPage.tsx';
import { ServiceDetailPage } from './pages/ServiceDetailPage.tsx';
import { ServicesPage } from './pages/ServicesPage.tsx';
import { StopDetailPage } from './pages/StopDetailPage.tsx';
import { SubscriptionConfirmPage, WaitlistLeavePage } from './pages/TokenActionPage.tsx';
import { WaitlistPage } from './pages/WaitlistPage.tsx';

// The map library is large: it loads only with the pages that show a map.
const SitesPage = lazy(async () => ({ default: (await import('./pages/SitesPage.tsx')).SitesPage }));
const SchedulePage = lazy(async () => ({ default: (await import('./pages/SchedulePage.tsx')).SchedulePage }));

const withMap = (page: ReactNode) => <Suspense fallback={<LoadingStatus />}>{page}</Suspense>;

function PortalRoutes() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/dienstleistungen" element={<ServicesPage />} />
        <Route path="/dienstleistungen/:serviceId" element={<ServiceDetailPage />} />
        <Route path="/standorte" element={withMap(<SitesPage />)} />
        <Route path="/termine" element={withMap(<SchedulePage />)} />
        <Route path="/termine/:stopId" element={<StopDetailPage />} />
        <Route path="/buchen" element={<BookingPage />} />
        <Route path="/buchen/:step" element={<BookingPage />} />
        <Route path="/termin/links-senden" element={<ResendLinksPage />} />
        <Route path="/termin/:bookingId/bestaetigen" element={<BookingConfirmPage />} />
        <Route path="/termin/:bookingId" element={<BookingManagePage />} />
        <Route path="/warteliste" element={<WaitlistPage />} />
        <Route path="/warteliste/:id/verlassen" element={<WaitlistLeavePage />} />
        <Route path="/benachrichtigung/:id/bestaetigen" element={<SubscriptionConfirmPage />} />
        <Route path="/dev/postausgang" element={<DevOutboxPage />} />
        <Route path="/impressum" element={<ImprintPage />} />
        <Route path="/barrierefreiheit" element={<AccessibilityPage />} />
        <Route path="/datenschutz" element={<PrivacyPage />} />
        <Route path="/hilfe" element={<HelpPage />} />
        <Route path="/leichte-sprache" element={<EasyLanguageAboutPage />} />
        <Route path="/leichte-sprache/buchen" element={<EasyLanguageBookingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}

/** The citizen portal. Expects a router around it (BrowserRouter in main.tsx, MemoryRouter in tests). */
export function App() {
  return (
    <MunicipalityProvider>
      <Routes>
        {/* Shown inside other websites: without the portal's header and footer. */}
        <Route path="/einbettung/termine" element={<EmbedSchedulePage />} />
        <Route path="*" element={<PortalRoutes />} />
      </Routes>
    </MunicipalityProvider>
  );
}
