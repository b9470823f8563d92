import { describe, expect, it } from 'vitest';
import { bookingConfirmedMail, confirmRequestMail, formatWhen } from './templates.ts';

const appointment = {
  siteName: 'Stadtbibliothek',
  address: 'Blessenstätte 1, 33330 Gütersloh',
  start: new Date('2027-01-13T09:30:00.000Z'),
  end: new Date('2027-01-13T09:45:00.000Z'),
  services: [],
};

describe('mails in the chosen language', () => {
  it('writes German and English in full', () => {
    const de = confirmRequestMail('de', { ...appointment, confirmUrl: 'https://x/c#t', holdMinutes: 15 });
    expect(de.subject).toBe('Bitte bestätigen Sie Ihren Termin');
    expect(de.text).toContain(formatWhen('de', appointment.start, appointment.end));
    const en = confirmRequestMail('en', { ...appointment, confirmUrl: 'https://x/c#t', holdMinutes: 15 });
    expect(en.subject).toBe('Please confirm your appointment');
  });

  it.each([
    ['tr', 'Lütfen randevunuzu onaylayın', 'anadili Türkçe'],
    ['uk', 'Підтвердьте, будь ласка, свій запис', 'носій української'],
    ['ar', 'يرجى تأكيد موعدك', 'لغته الأم العربية'],
  ] as const)(
    'puts the gist and the link in %s on top of the German mail, with the review note',
    (locale, subject, note) => {
      const mail = confirmRequestMail(locale, {
        ...appointment,
        confirmUrl: 'https://x/c#secret',
        holdMinutes: 15,
      });
      expect(mail.subject).toBe(`${subject} / Bitte bestätigen Sie Ihren Termin`);
      const [lead, german] = mail.text.split('----------');
      expect(lead).toContain('https://x/c#secret');
      expect(lead).toContain(note);
      expect(german).toContain('Bitte bestätigen Sie in den nächsten 15 Minuten');
    },
  );

  it('links the appointment page in the lead-in of the confirmation', () => {
    const mail = bookingConfirmedMail('ar', {
      ...appointment,
      code: 'ABCD-EFGH',
      manageUrl: 'https://x/termin/1#t',
    });
    expect(mail.text.split('----------')[0]).toContain('https://x/termin/1#t');
    expect(mail.text).toContain('ABCD-EFGH');
  });

  it('sums the fee of a service booked "2-mal", in German and in English', () => {
    const idCards = {
      nameDe: 'Personalausweis beantragen',
      nameEn: 'Apply for an ID card',
      quantity: 2,
      documents: [],
      documentsEn: [],
      fees: [
        { labelDe: 'ab 24 Jahren', labelEn: 'age 24 and over', eur: 46 },
        { labelDe: 'unter 24 Jahren', labelEn: 'under 24', eur: 27.6 },
      ],
    };
    const normalised = (text: string) => text.replace(/\u00a0/g, ' ');
    const de = confirmRequestMail('de', {
      ...appointment,
      services: [idCards],
      confirmUrl: 'https://x/c#t',
      holdMinutes: 15,
    });
    expect(normalised(de.text)).toContain('- 2 × Personalausweis beantragen');
    expect(normalised(de.text)).toContain('Zusammen (2-mal): 55,20 € bis 92,00 €');
    const en = bookingConfirmedMail('en', {
      ...appointment,
      services: [idCards],
      code: 'ABCD-EFGH',
      manageUrl: 'https://x/termin/1#t',
    });
    expect(normalised(en.text)).toContain('Together (×2): €55.20 to €92.00');
    const once = confirmRequestMail('de', {
      ...appointment,
      services: [{ ...idCards, quantity: 1 }],
      confirmUrl: 'https://x/c#t',
      holdMinutes: 15,
    });
    expect(once.text).not.toContain('Zusammen');
  });
});
