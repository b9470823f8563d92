// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n/react.tsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioResultView } from '../api.ts';
import { planningI18n } from '../i18n/i18n.ts';
import { NotesList, RobustnessSection } from './ScenarioSections.tsx';

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

  it("writes a source's date as a calendar day, and says when the upload gave none", async () => {
    const layers = {
      notes: [
        {
          code: 'pointsLayer',
          params: { name: 'Pflegeheime', source: 'Kreis Gütersloh', date: '', licence: 'dl-de/by-2-0' },
        },
        {
          code: 'pointsLayer',
          params: { name: 'Schulen', source: 'Stadt', date: '2022-05-15', licence: 'dl-de/zero-2-0' },
        },
      ],
    } as unknown as ScenarioResultView;
    render(
      <I18nProvider i18n={planningI18n}>
        <NotesList result={layers} />
      </I18nProvider>,
    );
    const [undated, dated] = screen.getAllByRole('listitem');
    expect(undated?.textContent).toContain('(Kreis Gütersloh, Stand ohne Angabe; Lizenz: dl-de/by-2-0)');
    expect(dated?.textContent).toContain('(Stadt, Stand 15. Mai 2022; Lizenz: dl-de/zero-2-0)');
    expect(document.body.textContent).not.toMatch(/Stand ;|2022-05-15/);
  });
});

const variant = (
  id: string,
  dimension: 'layer' | 'weight',
  subject: string,
  factor: number,
  chosen: string[],
) => ({
  id,
  dimension,
  subject,
  factor,
  chosenSiteIds: chosen,
  objective: 1,
  provenOptimal: id !== 'weight:residents65plus:1.2',
  method: 'exact' as const,
  gapPct: 0,
  runtimeSeconds: 0.1,
});

const robustResult = {
  p: 2,
  robustness: {
    status: 'done',
    variantCount: 3,
    variants: [
      variant('layer:grid0:0.8', 'layer', 'grid', 0.8, ['bib', 'markt']),
      variant('layer:grid0:1.2', 'layer', 'grid', 1.2, ['bib', 'zob']),
      variant('weight:residents65plus:1.2', 'weight', 'residents65plus', 1.2, ['bib', 'markt']),
    ],
    skipped: [
      { id: 'weight:residents:0.8', dimension: 'weight', subject: 'residents', factor: 0.8, sameAs: 'base' },
    ],
    sites: [
      {
        siteId: 'bib',
        name: 'Stadtbibliothek',
        placeholder: false,
        chosenIn: 3,
        inBase: true,
        class: 'robust',
      },
      {
        siteId: 'markt',
        name: 'Berliner Platz',
        placeholder: false,
        chosenIn: 2,
        inBase: true,
        class: 'sometimes',
      },
      { siteId: 'zob', name: 'ZOB', placeholder: false, chosenIn: 1, inBase: false, class: 'sometimes' },
      { siteId: 'dorf', name: 'Dorfplatz', placeholder: false, chosenIn: 0, inBase: false, class: 'never' },
    ],
    provenOptimalCount: 2,
    timeLimitSecondsPerVariant: 3,
    runtimeSeconds: 1.2,
  },
} as unknown as ScenarioResultView;

describe('RobustnessSection', () => {
  it('names the sites chosen in every variant and in some, in plain German and in English, without ids', async () => {
    render(
      <I18nProvider i18n={planningI18n}>
        <RobustnessSection result={robustResult} headingLevel={3} headingId="r" />
      </I18nProvider>,
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Wie sicher ist die Auswahl?' })).toBeTruthy();
    const text = document.body.textContent ?? '';
    expect(text).toContain('In jeder Variante gewählt (sichere Empfehlung): Stadtbibliothek.');
    expect(text).toContain('Nur in manchen Varianten gewählt: Berliner Platz und ZOB.');
    expect(text).toContain('Ein weiterer möglicher Standort wurde in keiner Variante gewählt.');
    expect(text).toContain('2 von 3 Varianten sind nachweislich bestmöglich gelöst.');
    expect(text).toContain(
      'Ebene „Zensus-Raster“ mit 20 % weniger Nachfrage: gewählt Stadtbibliothek und Berliner Platz',
    );
    expect(text).toContain('Gewicht „Menschen ab 65“ 20 % höher');
    expect(text).toContain('Nicht eigens gerechnet');
    const table = screen.getByRole('table', { name: 'Standorte in den Varianten' });
    const cells = [...table.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent),
    );
    expect(cells).toEqual([
      ['Stadtbibliothek', 'ja', 'jeder Variante (3 von 3)', 'sicher'],
      ['Berliner Platz', 'ja', '2 von 3 Varianten', 'nur in manchen Varianten'],
      ['ZOB', 'nein', '1 von 3 Varianten', 'nur in manchen Varianten'],
    ]);
    expect(text).not.toMatch(/\b(bib|markt|zob|dorf|grid0|residents65plus|robust|sometimes)\b/);
    await act(() => planningI18n.changeLanguage('en'));
    expect(document.body.textContent).toContain(
      'Chosen in every variant (a safe recommendation): Stadtbibliothek.',
    );
  });

  it('says why there are no variants, and when they failed', () => {
    const { rerender } = render(
      <I18nProvider i18n={planningI18n}>
        <RobustnessSection
          result={
            {
              p: 2,
              robustness: {
                status: 'notApplicable',
                reason: 'setCover',
                variantCount: 0,
                variants: [],
                skipped: [],
                sites: [],
                provenOptimalCount: 0,
                timeLimitSecondsPerVariant: 0,
                runtimeSeconds: 0,
              },
            } as unknown as ScenarioResultView
          }
          headingLevel={2}
          headingId="r"
        />
      </I18nProvider>,
    );
    expect(document.body.textContent).toContain('Beim Ziel „alle erreichen“ zählt nur');
    rerender(
      <I18nProvider i18n={planningI18n}>
        <RobustnessSection
          result={
            { p: 2, robustness: { status: 'failed', reason: 'timeout' } } as unknown as ScenarioResultView
          }
          headingLevel={2}
          headingId="r"
        />
      </I18nProvider>,
    );
    expect(document.body.textContent).toContain('Die Varianten konnten nicht gerechnet werden.');
  });
});
