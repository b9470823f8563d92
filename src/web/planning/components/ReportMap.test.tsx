// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/react.tsx';
import type { ScenarioReportMap } from '../api.ts';
import { planningI18n } from '../i18n/i18n.ts';
import { ReportMap } from './ReportMap.tsx';

afterEach(cleanup);
beforeEach(async () => {
  await planningI18n.changeLanguage('de');
});

const map: ScenarioReportMap = {
  width: 800,
  height: 600,
  sites: [
    {
      siteId: 'stadtbibliothek',
      name: 'Stadtbibliothek',
      number: 1,
      x: 300,
      y: 300,
      colour: '#0072b2',
      robustness: 'robust',
      demandPoints: 3,
      coveredResidents: 12_500,
      uncoveredResidents: 60,
      meanMinutes: 9.25,
    },
    {
      siteId: 'avenwedde',
      name: 'Bürgerhaus Avenwedde',
      number: 2,
      x: 600,
      y: 200,
      colour: '#e69f00',
      robustness: 'sometimes',
      demandPoints: 1,
      coveredResidents: 0,
      uncoveredResidents: 0,
      meanMinutes: null,
    },
  ],
  catchments: [
    {
      number: 1,
      colour: '#0072b2',
      hull: [
        [280, 280],
        [320, 280],
        [300, 330],
      ],
    },
  ],
  points: [
    { x: 280, y: 280, r: 9, site: 1, covered: true },
    { x: 320, y: 280, r: 4, site: 1, covered: true },
    { x: 100, y: 500, r: 3, site: 1, covered: false },
  ],
  outlines: [],
  uncovered: { points: 1, residents: 60, names: ['Ebbesloh'] },
  scale: { metres: 2000, length: 150 },
};

const renderMap = () =>
  render(
    <I18nProvider i18n={planningI18n}>
      <ReportMap map={map} thresholdMinutes={15} />
    </I18nProvider>,
  );

describe('ReportMap', () => {
  it('draws the sites with their numbers, the catchments, dots and crosses, with a name and a description', () => {
    renderMap();
    const image = screen.getByRole('img', {
      name: 'Karte der empfohlenen Standorte, ihrer Einzugsbereiche und der Nachfrage außerhalb der Reichweite',
    });
    expect(image.querySelectorAll('polygon')).toHaveLength(1);
    // Two site markers and two covered points.
    expect(image.querySelectorAll('circle')).toHaveLength(4);
    expect(image.querySelectorAll('path[stroke="#b3261e"]')).toHaveLength(1);
    expect([...image.querySelectorAll('text')].map((text) => text.textContent)).toEqual([
      '1',
      '2',
      '2 km',
      'N',
    ]);
    // Robust: a thick border; only in some variants: dashed.
    const [robust, sometimes] = [...image.querySelectorAll('g > circle')];
    expect(robust?.getAttribute('stroke-width')).toBe('3');
    expect(sometimes?.getAttribute('stroke-dasharray')).toBe('3 2');
    const described = (image.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(described).toBe(
      'Empfohlene Standorte: 2. Bedarfspunkte: 3. Davon außerhalb von 15 Minuten: 1, mit zusammen 60 Menschen. Die Tabelle „Standorte und ihr Einzugsbereich“ unter der Karte enthält dieselben Angaben in Worten und Zahlen.',
    );
  });

  it('explains every symbol in the legend, and gives the same facts as a table and a sentence', async () => {
    renderMap();
    const legend = screen.getByRole('heading', { level: 3, name: 'Legende' }).parentElement!;
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Empfohlener Standort mit seiner Nummer aus der Tabelle',
      'Standort, der in jeder Variante gewählt wird (dicker Rand)',
      'Standort, der nur in manchen Varianten gewählt wird (gestrichelter Rand)',
      'Einzugsbereich: die Fläche um die Bedarfspunkte, die den Standort in Reichweite haben, in der Farbe des Standorts',
      'Bedarfspunkt in Reichweite; je größer der Punkt, desto mehr Menschen',
      'Bedarf außerhalb der Reichweite (rotes Kreuz)',
    ]);
    const table = screen.getByRole('table', { name: 'Standorte und ihr Einzugsbereich' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['1', 'Stadtbibliothek', 'in jeder Variante gewählt', '3', '12.500', '60', '9,3 Minuten'],
      ['2', 'Bürgerhaus Avenwedde', 'nur in manchen Varianten', '1', '0', '0', '–'],
    ]);
    expect(screen.getByText(/^Nicht erreicht:/).textContent).toBe(
      'Nicht erreicht: Ein Bedarfspunkt mit 60 Menschen braucht länger als 15 Minuten zum nächsten Standort: Ebbesloh.',
    );
    await act(() => planningI18n.changeLanguage('en'));
    screen.getByRole('table', { name: 'Sites and their catchment' });
    expect(screen.getByText(/^Not reached:/).textContent).toBe(
      'Not reached: one demand point with 60 people needs more than 15 minutes to the nearest site: Ebbesloh.',
    );
  });
});
