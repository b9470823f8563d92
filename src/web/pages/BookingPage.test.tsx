// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../testing/fakeApi.ts';
import { renderWithProviders } from '../testing/renderWithProviders.tsx';
import { Route, Routes } from 'react-router';
import { BookingPage } from './BookingPage.tsx';

vi.mock('../captcha/solveCaptcha.ts', () => ({ solveCaptcha: async () => 'solved-captcha' }));

const site = {
  id: 'stadtbibliothek',
  name: 'Stadtbibliothek',
  address: null,
  districtId: 'innenstadt',
  districtName: 'Innenstadt',
  lat: 51.9,
  lon: 8.38,
  accessibility: null,
};
const unit = { id: 'rathausmobil', name: 'Rathausmobil', kind: 'van' };
const service = {
  id: 'personalausweis-beantragen',
  nameDe: 'Personalausweis beantragen',
  nameEn: 'ID card',
  typicalMinutes: 15,
};
const stop = {
  id: '11111111-1111-4111-8111-111111111111',
  status: 'scheduled',
  date: '2027-01-13',
  startsAt: '2027-01-13T08:00:00.000Z',
  endsAt: '2027-01-13T11:00:00.000Z',
  site,
  unit,
  services: [service],
  unavailableServices: [],
};
const slot = { startsAt: '2027-01-13T09:30:00.000Z', endsAt: '2027-01-13T09:45:00.000Z' };
const slotName = 'Mittwoch, 13. Januar 2027, 10:30 Uhr, Stadtbibliothek';

function api(booking: () => { status?: number; body?: unknown }) {
  return fakeApi({
    'GET /api/v1/services': () => ({
      body: {
        items: [
          {
            ...service,
            presence: 'required',
            fees: [
              { variant: 'age_24_plus', labelDe: 'ab 24 Jahren', labelEn: 'age 24 and over', eur: 46 },
              { variant: 'under_24', labelDe: 'unter 24 Jahren', labelEn: 'under 24', eur: 27.6 },
            ],
          },
          {
            id: 'hundesteuer',
            nameDe: 'Hundesteuer',
            nameEn: 'Dog tax',
            presence: 'not_required',
            typicalMinutes: 5,
          },
        ],
        total: 2,
      },
    }),
    'GET /api/v1/stops': () => ({ body: { items: [stop], total: 1 } }),
    [`GET /api/v1/stops/${stop.id}`]: () => ({ body: stop }),
    'GET /api/v1/districts': () => ({ body: { items: [], total: 0 } }),
    'GET /api/v1/sites': () => ({ body: { items: [], total: 0 } }),
    'GET /api/v1/availability': () => ({
      body: { durationMinutes: 15, stops: [{ stop, durationMinutes: 15, slots: [slot] }] },
    }),
    'POST /api/v1/bookings': booking,
  });
}

function renderFlow(path: string) {
  renderWithProviders(
    <Routes>
      <Route path="/buchen" element={<BookingPage />} />
      <Route path="/buchen/:step" element={<BookingPage />} />
    </Routes>,
    { path },
  );
}

