// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/react.tsx';
import type { Scenario, ScenarioResultView } from '../api.ts';
import { planningI18n } from '../i18n/i18n.ts';
import { ComparisonTable } from './ComparisonTable.tsx';
import { TimetableTable } from './ScenarioSections.tsx';

afterEach(cleanup);
beforeEach(async () => {
  await planningI18n.changeLanguage('de');
});

const timetable = {
  rules: [],
  unscheduled: [],
  method: 'exact',
  reason: '',
  horizon: { start: '2026-12-14', end: '2027-03-07' },
  changes: [],
  visitCount: 20,
  skippedHolidays: 2,
  skippedSchoolHolidays: 3,
  schoolHolidays: [{ name: 'Weihnachtsferien', from: '2026-12-23', to: '2027-01-06', visits: 4 }],
  schoolHolidaysKnownUntil: '2027-01-31',
};

describe('the timetable’s holidays and the cost parts', () => {
  it('names the school holidays with their visits, the left-out school visits and the calendar’s end, in German and English', async () => {
    render(
      <I18nProvider i18n={planningI18n}>
        <TimetableTable result={{ timetable } as unknown as ScenarioResultView} />
      </I18nProvider>,
    );
    const text = () => document.body.textContent ?? '';
    expect(text()).toContain('2 Einsätze fallen auf einen gesetzlichen Feiertag in NRW');
    expect(text()).toContain('Weihnachtsferien vom 23. Dezember 2026 bis 6. Januar 2027: 4 Einsätze');
    expect(text()).toContain('3 Einsätze an Schulen entfallen, weil Schulferien sind.');
    expect(text()).toContain('Die Schulferien sind nur bis zum 31. Januar 2027 bekannt.');
    expect(text()).toContain('Ministerium für Schule und Bildung NRW, Ferienordnung');
    await act(() => planningI18n.changeLanguage('en'));
    expect(text()).toContain('Christmas holidays from 23 December 2026 to 6 January 2027: 4 visits');
    expect(text()).not.toContain('Weihnachtsferien');
  });

  it('shows the cost per month with its parts, and a dash for results stored before the parts existed', () => {
    const scenario = (id: string, breakdown?: { staff: number; units: number; venues: number }) =>
      ({
        id,
        name: id,
        result: {
          p: 2,
          metrics: {
            coveragePct: 50,
            residents65plusCovered: 10,
            residents65plusCoveredPct: 10,
            meanTravelMinutes: 5,
            worstTravelMinutes: 9,
            staffHoursPerMonth: 40,
            costPerMonth: breakdown ? breakdown.staff + breakdown.units + breakdown.venues : 2000,
            ...(breakdown ? { costBreakdown: breakdown } : {}),
          },
          solver: { provenOptimal: true, gapPct: 0, method: 'exact', solver: null },
        },
      }) as unknown as Scenario;
    render(
      <I18nProvider i18n={planningI18n}>
        <ComparisonTable
          scenarios={[scenario('Neu', { staff: 1920, units: 480, venues: 173 }), scenario('Alt')]}
          caption="Kennzahlen"
        />
      </I18nProvider>,
    );
    const row = (name: string) =>
      Array.from(screen.getByRole('rowheader', { name }).closest('tr')!.querySelectorAll('td'), (cell) =>
        cell.textContent?.replace(/\s/g, ' '),
      );
    expect(row('Kosten je Monat')).toEqual(['2.573 €', '2.000 €']);
    expect(row('davon Personal')).toEqual(['1.920 €', '–']);
    expect(row('davon Einsatztage der Einheiten')).toEqual(['480 €', '–']);
    expect(row('davon Kosten der Standorte (Miete oder Gebühr je Einsatztag)')).toEqual(['173 €', '–']);
  });
});
