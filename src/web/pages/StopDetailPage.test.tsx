// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../testing/fakeApi.ts';
import { renderWithProviders } from '../testing/renderWithProviders.tsx';
import { StopDetailPage } from './StopDetailPage.tsx';

vi.mock('../captcha/solveCaptcha.ts', () => ({ solveCaptcha: async () => 'solved' }));

const stopId = '33333333-3333-4333-8333-333333333333';
const stop = {
  id: stopId,
  status: 'scheduled',
  cancelReason: null,
  date: '2099-01-14',
  startsAt: '2099-01-14T13:00:00.000Z',
  endsAt: '2099-01-14T15:00:00.000Z',
  counters: 1,
  slotMinutes: 5,
  site: {
    id: 'stadtbibliothek',
    name: 'Stadtbibliothek',
    address: 'Blessenstätte 1',
    districtId: 'innenstadt',
    districtName: 'Innenstadt',
    lat: 51.9,
    lon: 8.38,
    accessibility: null,
  },
  unit: { id: 'buergerkoffer-1', name: 'Bürgerkoffer 1', kind: 'kit' },
  services: [
    {
      id: 'personalausweis-beantragen',
      nameDe: 'Personalausweis beantragen',
      nameEn: 'ID card',
      typicalMinutes: 15,
    },
  ],
  unavailableServices: [
    {
      id: 'vorlaeufiger-personalausweis',
      nameDe: 'Vorläufigen Personalausweis',
      nameEn: 'Provisional ID card',
      onlineOnly: false,
      missingEquipment: [
        { id: 'secure_forms', nameDe: 'Sichere Vordrucke', nameEn: 'Secure blank forms' },
        { id: 'official_seal', nameDe: 'Dienstsiegel', nameEn: 'Official seal' },
      ],
      reasons: ['missing_equipment'],
    },
    {
      id: 'fundsachen',
      nameDe: 'Fundsachen',
      nameEn: 'Lost property',
      onlineOnly: false,
      missingEquipment: [{ id: 'storage', nameDe: 'Stauraum', nameEn: 'Storage' }],
      reasons: ['missing_equipment'],
    },
    {
      id: 'hundesteuer',
      nameDe: 'Hundesteuer',
      nameEn: 'Dog tax',
      onlineOnly: true,
      missingEquipment: [],
      reasons: ['online_only'],
    },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('StopDetailPage', () => {
  it('explains in plain words what cannot be done here and which device is missing', async () => {
    fakeApi({ [`GET /api/v1/stops/${stopId}`]: () => ({ body: stop }) });
    renderWithProviders(
      <Routes>
        <Route path="/termine/:stopId" element={<StopDetailPage />} />
      </Routes>,
      { path: `/termine/${stopId}` },
    );
    await screen.findByRole('heading', { level: 1, name: 'Stadtbibliothek am Mittwoch, 14. Januar 2099' });
    expect(screen.getByText('14:00 bis 16:00 Uhr', { exact: false })).toBeTruthy();
    expect(screen.getByText('Bürgerkoffer 1 – ein Koffer mit der Technik des Bürgerbüros')).toBeTruthy();
    const unavailable = screen.getByRole('heading', { name: 'Das geht hier nicht' }).parentElement!;
    expect(unavailable.textContent).toContain(
      'Vorläufigen Personalausweis. Dafür fehlen hier diese Geräte: Sichere Vordrucke und Dienstsiegel.',
    );
    expect(unavailable.textContent).toContain('Fundsachen. Dafür fehlt hier dieses Gerät: Stauraum.');
    expect(unavailable.textContent).toContain(
      'Hundesteuer. Dafür müssen Sie nicht kommen. Sie erledigen das online oder schriftlich.',
    );
    expect(screen.getByRole('link', { name: 'Termin buchen' }).getAttribute('href')).toBe(
      '/buchen?siteId=stadtbibliothek&from=2099-01-14',
    );
    expect(
      screen
        .getByRole('link', { name: 'Alle Termine am Standort Stadtbibliothek abonnieren (Kalenderdatei)' })
        .getAttribute('href'),
    ).toBe('/api/v1/sites/stadtbibliothek/stops.ics');
    expect(screen.getByRole('button', { name: 'Benachrichtigung bestellen' })).toBeTruthy();
  });

  it('says when a stop does not exist', async () => {
    fakeApi({});
    renderWithProviders(
      <Routes>
        <Route path="/termine/:stopId" element={<StopDetailPage />} />
      </Routes>,
      { path: `/termine/${stopId}` },
    );
    await screen.findByRole('heading', { level: 1, name: 'Diesen Termin gibt es nicht' });
  });
});