async function throughToContactStep() {
  renderFlow('/buchen');
  await screen.findByRole('heading', { level: 1, name: 'Was möchten Sie erledigen?' });
  expect(screen.getByText('Schritt 1 von 5')).toBeTruthy();
  // The list follows the heading once the services and stops are there.
  const idCard = await screen.findByRole('checkbox', { name: /Personalausweis beantragen/ });
  // Only services a stop offers: the dog tax is done online.
  expect(screen.queryByRole('checkbox', { name: /Hundesteuer/ })).toBeNull();
  fireEvent.click(idCard);
  fireEvent.click(screen.getByRole('button', { name: 'Weiter' }));
  // The day first: the month shows the day with free times, and where.
  await screen.findByRole('heading', { level: 1, name: 'Tag wählen' });
  const day = await screen.findByRole('link', {
    name: 'Mittwoch, 13. Januar 2027: freie Zeiten in Stadtbibliothek',
  });
  expect(screen.getByRole('link', { name: 'Zurück' }).getAttribute('href')).toBe(
    '/buchen?services=personalausweis-beantragen%3A1',
  );
  fireEvent.click(day);
  // Then the times of that day, morning and afternoon.
  await screen.findByRole('heading', { level: 1, name: 'Uhrzeit wählen: Mittwoch, 13. Januar 2027' });
  expect(await screen.findByRole('heading', { name: 'Vormittag' })).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Auf die Warteliste' }).getAttribute('href')).toBe(
    '/warteliste?services=personalausweis-beantragen%3A1&from=2027-01-13',
  );
  fireEvent.click(await screen.findByRole('link', { name: slotName }));
  await screen.findByRole('heading', { level: 1, name: 'Ihre Angaben' });
  fireEvent.change(screen.getByLabelText('Ihr Name'), { target: { value: 'Erika Mustermann' } });
  fireEvent.change(screen.getByLabelText('Ihre E-Mail-Adresse'), { target: { value: 'erika@example.org' } });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2027-01-10T12:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('BookingPage', () => {
  it("shows the first step's heading at once and its list when services and stops are there", async () => {
    api(() => ({ status: 500 }));
    const answer = vi.mocked(fetch);
    // Districts and sites (for the day step) never answer here: the first step does not wait for them.
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) =>
      /\/api\/v1\/(districts|sites)$/.test(input)
        ? new Promise<Response>(() => undefined)
        : answer(input, init),
    );
    renderFlow('/buchen');
    // Before any answer: the heading and the introduction (as in the prerendered HTML), the list is loading.
    expect(screen.getByRole('heading', { level: 1, name: 'Was möchten Sie erledigen?' })).toBeTruthy();
    expect(screen.getByText(/^Wählen Sie eine oder mehrere Dienstleistungen/)).toBeTruthy();
    expect(screen.getByText('Die Daten werden geladen.')).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(await screen.findByRole('checkbox', { name: /Personalausweis beantragen/ })).toBeTruthy();
    expect(screen.queryByText('Die Daten werden geladen.')).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Was möchten Sie erledigen?' })).toBeTruthy();
  });

  it("says under the first step's heading when the services could not be loaded", async () => {
    fakeApi({
      'GET /api/v1/services': () => ({ status: 503, body: { status: 503, title: 'Unavailable' } }),
      'GET /api/v1/stops': () => ({ body: { items: [stop], total: 1 } }),
    });
    renderFlow('/buchen');
    expect((await screen.findByRole('alert')).textContent).toContain('nicht geladen');
    expect(screen.getByRole('heading', { level: 1, name: 'Was möchten Sie erledigen?' })).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByText('Die Daten werden geladen.')).toBeNull();
  });

  it('goes through the steps and asks to confirm by e-mail, with how long the slot is held', async () => {
    const { requests } = api(() => ({
      status: 201,
      body: { bookingId: 'b1', holdExpiresAt: '2027-01-10T12:15:00.000Z' },
    }));
    await throughToContactStep();
    fireEvent.click(screen.getByRole('button', { name: 'Termin reservieren' }));
    await screen.findByRole('heading', { level: 1, name: 'Bitte bestätigen Sie Ihren Termin per E-Mail' });
    expect(screen.getByText(/bis 13:15 Uhr für Sie frei\. Das sind noch etwa 15 Minuten/)).toBeTruthy();
    const post = requests.find((request) => request.method === 'POST');
    expect(post?.body).toEqual({
      stopId: stop.id,
      startsAt: slot.startsAt,
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      locale: 'de',
      captcha: 'solved-captcha',
    });
  });

  it('sends the person back to the slots when the slot was taken meanwhile (409 slot-full)', async () => {
    api(() => ({
      status: 409,
      body: {
        type: 'https://mobiles-rathaus.de/problems/slot-full',
        code: 'slot_full',
        status: 409,
        title: 'Conflict',
      },
    }));
    await throughToContactStep();
    fireEvent.click(screen.getByRole('button', { name: 'Termin reservieren' }));
    await screen.findByRole('heading', { level: 1, name: 'Uhrzeit wählen: Mittwoch, 13. Januar 2027' });
    expect(screen.getByRole('alert').textContent).toContain('Diese Zeit hat gerade jemand anderes gebucht.');
  });

  it('puts the field the server names into the error summary, linked to the field', async () => {
    api(() => ({
      status: 409,
      body: {
        type: 'https://mobiles-rathaus.de/problems/booking-limit',
        code: 'booking_limit',
        status: 409,
        field: 'email',
      },
    }));
    await throughToContactStep();
    fireEvent.click(screen.getByRole('button', { name: 'Termin reservieren' }));
    const link = await screen.findByRole('link', { name: /schon zu viele Termine gebucht/ });
    expect(link.getAttribute('href')).toBe('#contact-email');
    expect(screen.getByLabelText('Ihre E-Mail-Adresse').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement?.classList.contains('error-summary')).toBe(true));
  });

  it('checks the form before sending it', async () => {
    const { requests } = api(() => ({ status: 500 }));
    await throughToContactStep();
    fireEvent.change(screen.getByLabelText('Ihre E-Mail-Adresse'), { target: { value: 'kein-at-zeichen' } });
    fireEvent.click(screen.getByRole('button', { name: 'Termin reservieren' }));
    expect(screen.getByRole('link', { name: /E-Mail-Adresse wie name@beispiel.de/ })).toBeTruthy();
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it('opens a shared link to the day step at once, and sums the fee of a service booked twice', async () => {
    api(() => ({ status: 500 }));
    renderFlow('/buchen/tag?services=personalausweis-beantragen:2');
    await screen.findByRole('heading', { level: 1, name: 'Tag wählen' });
    const summary = (await screen.findByText(/Personalausweis beantragen \(2-mal\)/)).textContent?.replace(
      /\u00a0/g,
      ' ',
    );
    expect(summary).toBe('Personalausweis beantragen (2-mal): 55,20 € bis 92,00 €, je nach Fall');
    expect(screen.getByText(/Kosten zusammen/).textContent?.replace(/\u00a0/g, ' ')).toBe(
      'Kosten zusammen: 55,20 € bis 92,00 €, je nach Fall',
    );
    expect(screen.getByText('Dauer etwa 30 Minuten')).toBeTruthy();
  });

  it('offers the waitlist right where no day fits, above the empty month, and where a day has no time left', async () => {
    fakeApi({
      'GET /api/v1/services': () => ({
        body: { items: [{ ...service, presence: 'required', fees: [] }], total: 1 },
      }),
      'GET /api/v1/stops': () => ({ body: { items: [stop], total: 1 } }),
      'GET /api/v1/districts': () => ({ body: { items: [], total: 0 } }),
      'GET /api/v1/sites': () => ({ body: { items: [], total: 0 } }),
      'GET /api/v1/availability': () => ({
        body: { durationMinutes: 15, stops: [{ stop, durationMinutes: 15, slots: [] }] },
      }),
    });
    renderFlow('/buchen/tag?services=personalausweis-beantragen:1');
    const status = await screen.findByText(
      'Für Ihre Auswahl gibt es in den nächsten Wochen keine freie Zeit.',
    );
    const offer = screen.getByRole('heading', { name: 'Nichts passt?' });
    const month = screen.getByRole('table');
    const follows = (a: Node, b: Node) =>
      Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    expect(follows(status, offer)).toBe(true);
    expect(follows(offer, month)).toBe(true);
    expect(screen.getAllByRole('heading', { name: 'Nichts passt?' })).toHaveLength(1);

    cleanup();
    renderFlow('/buchen/zeit?services=personalausweis-beantragen:1&day=2027-01-13');
    const noTimes = await screen.findByText(/An diesem Tag gibt es keine freie Zeit mehr\./);
    const timeOffer = screen.getByRole('heading', { name: 'Nichts passt?' });
    expect(follows(noTimes, timeOffer)).toBe(true);
    expect(screen.getByRole('link', { name: 'Auf die Warteliste' }).getAttribute('href')).toBe(
      '/warteliste?services=personalausweis-beantragen%3A1&from=2027-01-13',
    );
  });
});
