import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingStatus } from './components/ApiStatus/ApiStatus.tsx';
import { Layout } from './components/Layout/Layout.tsx';
import { MunicipalityProvider } from './municipality.tsx';
import { AccessibilityPage } from './pages/AccessibilityPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ImprintPage } from './pages/ImprintPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ServiceDetailPage } from './pages/ServiceDetailPage.tsx';
import { ServicesPage } from './pages/ServicesPage.tsx';

// The map library is large: it loads only with the page that shows the map.
const SitesPage = lazy(async () => ({ default: (await import('./pages/SitesPage.tsx')).SitesPage }));

/** The citizen portal. Expects a router around it (BrowserRouter in main.tsx, MemoryRouter in tests). */
export function App() {
  return (
    <MunicipalityProvider>
      <Layout>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/dienstleistungen" element={<ServicesPage />} />
          <Route path="/dienstleistungen/:serviceId" element={<ServiceDetailPage />} />
          <Route
            path="/standorte"
            element={
              <Suspense fallback={<LoadingStatus />}>
                <SitesPage />
              </Suspense>
            }
          />
          <Route path="/impressum" element={<ImprintPage />} />
          <Route path="/barrierefreiheit" element={<AccessibilityPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Layout>
    </MunicipalityProvider>
  );
}
