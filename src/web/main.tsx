import './styles/fonts.css';
import '@kern-ux/native/dist/kern.min.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/react.tsx';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { i18n } from './i18n/i18n.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const app = (
  <StrictMode>
    <I18nProvider i18n={i18n}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>
);

// The start page and /buchen come prerendered in German (vite.config.ts), for their address without a query (a
// query can change links, e.g. /buchen's "Zurück"): taken over as they are when they match the address and
// language; otherwise rendered afresh (React replaces what the container holds).
const address = window.location.pathname + window.location.search;
if (root.dataset.prerendered === address && i18n.language === 'de') hydrateRoot(root, app);
else createRoot(root).render(app);
