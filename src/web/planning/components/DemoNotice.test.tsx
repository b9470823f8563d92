// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n/react.tsx';
import { afterEach, describe, expect, it } from 'vitest';
import { planningI18n } from '../i18n/i18n.ts';
import { DemoNotice } from './DemoNotice.tsx';

afterEach(cleanup);

const demo = { from: '2026-09-07', to: '2026-12-06', seed: 20_261_207 };

describe('the demo notice', () => {
  it('says in German that the period is simulated, with its dates and seed', async () => {
    await planningI18n.changeLanguage('de');
    render(
      <I18nProvider i18n={planningI18n}>
        <DemoNotice demo={demo} />
      </I18nProvider>,
    );
    const note = screen.getByRole('note', { name: 'Demo-Daten: simulierte Aktivität' });
    expect(note.textContent).toContain('7. September 2026');
    expect(note.textContent).toContain('6. Dezember 2026');
    expect(note.textContent).toContain('20261207');
    expect(note.textContent).toContain('simuliert');
  });

  it('says it in English too', async () => {
    await planningI18n.changeLanguage('en');
    render(
      <I18nProvider i18n={planningI18n}>
        <DemoNotice demo={demo} />
      </I18nProvider>,
    );
    const note = screen.getByRole('note', { name: 'Demo data: simulated activity' });
    expect(note.textContent).toContain('7 September 2026');
    expect(note.textContent).toContain('simulated');
    await planningI18n.changeLanguage('de');
  });
});
