import '../styles/fonts.css';
import '@kern-ux/native/dist/kern.min.css';
import './station.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/react.tsx';
import { BrowserRouter } from 'react-router';
import { registerServiceWorker } from './offline/deviceWipe.ts';
import { StationApp } from './StationApp.tsx';
import { stationI18n } from './i18n/i18n.ts';

const root = document.getElementById('root');
if (!root) throw new Error('station.html has no #root element');

// The service worker's scope is /station/: the app always runs below it.
if (window.location.pathname === '/station') {
  window.history.replaceState(null, '', `/station/${window.location.search}${window.location.hash}`);
}
registerServiceWorker();

createRoot(root).render(
  <StrictMode>
    <I18nProvider i18n={stationI18n}>
      <BrowserRouter>
        <StationApp />
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
