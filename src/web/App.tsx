import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingStatus } from './components/ApiStatus/ApiStatus.tsx';
import { Layout } from './components/Layout/Layout.tsx';
import { loadBookingMessages, loadLaterMessages } from './i18n/i18n.ts';
import { MunicipalityProvider } from './municipality.tsx';
import { HomePage } from './pages/HomePage.tsx';

/**
 * A page in a chunk of its own, fetched when first shown: the first load carries only the start page and its
 * messages. The German messages of the other pages come along with the first of them; the booking page needs
 * only the booking flow's (`messages`).
 */
function page<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
  messages: () => Promise<void> = loadLaterMessages,
) {
  return lazy(async () => {
    const [module] = await Promise.all([load(), messages()]);
    return { default: module[name] };
  });
}

const AccessibilityPage = page(() => import('./pages/AccessibilityPage.tsx'), 'AccessibilityPage');
const BookingConfirmPage = page(() => import('./pages/BookingConfirmPage.tsx'), 'BookingConfirmPage');
const BookingManagePage = page(() => import('./pages/BookingManagePage.tsx'), 'BookingManagePage');
const BookingPage = page(() => import('./pages/BookingPage.tsx'), 'BookingPage', loadBookingMessages);
const DevOutboxPage = page(() => import('./pages/DevOutboxPage.tsx'), 'DevOutboxPage');
const EmbedSchedulePage = page(() => import('./pages/EmbedSchedulePage.tsx'), 'EmbedSchedulePage');
const EasyLanguageAboutPage = page(() => import('./pages/EasyLanguagePage.tsx'), 'EasyLanguageAboutPage');
const EasyLanguageBookingPage = page(() => import('./pages/EasyLanguagePage.tsx'), 'EasyLanguageBookingPage');
const HelpPage = page(() => import('./pages/HelpPage.tsx'), 'HelpPage');
const HomeVisitRequestPage = page(() => import('./pages/HomeVisitRequestPage.tsx'), 'HomeVisitRequestPage');
const HomeVisitVerifyPage = page(() => import('./pages/HomeVisitVerifyPage.tsx'), 'HomeVisitVerifyPage');
const PrivacyPage = page(() => import('./pages/PrivacyPage.tsx'), 'PrivacyPage');
const ResendLinksPage = page(() => import('./pages/ResendLinksPage.tsx'), 'ResendLinksPage');
const ImprintPage = page(() => import('./pages/ImprintPage.tsx'), 'ImprintPage');
const NotFoundPage = page(() => import('./pages/NotFoundPage.tsx'), 'NotFoundPage');
const ServiceDetailPage = page(() => import('./pages/ServiceDetailPage.tsx'), 'ServiceDetailPage');
const ServicesPage = page(() => import('./pages/ServicesPage.tsx'), 'ServicesPage');
const StopDetailPage = page(() => import('./pages/StopDetailPage.tsx'), 'StopDetailPage');
const SubscriptionConfirmPage = page(() => import('./pages/TokenActionPage.tsx'), 'SubscriptionConfirmPage');
const WaitlistConfirmPage = page(() => import('./pages/TokenActionPage.tsx'), 'WaitlistConfirmPage');
const WaitlistLeavePage = page(() => import('./pages/TokenActionPage.tsx'), 'WaitlistLeavePage');
const VisitFeedbackPage = page(() => import('./pages/VisitFeedbackPage.tsx'), 'VisitFeedbackPage');
const VisitFeedbackOptOutPage = page(
  () => import('./pages/VisitFeedbackPage.tsx'),
  'VisitFeedbackOptOutPage',
);
const WaitlistPage = page(() => import('./pages/WaitlistPage.tsx'), 'WaitlistPage');
// The map library is large: it loads only with the pages that show a map.
const SuggestionsPage = page(() => import('./pages/ParticipationPages.tsx'), 'SuggestionsPage');
const SuggestionNewPage = page(() => import('./pages/ParticipationPages.tsx'), 'SuggestionNewPage');
const SuggestionDetailPage = page(() => import('./pages/ParticipationPages.tsx'), 'SuggestionDetailPage');
const ProjectPage = page(() => import('./pages/ParticipationPages.tsx'), 'ProjectPage');
const SuggestionConfirmPage = page(() => import('./pages/ParticipationPages.tsx'), 'SuggestionConfirmPage');
const SupportConfirmPage = page(() => import('./pages/ParticipationPages.tsx'), 'SupportConfirmPage');
const SupportWithdrawPage = page(() => import('./pages/ParticipationPages.tsx'), 'SupportWithdrawPage');
const CommentConfirmPage = page(() => import('./pages/ParticipationPages.tsx'), 'CommentConfirmPage');
const SitesPage = page(() => import('./pages/SitesPage.tsx'), 'SitesPage');
const SchedulePage = page(() => import('./pages/SchedulePage.tsx'), 'SchedulePage');

