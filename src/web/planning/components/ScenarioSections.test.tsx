// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n/react.tsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioResultView } from '../api.ts';
import { planningI18n } from '../i18n/i18n.ts';
import { NotesList } from './ScenarioSections.tsx';

afterEach(cleanup);
beforeEach(async () => {
  await planningI18n.changeLanguage('de');
});

const result = {
  notes: [
    { code: 'share65County', params: { share: 0.19, districts: 3 } },
    { code: 'assumedOpeningHours', params: { sites: 2, start: '09:00', end: '17:00' } },
  ],
} as unknown as ScenarioResultView;

describe('NotesList', () => {
  it('says a share as a percentage in the page language, never as a raw fraction', async () => {
    render(
      <I18nProvider i18n={planningI18n}>
        <NotesList result={result} />
      </I18nProvider>,
    );
    const [share] = screen.getAllByRole('listitem');
    expect(share?.textContent).toBe(
      'Für 3 Stadtteile ist der Anteil der Menschen ab 65 nicht bekannt; angenommen ist der Kreisanteil von 19 %.',
    );
    expect(document.body.textContent).not.toMatch(/0[.,]19/);
    await act(() => planningI18n.changeLanguage('en'));
    expect(screen.getAllByRole('listitem')[0]?.textContent).toBe(
      'For 3 districts the share of people aged 65+ is unknown; the county share of 19 % is assumed.',
    );
  });
});
