import { cleanup, render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { I18nProvider } from '../i18n/react.tsx';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach } from 'vitest';
import { i18n, loadLaterMessages } from '../i18n/i18n.ts';

// Vitest runs without globals here, so Testing Library cannot register its cleanup by itself.
afterEach(cleanup);
beforeEach(async () => {
  localStorage.clear();
  // Pages are rendered here without App's loader, which brings the messages other than the start page's.
  await loadLaterMessages();
  await i18n.changeLanguage('de');
});

/** Renders with the app's i18n instance and an in-memory router at `path`. */
export function renderWithProviders(element: ReactElement, { path = '/' }: { path?: string } = {}) {
  // As a wrapper, the providers stay in place when a test calls rerender().
  const Providers = ({ children }: { children: ReactNode }) => (
    <I18nProvider i18n={i18n}>
      <MemoryRouter initialEntries={[path]}>{children}</MemoryRouter>
    </I18nProvider>
  );
  return render(element, { wrapper: Providers });
}

export { i18n };