function PortalRoutes() {
  return (
    <Layout>
      <Suspense fallback={<LoadingStatus />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/dienstleistungen" element={<ServicesPage />} />
          <Route path="/dienstleistungen/:serviceId" element={<ServiceDetailPage />} />
          <Route path="/standorte" element={<SitesPage />} />
          <Route path="/termine" element={<SchedulePage />} />
          <Route path="/termine/:stopId" element={<StopDetailPage />} />
          <Route path="/buchen" element={<BookingPage />} />
          <Route path="/buchen/:step" element={<BookingPage />} />
          <Route path="/termin/links-senden" element={<ResendLinksPage />} />
          <Route path="/termin/:bookingId/bestaetigen" element={<BookingConfirmPage />} />
          <Route path="/termin/:bookingId" element={<BookingManagePage />} />
          <Route path="/warteliste" element={<WaitlistPage />} />
          <Route path="/warteliste/:id/bestaetigen" element={<WaitlistConfirmPage />} />
          <Route path="/warteliste/:id/verlassen" element={<WaitlistLeavePage />} />
          <Route path="/benachrichtigung/:id/bestaetigen" element={<SubscriptionConfirmPage />} />
          <Route path="/rueckmeldung" element={<VisitFeedbackPage />} />
          <Route path="/rueckmeldung/abbestellen" element={<VisitFeedbackOptOutPage />} />
          <Route path="/dev/postausgang" element={<DevOutboxPage />} />
          <Route path="/impressum" element={<ImprintPage />} />
          <Route path="/barrierefreiheit" element={<AccessibilityPage />} />
          <Route path="/datenschutz" element={<PrivacyPage />} />
          <Route path="/hilfe" element={<HelpPage />} />
          <Route path="/hausbesuch" element={<HomeVisitRequestPage />} />
          <Route path="/vorschlaege" element={<SuggestionsPage />} />
          <Route path="/vorschlaege/neu" element={<SuggestionNewPage />} />
          <Route path="/vorschlaege/:id/bestaetigen" element={<SuggestionConfirmPage />} />
          <Route path="/vorschlaege/:id" element={<SuggestionDetailPage />} />
          <Route path="/unterstuetzung/:id/bestaetigen" element={<SupportConfirmPage />} />
          <Route path="/unterstuetzung/:id/zurueckziehen" element={<SupportWithdrawPage />} />
          <Route path="/kommentar/:id/bestaetigen" element={<CommentConfirmPage />} />
          <Route path="/projekt" element={<ProjectPage />} />
          <Route path="/hausbesuch/pruefen" element={<HomeVisitVerifyPage />} />
          <Route path="/leichte-sprache" element={<EasyLanguageAboutPage />} />
          <Route path="/leichte-sprache/buchen" element={<EasyLanguageBookingPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

/** The citizen portal. Expects a router around it (BrowserRouter in main.tsx, MemoryRouter in tests). */
export function App() {
  return (
    <MunicipalityProvider>
      <Routes>
        {/* Shown inside other websites: without the portal's header and footer. */}
        <Route
          path="/einbettung/termine"
          element={
            <Suspense fallback={<LoadingStatus />}>
              <EmbedSchedulePage />
            </Suspense>
          }
        />
        <Route path="*" element={<PortalRoutes />} />
      </Routes>
    </MunicipalityProvider>
  );
}
