// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../testing/fakeApi.ts';
import { i18n, renderWithProviders } from '../testing/renderWithProviders.tsx';
import { BookingManagePage } from './BookingManagePage.tsx';

const bookingId = '22222222-2222-4222-8222-222222222222';
const token = 'secret-token-0123456789abcdef';

const booking = (status: string) => ({
  id: bookingId,
  code: 'K7M2QX',
  status,
  holdExpiresAt: null,
  startsAt: '2099-01-14T09:30:00.000Z',
  endsAt: '2099-01-14T10:10:00.000Z',
  durationMinutes: 40,
  qrCodeDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
  stop: {
    id: 's1',
    siteId: 'stadtbibliothek',
    siteName: 'Stadtbibliothek',
    address: 'Blessenstätte 1',
    unitName: 'Rathausmobil',
  },
  services: [
    {
      id: 'personalausweis-beantragen',
      nameDe: 'Personalausweis beantragen',
      nameEn: 'Apply for an ID card',
      quantity: 2,
      minutesEach: 15,
      documents: ['Biometrisches Passfoto'],
      documentsEn: ['Biometric passport photo'],
      fees: [
        { variant: 'age_24_plus', labelDe: 'ab 24 Jahren', labelEn: 'aged 24 or over', eur: 46 },
        { variant: 'under_24', labelDe: 'unter 24 Jahren', labelEn: 'under 24', eur: 27.6 },
      ],
    },
  ],
  paymentNoteDe: 'Bitte mit Karte bezahlen.',
  paymentNoteEn: 'Please pay by card.',
});

afterEach(() => vi.unstubAllGlobals());

function renderPage() {
  return renderWithProviders(
    <Routes>
      <Route path="/termin/:bookingId" element={<BookingManagePage />} />
    </Routes>,
    { path: `/termin/${bookingId}#${token}` },
  );
}

describe('BookingManagePage', () => {
  it('shows the code, a QR code named by it, what to bring and the calendar file', async () => {
    const signed = `/api/v1/bookings/${bookingId}/calendar.ics?expires=4102444800&signature=abcdefghijklmnopqrstuvwxyz`;
    const { requests } = fakeApi({
      [`GET /api/v1/bookings/${bookingId}`]: () => ({ body: booking('confirmed') }),
      [`POST /api/v1/bookings/${bookingId}/calendar-link`]: () => ({
        body: { url: signed, expiresAt: '2100-01-01T00:00:00.000Z' },
      }),
    });
    renderPage();
    await screen.findByText('K7M2QX');
    // The secret travels in a header, never in an address.
    expect(requests[0]?.url.search).toBe('');
    expect(requests[0]?.headers['x-booking-token']).toBe(token);
    expect(screen.getByRole('img', { name: 'QR-Code mit Ihrem Buchungscode K7M2QX' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Personalausweis beantragen (2-mal)' })).toBeTruthy();
    expect(screen.getByText('Biometrisches Passfoto')).toBeTruthy();
    expect(screen.getByText(/ab 24 Jahren/).parentElement?.textContent?.replace(/\u00a0/g, ' ')).toBe(
      'ab 24 Jahren: 46,00 €',
    );
    // Booked "2-mal": the fee for both.
    expect(screen.getByText(/^Zusammen/).textContent?.replace(/\u00a0/g, ' ')).toBe(
      'Zusammen (2-mal): 55,20 € bis 92,00 €, je nach Fall',
    );
    expect(screen.getByText('Bitte mit Karte bezahlen.')).toBeTruthy();
    const calendar = screen.getByRole('link', { name: 'Kalenderdatei herunterladen' });
    await waitFor(() => expect(calendar.getAttribute('href')).toBe(signed));
    const linkRequest = requests.find((request) => request.url.pathname.endsWith('/calendar-link'));
    expect(linkRequest?.headers['x-booking-token']).toBe(token);
    expect(requests.every((request) => !request.url.search.includes(token))).toBe(true);
  });

  it('cancels only after a question, then shows the new state', async () => {
    let status = 'confirmed';
    const { requests } = fakeApi({
      [`GET /api/v1/bookings/${bookingId}`]: () => ({ body: booking(status) }),
      [`POST /api/v1/bookings/${bookingId}/cancel`]: () => {
        status = 'cancelled';
        return { body: { status: 'cancelled' } };
      },
    });
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Termin absagen' }));
    expect(screen.getByRole('heading', { name: 'Wollen Sie den Termin wirklich absagen?' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Ja, Termin absagen' }));
    fireEvent.click(screen.getByRole('button', { name: 'Nein, Termin behalten' }));
    const cancels = () => requests.filter((request) => request.url.pathname.endsWith('/cancel'));
    expect(cancels()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Termin absagen' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, Termin absagen' }));
    await screen.findByRole('heading', { name: 'Ihr Termin ist abgesagt' });
    await screen.findByText('Abgesagt');
    expect(cancels()[0]?.body).toEqual({ token });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Termin absagen' })).toBeNull());
  });

  it('names the fee cases and the sum for both in Turkish, the German data marked as German', async () => {
    fakeApi({
      [`GET /api/v1/bookings/${bookingId}`]: () => ({ body: booking('confirmed') }),
      [`POST /api/v1/bookings/${bookingId}/calendar-link`]: () => ({ status: 500 }),
    });
    renderPage();
    await screen.findByText('K7M2QX');
    await act(() => i18n.changeLanguage('tr'));
    expect(screen.getByText('24 yaş ve üzeri').getAttribute('lang')).toBeNull();
    expect(screen.getByText(/^Toplam \(2 kez\)/).textContent?.replace(/\u00a0/g, ' ')).toBe(
      'Toplam (2 kez): duruma göre €55,20 ile €92,00 arası',
    );
    expect(screen.getByText('Personalausweis beantragen').getAttribute('lang')).toBe('de');
    expect(screen.getByText('Biometrisches Passfoto').getAttribute('lang')).toBe('de');
    await act(() => i18n.changeLanguage('de'));
  });

  it('shows a cancelled booking as "Abgesagt", without QR code or calendar file, with a link to book again', async () => {
    fakeApi({ [`GET /api/v1/bookings/${bookingId}`]: () => ({ body: booking('cancelled') }) });
    renderPage();
    await screen.findByRole('heading', { name: 'Dieser Termin ist abgesagt' });
    expect(screen.getByText('Abgesagt')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Kalenderdatei herunterladen' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Termin absagen' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Neuen Termin buchen' }).getAttribute('href')).toBe(
      '/buchen?services=personalausweis-beantragen%3A2',
    );
  });

  it('says the link is wrong when the API does not know the token', async () => {
    fakeApi({});
    renderPage();
    await screen.findByRole('heading', { name: 'Dieser Link stimmt nicht' });
  });
});
