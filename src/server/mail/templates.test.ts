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
});
