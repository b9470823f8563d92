// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Stop } from '../../api/types.ts';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { StopCalendar } from './StopCalendar.tsx';

const stop = (id: string, date: string, startsAt: string, siteName: string): Stop =>
  ({
    id,
    status: 'scheduled',
    date,
    startsAt,
    endsAt: startsAt,
    site: { id: siteName.toLowerCase(), name: siteName },
    unit: { id: 'rathausmobil', name: 'Rathausmobil', kind: 'van' },
    services: [],
    unavailableServices: [],
  }) as unknown as Stop;

const stops = [
  stop('a', '2027-01-13', '2027-01-13T09:00:00.000Z', 'Stadtbibliothek'),
  stop('b', '2027-02-03', '2027-02-03T13:30:00.000Z', 'Bahnhof Avenwedde'),
];

describe('StopCalendar', () => {
  it('shows the month as a table with weekday headers and stop links in their day', () => {
    renderWithProviders(<StopCalendar stops={stops} today="2027-01-05" />);
    const table = screen.getByRole('table', { name: 'Januar 2027' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toContain('MoMontag');
    const link = within(table).getByRole('link', {
      name: 'Mittwoch, 13. Januar 2027, 10:00 Stadtbibliothek',
    });
    expect(link.getAttribute('href')).toBe('/termine/a');
    expect(link.closest('td')?.textContent).toMatch(/^13/);
    expect(table.querySelector('[aria-current="date"]')?.textContent).toBe('5');
  });

  it('moves between the months that have stops', () => {
    renderWithProviders(<StopCalendar stops={stops} today="2027-01-05" />);
    const previous = screen.getByRole('button', { name: 'Vorheriger Monat' }) as HTMLButtonElement;
    const next = screen.getByRole('button', { name: 'Nächster Monat' }) as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    fireEvent.click(next);
    const february = screen.getByRole('table', { name: 'Februar 2027' });
    expect(within(february).getByRole('link', { name: /14:30 Bahnhof Avenwedde/ })).toBeTruthy();
    expect(next.disabled).toBe(true);
  });
});
