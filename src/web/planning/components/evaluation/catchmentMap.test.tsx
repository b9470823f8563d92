// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nProvider } from '../../../i18n/react.tsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planningI18n } from '../../i18n/i18n.ts';
import { CatchmentMap, type CatchmentArea } from './CatchmentMap.tsx';
import { classColours, classOf, equalAreaRadiusMetres, valueClasses } from './catchmentClasses.ts';

afterEach(cleanup);
beforeEach(async () => {
  await planningI18n.changeLanguage('de');
});

const renderPlanner = (element: ReactElement) =>
  render(<I18nProvider i18n={planningI18n}>{element}</I18nProvider>);

const area = (overrides: Partial<CatchmentArea> & Pick<CatchmentArea, 'id' | 'name'>): CatchmentArea => ({
  lat: 51.9,
  lon: 8.4,
  areaKm2: 10,
  value: 0,
  valueText: '0',
  details: [],
  ...overrides,
});

const areas: CatchmentArea[] = [
  area({ id: 'spexard', name: 'Spexard', lat: 51.886, lon: 8.426, value: 0.53, valueText: '0,53' }),
  area({
    id: 'avenwedde',
    name: 'Avenwedde',
    lat: 51.937,
    lon: 8.444,
    value: null,
    valueText: 'weniger als 5',
  }),
  area({ id: 'hollen', name: 'Hollen', lat: 51.96, lon: 8.384, value: 0, valueText: '0' }),
  area({
    id: 'isselhorst',
    name: 'Isselhorst',
    lat: 51.95,
    lon: 8.416,
    value: 2.41,
    valueText: '2,41',
    details: ['Kontakte: 12', 'Je 1.000: 2,41'],
  }),
];

const format = (value: number) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2 }).format(value);

function renderMap(list: CatchmentArea[] = areas) {
  return renderPlanner(
    <CatchmentMap
      areas={list}
      map={{ tileUrl: null, attribution: null }}
      center={null}
      label="Karte: Kontakte je 1.000"
      legendTitle="Kontakte je 1.000 Einwohnerinnen und Einwohner"
      formatValue={format}
      describedBy="hint"
    />,
  );
}

describe('the catchment map', () => {
  it('labels each district with its name and value, a hidden count as words, each label a keyboard stop', () => {
    renderMap();
    const map = screen.getByRole('region', { name: 'Karte: Kontakte je 1.000' });
    expect(map.getAttribute('aria-describedby')).toBe('hint');
    const labels = within(map).getAllByRole('button', { name: /^(Spexard|Avenwedde|Hollen|Isselhorst)/ });
    expect(labels.map((label) => label.textContent)).toEqual([
      'Spexard 0,53',
      'Avenwedde weniger als 5',
      'Hollen 0',
      'Isselhorst 2,41',
    ]);
    for (const label of labels) expect(label.getAttribute('tabindex')).toBe('0');
    // No external tiles without a configured tile server.
    expect(map.querySelector('.leaflet-tile-pane img')).toBeNull();
    expect(map.querySelector('.leaflet-control-attribution')).toBeNull();
  });

  it('has a legend of its classes, 0 and "no value", from the message files', () => {
    renderMap();
    const legend = screen.getByText('Kontakte je 1.000 Einwohnerinnen und Einwohner').parentElement!;
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.trim()),
    ).toEqual([
      '0 (keine Kontakte)',
      'bis 0,53',
      'über 0,53 bis 2,41',
      'kein Wert: weniger als 5 Kontakte oder keine Einwohnerzahl (gestrichelt, schraffiert)',
    ]);
  });

  it('speaks English when the planner does', async () => {
    await planningI18n.changeLanguage('en');
    renderMap([areas[0]!]);
    const legend = screen.getByText('Kontakte je 1.000 Einwohnerinnen und Einwohner').parentElement!;
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.trim()),
    ).toEqual(['up to 0,53']);
  });
});

describe('the classes of the catchment map', () => {
  it('splits the positive values into up to four classes of about equal count, the darkest for the highest', () => {
    const classes = valueClasses([0.4, 1, 1.5, 2, 3, 5, 8, 13, null, 0]);
    expect(classes.map((entry) => [entry.from, entry.to])).toEqual([
      [0, 1],
      [1, 2],
      [2, 5],
      [5, 13],
    ]);
    expect(classes.map((entry) => entry.colour)).toEqual([...classColours]);
    expect(classOf(0.4, classes)).toEqual({ kind: 'value', index: 0, colour: classColours[0] });
    expect(classOf(2, classes)).toMatchObject({ kind: 'value', index: 1 });
    expect(classOf(2.01, classes)).toMatchObject({ kind: 'value', index: 2 });
    expect(classOf(13, classes)).toMatchObject({ kind: 'value', index: 3 });
    expect(classOf(0, classes)).toEqual({ kind: 'zero' });
    expect(classOf(null, classes)).toEqual({ kind: 'none' });
  });

  it('makes fewer classes from fewer distinct values, still ending on the darkest colour', () => {
    expect(valueClasses([])).toEqual([]);
    expect(valueClasses([null, 0])).toEqual([]);
    expect(valueClasses([2, 2, 2])).toEqual([{ from: 0, to: 2, colour: classColours[3] }]);
    expect(valueClasses([1, 3]).map((entry) => entry.colour)).toEqual([classColours[0], classColours[3]]);
  });

  it('draws a district without an outline as a circle of its area', () => {
    // 52.77 km² (Gütersloh's centre): a circle of about 4.1 km radius.
    expect(equalAreaRadiusMetres(52.77)).toBeCloseTo(4098.4, 1);
    expect(Math.PI * (equalAreaRadiusMetres(3) / 1000) ** 2).toBeCloseTo(3, 9);
  });
});
