// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Availability } from '../../api/types.ts';
import { i18n, renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { SlotList } from './SlotList.tsx';

const site = {
  id: 'stadtbibliothek',
  name: 'Stadtbibliothek',
  address: 'Blessenstätte 1',
  districtId: 'innenstadt',
  districtName: 'Innenstadt',
  lat: 51.9,
  lon: 8.38,
  accessibility: null,
};
const stopOn = (id: string, date: string, starts: string[]) => ({
  stop: {
    id,
    date,
    startsAt: starts[0]!,
    endsAt: starts.at(-1)!,
    site,
    unit: { id: 'rathausmobil', name: 'Rathausmobil', kind: 'van' as const },
  },
  durationMinutes: 15,
  slots: starts.map((startsAt) => ({ startsAt, endsAt: startsAt })),
});

const availability: Availability = {
  durationMinutes: 15,
  stops: [
    // 13 January 2027 is a Wednesday; 09:30 UTC is 10:30 in Berlin (winter time).
    stopOn('a', '2027-01-13', ['2027-01-13T09:30:00.000Z', '2027-01-13T09:35:00.000Z']),
    stopOn('b', '2027-07-14', ['2027-07-14T08:30:00.000Z']),
  ],
};

describe('SlotList', () => {
  it('names every slot button with weekday, date, Berlin time and place, grouped by stop', () => {
    renderWithProviders(<SlotList availability={availability} onChoose={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Mittwoch, 13. Januar 2027: Stadtbibliothek' })).toBeTruthy();
    const button = screen.getByRole('button', {
      name: 'Mittwoch, 13. Januar 2027, 10:30 Uhr, Stadtbibliothek',
    });
    expect(button.textContent).toBe('10:30');
    // Summer time: 08:30 UTC is 10:30 in Berlin too.
    expect(
      screen.getByRole('button', { name: 'Mittwoch, 14. Juli 2027, 10:30 Uhr, Stadtbibliothek' }),
    ).toBeTruthy();
  });

  it('names the slots in English on the English pages', async () => {
    await i18n.changeLanguage('en');
    renderWithProviders(<SlotList availability={availability} onChoose={() => undefined} />);
    expect(
      screen.getByRole('button', { name: /^Wednesday,? 13 January 2027, 10:30, Stadtbibliothek$/ }),
    ).toBeTruthy();
  });

  it('reports the chosen slot with its stop', () => {
    const onChoose = vi.fn();
    renderWithProviders(<SlotList availability={availability} onChoose={onChoose} />);
    fireEvent.click(screen.getByRole('button', { name: /10:35 Uhr/ }));
    expect(onChoose).toHaveBeenCalledWith(availability.stops[0], availability.stops[0]!.slots[1]);
  });

  it('shows five stops at first and more on request', () => {
    const many: Availability = {
      durationMinutes: 15,
      stops: Array.from({ length: 7 }, (_, index) =>
        stopOn(`s${index}`, `2027-01-${String(index + 11).padStart(2, '0')}`, [
          `2027-01-${String(index + 11).padStart(2, '0')}T09:00:00.000Z`,
        ]),
      ),
    };
    renderWithProviders(<SlotList availability={many} onChoose={() => undefined} />);
    expect(screen.getAllByRole('button', { name: /Uhr/ })).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: 'Weitere Termine zeigen' }));
    expect(screen.getAllByRole('button', { name: /Uhr/ })).toHaveLength(7);
  });

  it('says so when nothing is free', () => {
    renderWithProviders(
      <SlotList availability={{ durationMinutes: 5, stops: [] }} onChoose={() => undefined} />,
    );
    expect(screen.getByText(/keine freie Zeit/)).toBeTruthy();
  });
});
