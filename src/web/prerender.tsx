/**
 * Built and run at build time only (vite.config.ts, `prerenderPortal`): renders portal pages in German with
 * their real components and message files into the HTML, so the first paint needs no JavaScript; main.tsx then
 * hydrates it. What depends on the server's data (the municipality, lists) is rendered as it first shows in the
 * browser: loading.
 */
import { StrictMode } from 'react';
import { prerender } from 'react-dom/static';
import { I18nProvider } from './i18n/react.tsx';
import { StaticRouter } from 'react-router';
import { App } from './App.tsx';
import { i18n } from './i18n/i18n.ts';

export async function renderPage(path: string): Promise<string> {
  await i18n.changeLanguage('de');
  // React would only log a component's error and leave that part to the browser: the build fails instead.
  const errors: unknown[] = [];
  const { prelude } = await prerender(
    <StrictMode>
      <I18nProvider i18n={i18n}>
        <StaticRouter location={path}>
          <App />
        </StaticRouter>
      </I18nProvider>
    </StrictMode>,
    { onError: (error) => void errors.push(error) },
  );
  if (errors.length > 0) throw new Error(`Prerendering ${path} failed`, { cause: errors[0] });
  return new Response(prelude).text();
}
