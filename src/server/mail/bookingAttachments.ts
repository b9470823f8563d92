import type { BookingView } from '../queries/bookingQueries.ts';
import { buildCalendar } from './calendar.ts';
import type { MailAttachment } from './outbox.ts';

// qrcode is loaded on first use: the server starts without it (bench:startup).
const qrCode = async () => (await import('qrcode')).default;

/** What staff scan at check-in: the booking code itself, nothing personal. */
export const bookingQrPng = async (code: string) =>
  (await qrCode()).toBuffer(code, { type: 'png', width: 240, margin: 2, errorCorrectionLevel: 'M' });
export const bookingQrDataUrl = async (code: string) =>
  (await qrCode()).toDataURL(code, { width: 240, margin: 2, errorCorrectionLevel: 'M' });

export function bookingCalendar(view: BookingView, manageUrl: string | undefined, cancelled = false): string {
  const de = view.locale === 'de';
  const services = view.services.map((s) => `${s.quantity} × ${de ? s.nameDe : s.nameEn}`).join(', ');
  return buildCalendar(de ? 'Termin Mobiles Rathaus' : 'Mobile town hall appointment', [
    {
      uid: `booking-${view.id}@mobiles-rathaus`,
      start: view.start,
      end: view.end,
      summary: de ? `Mobiles Rathaus: ${services}` : `Mobile town hall: ${services}`,
      description:
        `${de ? 'Buchungscode' : 'Booking code'}: ${view.code}` + (manageUrl ? `\n${manageUrl}` : ''),
      location: [view.siteName, view.address].filter(Boolean).join(', '),
      geo: { lat: view.stop.lat, lon: view.stop.lon },
      cancelled,
      sequence: cancelled ? 1 : 0,
    },
  ]);
}

export async function bookingAttachments(view: BookingView, manageUrl: string): Promise<MailAttachment[]> {
  return [
    {
      filename: 'termin.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content: Buffer.from(bookingCalendar(view, manageUrl)).toString('base64'),
    },
    {
      filename: `buchungscode-${view.code}.png`,
      contentType: 'image/png',
      content: (await bookingQrPng(view.code)).toString('base64'),
    },
  ];
}
