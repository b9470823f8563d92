import '../styles/fonts.css';
import '@kern-ux/native/dist/kern.min.css';
import './planning.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/react.tsx';
import { BrowserRouter } from 'react-router';
import { PlanningApp } from './PlanningApp.tsx';
import { planningI18n } from './i18n/i18n.ts';

const root = document.getElementById('root');
if (!root) throw new Error('planning.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nProvider i18n={planningI18n}>
      <BrowserRouter>
        <PlanningApp />
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
