import { DateTime } from 'luxon';
import { ZONE } from '../../domain/time.ts';

/** The languages a citizen can choose. */
export type Locale = 'de' | 'en' | 'tr' | 'uk' | 'ar';
/**
 * The languages booking mails are fully written in; Turkish, Ukrainian and Arabic get a lead-in (see
 * inChosenLanguage). Participation and home-visit mails are written in full in all five (see translatedEnding).
 */
type Written = 'de' | 'en';
const written = (locale: Locale): Written => (locale === 'en' ? 'en' : 'de');

export interface PlaceAndTime {
  siteName: string;
  address: string | null;
  start: Date;
  end: Date;
}

export interface BookedService {
  nameDe: string;
  nameEn: string;
  quantity: number;
  /** German */
  documents: string[];
  documentsEn: string[];
  fees: { labelDe: string; labelEn: string; eur: number }[];
}

const euro = (locale: Written, eur: number) =>
  new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(
    eur,
  );

export function formatWhen(requested: Locale, start: Date, end?: Date): string {
  const locale = written(requested);
  const from = DateTime.fromJSDate(start, { zone: ZONE }).setLocale(locale === 'de' ? 'de-DE' : 'en-GB');
  const day = from.toFormat(locale === 'de' ? 'cccc, d. LLLL yyyy' : 'cccc, d LLLL yyyy');
  const time = from.toFormat('HH:mm');
  const until = end ? DateTime.fromJSDate(end, { zone: ZONE }).toFormat('HH:mm') : undefined;
  if (locale === 'de') return `${day}, ${time}${until ? `–${until}` : ''} Uhr`;
  return `${day}, ${time}${until ? `–${until}` : ''}`;
}

const place = (p: PlaceAndTime) => [p.siteName, p.address].filter(Boolean).join(', ');

/** "Zusammen (2-mal): 55,20 € bis 92,00 €" — the fee of a service times how often it is booked. */
function togetherLine(locale: Written, service: BookedService): string {
  const amounts = service.fees.map((fee) => fee.eur);
  const times = (eur: number) => euro(locale, Math.round(eur * service.quantity * 100) / 100);
  const [min, max] = [Math.min(...amounts), Math.max(...amounts)];
  const range = min === max ? times(min) : `${times(min)} ${locale === 'de' ? 'bis' : 'to'} ${times(max)}`;
  return locale === 'de'
    ? `Zusammen (${service.quantity}-mal): ${range}`
    : `Together (×${service.quantity}): ${range}`;
}

function servicesBlock(locale: Written, services: BookedService[]): string {
  const lines: string[] = [];
  for (const service of services) {
    const name = locale === 'de' ? service.nameDe : service.nameEn;
    lines.push(`- ${service.quantity} × ${name}`);
    if (service.fees.length > 0) {
      const fees = service.fees.map(
        (fee) => `${locale === 'de' ? fee.labelDe : fee.labelEn}: ${euro(locale, fee.eur)}`,
      );
      lines.push(`  ${locale === 'de' ? 'Gebühr' : 'Fee'}: ${fees.join('; ')}`);
      // Booked "2-mal": what all of them cost together.
      if (service.quantity > 1) lines.push(`  ${togetherLine(locale, service)}`);
    }
  }
  const documents = [...new Set(services.flatMap((s) => (locale === 'de' ? s.documents : s.documentsEn)))];
  if (documents.length > 0) {
    lines.push('', locale === 'de' ? 'Bitte bringen Sie mit:' : 'Please bring:');
    for (const document of documents) lines.push(`- ${document}`);
  }
  return lines.join('\n');
}

const paymentNote: Record<Written, string> = {
  de: 'Bezahlung: Am Mobilen Rathaus können Sie nur mit Karte bezahlen (girocard oder Kreditkarte).',
  en: 'Payment: at the mobile town hall you can only pay by card (girocard or credit card).',
};

const signature: Record<Written, string> = {
  de: '\n\nIhr Mobiles Rathaus',
  en: '\n\nYour Mobile Town Hall',
};

/** The languages whose mails are written in full only for some purposes (participation, home visits). */
export type Translated = 'tr' | 'uk' | 'ar';
export const isTranslated = (locale: Locale): locale is Translated =>
  locale === 'tr' || locale === 'uk' || locale === 'ar';

/**
 * The end of a mail written in full in Turkish, Ukrainian or Arabic: that the translation is not yet checked by a
 * native speaker (the same sentence as in the booking mails' lead-in), then the signature.
 */
export const translatedEnding: Record<Translated, string> = {
  tr: '\n\n(Bu çeviriyi henüz anadili Türkçe olan biri kontrol etmedi.)\n\nSaygılarımızla\nMobil Belediye (Mobiles Rathaus)',
  uk: '\n\n(Цей переклад ще не перевірив носій української мови.)\n\nЗ повагою\nMobiles Rathaus (мобільна ратуша)',
  ar: '\n\n(لم يراجع هذه الترجمة بعد شخص لغته الأم العربية.)\n\nمع أطيب التحيات\nMobiles Rathaus (البلدية المتنقلة)',
};

function confirmRequestText(
  requested: Locale,
  p: PlaceAndTime & { confirmUrl: string; holdMinutes: number; services: BookedService[] },
) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: 'Please confirm your appointment',
      text:
        `You asked for an appointment at the mobile town hall:\n\n${formatWhen('en', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('en', p.services)}\n\n` +
        `Please confirm within ${p.holdMinutes} minutes. Open this link:\n${p.confirmUrl}\n\nIf you did not ask for this, ignore this e-mail. The appointment is then released.` +
        signature.en,
    };
  return {
    subject: 'Bitte bestätigen Sie Ihren Termin',
    text:
      `Sie möchten einen Termin beim Mobilen Rathaus:\n\n${formatWhen('de', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('de', p.services)}\n\n` +
      `Bitte bestätigen Sie in den nächsten ${p.holdMinutes} Minuten. Öffnen Sie diesen Link:\n${p.confirmUrl}\n\nWenn Sie das nicht waren, müssen Sie nichts tun. Der Termin wird dann wieder frei.` +
      signature.de,
  };
}

function bookingConfirmedText(
  requested: Locale,
  p: PlaceAndTime & { code: string; manageUrl: string; services: BookedService[] },
) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: `Appointment confirmed: ${formatWhen('en', p.start)}`,
      text:
        `Your appointment is confirmed.\n\nBooking code: ${p.code}\n${formatWhen('en', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('en', p.services)}\n\n${paymentNote.en}\n\n` +
        `Show the QR code (attached) or tell us your booking code when you arrive.\nThe attached calendar file adds the appointment to your calendar.\n\nCancel or change the appointment:\n${p.manageUrl}` +
        signature.en,
    };
  return {
    subject: `Termin bestätigt: ${formatWhen('de', p.start)}`,
    text:
      `Ihr Termin ist bestätigt.\n\nBuchungscode: ${p.code}\n${formatWhen('de', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('de', p.services)}\n\n${paymentNote.de}\n\n` +
      `Zeigen Sie beim Termin den QR-Code (im Anhang) oder nennen Sie Ihren Buchungscode.\nMit der Kalender-Datei im Anhang tragen Sie den Termin in Ihren Kalender ein.\n\nTermin absagen oder verschieben:\n${p.manageUrl}` +
      signature.de,
  };
}

function bookingCancelledText(requested: Locale, p: PlaceAndTime & { code: string }) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: 'Appointment cancelled',
      text:
        `Your appointment ${p.code} on ${formatWhen('en', p.start, p.end)} at ${place(p)} is cancelled.` +
        signature.en,
    };
  return {
    subject: 'Termin abgesagt',
    text:
      `Ihr Termin ${p.code} am ${formatWhen('de', p.start, p.end)} in ${place(p)} ist abgesagt.` +
      signature.de,
  };
}

function reminderText(requested: Locale, p: PlaceAndTime & { code: string; services: BookedService[] }) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: `Reminder: your appointment on ${formatWhen('en', p.start)}`,
      text:
        `This is a reminder of your appointment at the mobile town hall.\n\nBooking code: ${p.code}\n${formatWhen('en', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('en', p.services)}\n\n${paymentNote.en}\n\n` +
        'Can you not come? Please cancel with the link in your confirmation e-mail, so someone else can have the appointment.' +
        signature.en,
    };
  return {
    subject: `Erinnerung: Ihr Termin am ${formatWhen('de', p.start)}`,
    text:
      `Wir erinnern Sie an Ihren Termin beim Mobilen Rathaus.\n\nBuchungscode: ${p.code}\n${formatWhen('de', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('de', p.services)}\n\n${paymentNote.de}\n\n` +
      'Sie können nicht kommen? Bitte sagen Sie mit dem Link aus Ihrer Bestätigungs-E-Mail ab. Dann kann jemand anderes den Termin haben.' +
      signature.de,
  };
}

function stopCancelledText(
  requested: Locale,
  p: PlaceAndTime & { reason: string | null; scheduleUrl: string; hadBooking: boolean },
) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: `Cancelled: mobile town hall on ${formatWhen('en', p.start)}`,
      text:
        `The mobile town hall at ${place(p)} on ${formatWhen('en', p.start, p.end)} is cancelled.` +
        (p.reason ? `\nReason: ${p.reason}` : '') +
        (p.hadBooking ? '\nYour appointment there is cancelled too. We are sorry.' : '') +
        `\n\nFind another date:\n${p.scheduleUrl}` +
        signature.en,
    };
  return {
    subject: `Abgesagt: Mobiles Rathaus am ${formatWhen('de', p.start)}`,
    text:
      `Das Mobile Rathaus in ${place(p)} am ${formatWhen('de', p.start, p.end)} fällt aus.` +
      (p.reason ? `\nGrund: ${p.reason}` : '') +
      (p.hadBooking ? '\nIhr Termin dort ist damit leider auch abgesagt.' : '') +
      `\n\nHier finden Sie einen anderen Termin:\n${p.scheduleUrl}` +
      signature.de,
  };
}

/** Double opt-in: a waiting-list request receives offers only after this link is opened. */
function waitlistConfirmRequestText(
  requested: Locale,
  p: { confirmUrl: string; cancelUrl: string; dateFrom: string; dateTo: string },
) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: 'Please confirm your place on the waiting list',
      text:
        `You asked to be put on the waiting list of the mobile town hall from ${p.dateFrom} to ${p.dateTo}. Please confirm it with this link; only then will we offer you appointments that become free:\n${p.confirmUrl}\n\nIf you did not ask for this, ignore this mail: nothing happens without the confirmation.\n\nLeave the waiting list:\n${p.cancelUrl}` +
        signature.en,
    };
  return {
    subject: 'Bitte bestätigen Sie Ihren Platz auf der Warteliste',
    text:
      `Sie möchten auf die Warteliste des Mobilen Rathauses für die Zeit vom ${p.dateFrom} bis ${p.dateTo}. Bitte bestätigen Sie das mit diesem Link; erst dann bieten wir Ihnen frei gewordene Termine an:\n${p.confirmUrl}\n\nWenn Sie das nicht angefordert haben, beachten Sie diese E-Mail nicht: ohne Bestätigung geschieht nichts.\n\nWarteliste verlassen:\n${p.cancelUrl}` +
      signature.de,
  };
}

function waitlistOfferText(
  requested: Locale,
  p: PlaceAndTime & { confirmUrl: string; offerMinutes: number; services: BookedService[] },
) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: 'An appointment for you became free',
      text:
        `An appointment that fits your waiting-list request became free:\n\n${formatWhen('en', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('en', p.services)}\n\n` +
        `We keep it for you for ${p.offerMinutes} minutes. To take it, open this link:\n${p.confirmUrl}\n\nIf you do not take it, we offer it to the next person.` +
        signature.en,
    };
  return {
    subject: 'Ein Termin für Sie ist frei geworden',
    text:
      `Ein Termin, der zu Ihrer Anfrage auf der Warteliste passt, ist frei geworden:\n\n${formatWhen('de', p.start, p.end)}\n${place(p)}\n\n${servicesBlock('de', p.services)}\n\n` +
      `Wir halten ihn ${p.offerMinutes} Minuten für Sie frei. Wenn Sie ihn möchten, öffnen Sie diesen Link:\n${p.confirmUrl}\n\nSonst bieten wir ihn der nächsten Person an.` +
      signature.de,
  };
}

function subscriptionConfirmText(requested: Locale, p: { siteName: string; confirmUrl: string }) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: `Confirm: news about the mobile town hall at ${p.siteName}`,
      text:
        `Please confirm that you want an e-mail when a stop of the mobile town hall at ${p.siteName} is cancelled or changed:\n${p.confirmUrl}` +
        signature.en,
    };
  return {
    subject: `Bitte bestätigen: Nachrichten zum Mobilen Rathaus in ${p.siteName}`,
    text:
      `Bitte bestätigen Sie, dass Sie eine E-Mail bekommen möchten, wenn das Mobile Rathaus in ${p.siteName} ausfällt oder sich ändert:\n${p.confirmUrl}` +
      signature.de,
  };
}

/** "Resend my links": the new link (the old one no longer works). */
function bookingLinksText(
  requested: Locale,
  p: PlaceAndTime & { code: string; link: string; needsConfirmation: boolean },
) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: `Your appointment links: ${formatWhen('en', p.start)}`,
      text:
        `You asked for the links to your appointment ${p.code} on ${formatWhen('en', p.start, p.end)} at ${place(p)}.\n\n` +
        (p.needsConfirmation
          ? `Please confirm the appointment with this link:\n${p.link}`
          : `View, move or cancel the appointment:\n${p.link}`) +
        `\n\nEarlier links no longer work. If you did not ask for this mail, you can ignore it.` +
        signature.en,
    };
  return {
    subject: `Links zu Ihrem Termin: ${formatWhen('de', p.start)}`,
    text:
      `Sie haben die Links zu Ihrem Termin ${p.code} am ${formatWhen('de', p.start, p.end)} in ${place(p)} angefordert.\n\n` +
      (p.needsConfirmation
        ? `Bitte bestätigen Sie den Termin mit diesem Link:\n${p.link}`
        : `Termin ansehen, verschieben oder absagen:\n${p.link}`) +
      `\n\nFrühere Links gelten nicht mehr. Haben Sie diese E-Mail nicht angefordert? Dann können Sie sie löschen.` +
      signature.de,
  };
}

/** A stop moved to another place or time: the booked person's appointment, the new place and where to look. */
/** The one survey mail after a finished visit; its answers are stored without the person (migration 029). */
function visitFeedbackText(requested: Locale, p: { siteName: string; link: string; optOutUrl: string }) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: 'How was your visit to the mobile town hall?',
      text:
        `Thank you for visiting the mobile town hall at ${p.siteName}. Would you answer three short questions? ` +
        'It takes a minute, is voluntary, and your answers are stored without your name or your booking.\n\n' +
        `${p.link}\n\nThis is the only mail about this visit. No more surveys after future visits:\n${p.optOutUrl}` +
        signature.en,
    };
  return {
    subject: 'Wie war Ihr Besuch beim Mobilen Rathaus?',
    text:
      `Danke für Ihren Besuch beim Mobilen Rathaus in ${p.siteName}. Beantworten Sie uns drei kurze Fragen? ` +
      'Das dauert eine Minute, ist freiwillig, und wir speichern Ihre Antworten ohne Ihren Namen und ohne Ihre Buchung.\n\n' +
      `${p.link}\n\nDies ist die einzige E-Mail zu diesem Besuch. Keine Umfragen mehr nach künftigen Besuchen:\n${p.optOutUrl}` +
      signature.de,
  };
}

function stopMovedText(
  requested: Locale,
  p: PlaceAndTime & { code: string; appointmentStart: Date; stopUrl: string },
) {
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: `Changed: mobile town hall on ${formatWhen('en', p.start)}`,
      text:
        `The mobile town hall you booked has moved. It is now at ${place(p)} on ${formatWhen('en', p.start, p.end)}.` +
        `\nYour appointment: ${formatWhen('en', p.appointmentStart)}, booking code ${p.code}.` +
        `\n\nThe stop with its new place:\n${p.stopUrl}` +
        '\nTo cancel or change your appointment, use the link in your confirmation e-mail.' +
        signature.en,
    };
  return {
    subject: `Geändert: Mobiles Rathaus am ${formatWhen('de', p.start)}`,
    text:
      `Das Mobile Rathaus, bei dem Sie einen Termin haben, ist verlegt. Es ist jetzt in ${place(p)} am ${formatWhen('de', p.start, p.end)}.` +
      `\nIhr Termin: ${formatWhen('de', p.appointmentStart)}, Buchungscode ${p.code}.` +
      `\n\nDer Halt mit dem neuen Ort:\n${p.stopUrl}` +
      '\nAbsagen oder ändern können Sie den Termin mit dem Link aus Ihrer Bestätigungs-E-Mail.' +
      signature.de,
  };
}

type MailKind =
  | 'confirmRequest'
  | 'bookingConfirmed'
  | 'bookingCancelled'
  | 'reminder'
  | 'stopCancelled'
  | 'waitlistConfirmRequest'
  | 'stopMoved'
  | 'waitlistOffer'
  | 'subscriptionConfirm'
  | 'bookingLinks'
  | 'visitFeedback';

/**
 * Turkish, Ukrainian and Arabic mails: the gist and the link in the chosen language on top, then the full
 * German mail (the binding wording). Not yet checked by native speakers, and they say so.
 */
const leadIns: Record<
  'tr' | 'uk' | 'ar',
  { note: string; details: string } & Record<MailKind, [string, string]>
> = {
  tr: {
    note: 'Bu çeviriyi henüz anadili Türkçe olan biri kontrol etmedi.',
    details: 'Tüm ayrıntılar aşağıda Almanca.',
    confirmRequest: ['Lütfen randevunuzu onaylayın', 'Randevunuzu onaylamak için bu bağlantıyı açın:'],
    bookingConfirmed: [
      'Randevunuz onaylandı',
      'Randevunuz onaylandı. Görmek, ertelemek veya iptal etmek için:',
    ],
    bookingCancelled: ['Randevunuz iptal edildi', 'Randevunuz iptal edildi.'],
    reminder: ['Randevunuzu hatırlatıyoruz', 'Randevunuzu hatırlatıyoruz.'],
    stopCancelled: [
      'Bir tarih iptal edildi',
      'Mobiles Rathaus bir tarihi iptal etti. Başka bir tarih bulun:',
    ],
    waitlistConfirmRequest: [
      'Lütfen bekleme listesindeki yerinizi onaylayın',
      'Bekleme listesindeki yerinizi onaylamak için bu bağlantıyı açın:',
    ],
    stopMoved: ['Mobiles Rathaus tarihi değişti', 'Randevunuzun olduğu durak taşındı. Yeni yer ve saat:'],
    waitlistOffer: [
      'Sizin için bir randevu boşaldı',
      'Sizin için bir randevu boşaldı. Almak için bu bağlantıyı açın:',
    ],
    subscriptionConfirm: ['Lütfen bildirimi onaylayın', 'Bildirimi onaylamak için bu bağlantıyı açın:'],
    bookingLinks: ['Randevunuzun bağlantıları', 'İstediğiniz bağlantı (eski bağlantılar artık geçersiz):'],
    visitFeedback: ['Ziyaretiniz nasıldı?', 'Üç kısa soru (isteğe bağlı, adınız olmadan kaydedilir):'],
  },
  uk: {
    note: 'Цей переклад ще не перевірив носій української мови.',
    details: 'Усі подробиці нижче німецькою.',
    confirmRequest: ['Підтвердьте, будь ласка, свій запис', 'Щоб підтвердити запис, відкрийте це посилання:'],
    bookingConfirmed: [
      'Ваш запис підтверджено',
      'Ваш запис підтверджено. Переглянути, перенести або скасувати:',
    ],
    bookingCancelled: ['Ваш запис скасовано', 'Ваш запис скасовано.'],
    reminder: ['Нагадування про ваш запис', 'Нагадуємо про ваш запис.'],
    stopCancelled: ['Дату скасовано', 'Mobiles Rathaus скасувала дату. Знайдіть іншу дату:'],
    waitlistConfirmRequest: [
      'Підтвердьте, будь ласка, своє місце в списку очікування',
      'Щоб підтвердити місце в списку очікування, відкрийте це посилання:',
    ],
    stopMoved: ['Зміна: Mobiles Rathaus', 'Зупинку, де у вас запис, перенесено. Нове місце і час:'],
    waitlistOffer: [
      'Для вас звільнився час',
      'Для вас звільнився час. Щоб його взяти, відкрийте це посилання:',
    ],
    subscriptionConfirm: [
      'Підтвердьте, будь ласка, повідомлення',
      'Щоб підтвердити повідомлення, відкрийте це посилання:',
    ],
    bookingLinks: ['Посилання на ваш запис', 'Запитане посилання (старі посилання більше не діють):'],
    visitFeedback: [
      'Як пройшов ваш візит?',
      'Три короткі запитання (добровільно, зберігаються без вашого імені):',
    ],
  },
  ar: {
    note: 'لم يراجع هذه الترجمة بعد شخص لغته الأم العربية.',
    details: 'كل التفاصيل أدناه باللغة الألمانية.',
    confirmRequest: ['يرجى تأكيد موعدك', 'لتأكيد موعدك افتح هذا الرابط:'],
    bookingConfirmed: ['تم تأكيد موعدك', 'تم تأكيد موعدك. للعرض أو التأجيل أو الإلغاء:'],
    bookingCancelled: ['تم إلغاء موعدك', 'تم إلغاء موعدك.'],
    reminder: ['تذكير بموعدك', 'نذكّرك بموعدك.'],
    stopCancelled: ['أُلغي موعد', 'ألغت Mobiles Rathaus موعدًا. ابحث عن موعد آخر:'],
    waitlistConfirmRequest: [
      'يرجى تأكيد مكانك في قائمة الانتظار',
      'لتأكيد مكانك في قائمة الانتظار افتح هذا الرابط:',
    ],
    stopMoved: ['تغيير: Mobiles Rathaus', 'نُقل الموعد الذي حجزت فيه. المكان والوقت الجديدان:'],
    waitlistOffer: ['توفر لك موعد', 'توفر لك موعد. لأخذه افتح هذا الرابط:'],
    subscriptionConfirm: ['يرجى تأكيد الإشعار', 'لتأكيد الإشعار افتح هذا الرابط:'],
    bookingLinks: ['روابط موعدك', 'الرابط الذي طلبته (الروابط القديمة لم تعد صالحة):'],
    visitFeedback: ['كيف كانت زيارتك؟', 'ثلاثة أسئلة قصيرة (اختيارية، تُحفظ بدون اسمك):'],
  },
};

const mainLink = (p: object): string | undefined => {
  const links = p as Partial<
    Record<'confirmUrl' | 'manageUrl' | 'link' | 'cancelUrl' | 'scheduleUrl' | 'stopUrl', string>
  >;
  return (
    links.confirmUrl ?? links.manageUrl ?? links.link ?? links.cancelUrl ?? links.scheduleUrl ?? links.stopUrl
  );
};

function inChosenLanguage<P extends object>(kind: MailKind, german: (locale: Locale, p: P) => MailText) {
  return (requested: Locale, p: P): MailText => {
    const mail = german(requested, p);
    if (requested !== 'tr' && requested !== 'uk' && requested !== 'ar') return mail;
    const lead = leadIns[requested];
    const [subject, sentence] = lead[kind];
    const link = mainLink(p);
    return {
      subject: `${subject} / ${mail.subject}`,
      text: `${sentence}${link ? `\n${link}` : ''}\n\n${lead.details}\n(${lead.note})\n\n----------\n\n${mail.text}`,
    };
  };
}

interface MailText {
  subject: string;
  text: string;
}

export const confirmRequestMail = inChosenLanguage('confirmRequest', confirmRequestText);
export const bookingConfirmedMail = inChosenLanguage('bookingConfirmed', bookingConfirmedText);
export const bookingCancelledMail = inChosenLanguage('bookingCancelled', bookingCancelledText);
export const reminderMail = inChosenLanguage('reminder', reminderText);
export const stopCancelledMail = inChosenLanguage('stopCancelled', stopCancelledText);
export const waitlistConfirmRequestMail = inChosenLanguage(
  'waitlistConfirmRequest',
  waitlistConfirmRequestText,
);
export const stopMovedMail = inChosenLanguage('stopMoved', stopMovedText);
export const waitlistOfferMail = inChosenLanguage('waitlistOffer', waitlistOfferText);
export const subscriptionConfirmMail = inChosenLanguage('subscriptionConfirm', subscriptionConfirmText);
export const bookingLinksMail = inChosenLanguage('bookingLinks', bookingLinksText);
export const visitFeedbackMail = inChosenLanguage('visitFeedback', visitFeedbackText);

const homeVisitDecisionTexts: Record<
  Translated,
  {
    acceptedSubject: string;
    accepted: (requestedOn: string) => string;
    note: string;
    declinedSubject: string;
    declined: (requestedOn: string, reason: string) => string;
  }
> = {
  tr: {
    acceptedSubject: 'Ev ziyareti isteğiniz: kabul edildi',
    accepted: (on) =>
      `${on} tarihli ev ziyareti isteğinizi kabul ettik. Günü planlayıp size tekrar yazacağız: gün, zaman ` +
      'aralığı, gelecek iki görevlinin adları ve kapıda onları kontrol edebileceğiniz bir kod ile.',
    note: 'Not',
    declinedSubject: 'Ev ziyareti isteğiniz',
    declined: (on, reason) =>
      `Ne yazık ki ${on} tarihinde istediğiniz ev ziyaretini yapamıyoruz.\n\nNeden: ${reason}` +
      '\n\nSorularınız olursa lütfen bizi arayın.',
  },
  uk: {
    acceptedSubject: 'Ваш запит на домашній візит: прийнято',
    accepted: (on) =>
      `Ми прийняли ваш запит на домашній візит від ${on}. Ми сплануємо день і напишемо вам ще раз: про день, ` +
      'проміжок часу, імена двох працівників, які прийдуть, і код, за яким ви зможете перевірити їх біля дверей.',
    note: 'Примітка',
    declinedSubject: 'Ваш запит на домашній візит',
    declined: (on, reason) =>
      `На жаль, ми не можемо здійснити домашній візит, про який ви просили ${on}.\n\nПричина: ${reason}` +
      '\n\nЯкщо у вас є запитання, будь ласка, зателефонуйте нам.',
  },
  ar: {
    acceptedSubject: 'طلبك لزيارة منزلية: تم القبول',
    accepted: (on) =>
      `قبلنا طلبك لزيارة منزلية بتاريخ ${on}. سنخطط لليوم ونكتب لك مرة أخرى: باليوم والفترة الزمنية ` +
      'واسمي الموظفين اللذين سيأتيان ورمز يمكنك به التحقق منهما عند الباب.',
    note: 'ملاحظة',
    declinedSubject: 'طلبك لزيارة منزلية',
    declined: (on, reason) =>
      `للأسف لا نستطيع القيام بالزيارة المنزلية التي طلبتها في ${on}.\n\nالسبب: ${reason}` +
      '\n\nإذا كانت لديك أسئلة، فيرجى الاتصال بنا.',
  },
};

/**
 * The answer to a home-visit request (e-mail or printed letter, the same text): accepted, or declined with the
 * reason, in the language the request was made in (home_visits.locale). The reason is the coordinator's own
 * words and stays as written.
 */
export function homeVisitDecisionMail(
  requested: Locale,
  p: { accepted: boolean; reason: string | null; requestedOn: string },
): MailText {
  if (isTranslated(requested)) {
    const t = homeVisitDecisionTexts[requested];
    return p.accepted
      ? {
          subject: t.acceptedSubject,
          text:
            t.accepted(p.requestedOn) +
            (p.reason ? `\n\n${t.note}: ${p.reason}` : '') +
            translatedEnding[requested],
        }
      : {
          subject: t.declinedSubject,
          text: t.declined(p.requestedOn, p.reason ?? '') + translatedEnding[requested],
        };
  }
  const locale = written(requested);
  if (locale === 'en')
    return p.accepted
      ? {
          subject: 'Your request for a home visit: accepted',
          text:
            `We have accepted your request for a home visit of ${p.requestedOn}. We will plan the day and write ` +
            'to you again with the day, the time window, the names of the two staff members who will come and a ' +
            'code with which you can check them at the door.' +
            (p.reason ? `\n\nNote: ${p.reason}` : '') +
            signature.en,
        }
      : {
          subject: 'Your request for a home visit',
          text:
            `Unfortunately we cannot make the home visit you requested on ${p.requestedOn}.\n\nReason: ${p.reason ?? ''}` +
            '\n\nPlease call us if you have any questions.' +
            signature.en,
        };
  return p.accepted
    ? {
        subject: 'Ihr Wunsch nach einem Hausbesuch: angenommen',
        text:
          `Wir haben Ihren Wunsch nach einem Hausbesuch vom ${p.requestedOn} angenommen. Wir planen den Tag und ` +
          'schreiben Ihnen noch einmal: mit dem Tag, dem Zeitfenster, den Namen der zwei Mitarbeitenden, die ' +
          'kommen, und einem Code, mit dem Sie die beiden an der Tür prüfen können.' +
          (p.reason ? `\n\nHinweis: ${p.reason}` : '') +
          signature.de,
      }
    : {
        subject: 'Ihr Wunsch nach einem Hausbesuch',
        text:
          `Leider können wir den Hausbesuch, den Sie am ${p.requestedOn} gewünscht haben, nicht machen.\n\nGrund: ${p.reason ?? ''}` +
          '\n\nBei Fragen rufen Sie uns gerne an.' +
          signature.de,
      };
}

interface PlannedVisit {
  date: string;
  from: string;
  until: string;
  staffNames: [string, string];
  code: string;
  verifyUrl: string;
}

const homeVisitPlannedTexts: Record<
  Translated,
  { subject: (p: PlannedVisit) => string; text: (p: PlannedVisit) => string }
> = {
  tr: {
    subject: (p) => `${p.date} tarihli ev ziyaretiniz, ${p.from}–${p.until}`,
    text: (p) =>
      `Sizi ${p.date} tarihinde ${p.from} ile ${p.until} arasında ziyaret edeceğiz.\n\n` +
      `Belediyeden iki görevli gelecek: ${p.staffNames[0]} ve ${p.staffNames[1]}.\n\n` +
      `Doğrulama kodunuz: ${p.code}\n` +
      `Kapıda sizi kimin ziyaret ettiğini kontrol edebilirsiniz: Kodu ${p.verifyUrl} adresine girin ya da ` +
      'görevlilerin size gösterdiği tabletteki kodu tarayın. Sayfada adı geçmeyen kimseyi içeri almayın.',
  },
  uk: {
    subject: (p) => `Ваш домашній візит ${p.date}, ${p.from}–${p.until}`,
    text: (p) =>
      `Ми відвідаємо вас ${p.date} між ${p.from} і ${p.until}.\n\n` +
      `Прийдуть двоє працівників міста: ${p.staffNames[0]} і ${p.staffNames[1]}.\n\n` +
      `Ваш код перевірки: ${p.code}\n` +
      `Біля дверей ви можете перевірити, хто до вас прийшов: введіть код на сторінці ${p.verifyUrl} або ` +
      'відскануйте код на планшеті, який вам покажуть працівники. Не впускайте нікого, кого не названо на сторінці.',
  },
  ar: {
    subject: (p) => `زيارتك المنزلية في ${p.date}، ${p.from}–${p.until}`,
    text: (p) =>
      `سنزورك في ${p.date} بين ${p.from} و ${p.until}.\n\n` +
      `سيأتي موظفان من المدينة: ${p.staffNames[0]} و ${p.staffNames[1]}.\n\n` +
      `رمز التحقق الخاص بك: ${p.code}\n` +
      `يمكنك عند الباب التحقق ممن يزورك: أدخل الرمز في الصفحة ${p.verifyUrl} أو امسح الرمز على الجهاز ` +
      'اللوحي الذي يريك إياه الموظفان. لا تُدخل أحدًا لا تذكره الصفحة.',
  },
};

/**
 * The confirmation of a planned home visit: the day, the window, the two staff members and the code, in the
 * language the request was made in.
 */
export function homeVisitPlannedMail(requested: Locale, p: PlannedVisit): MailText {
  if (isTranslated(requested))
    return {
      subject: homeVisitPlannedTexts[requested].subject(p),
      text: homeVisitPlannedTexts[requested].text(p) + translatedEnding[requested],
    };
  const locale = written(requested);
  if (locale === 'en')
    return {
      subject: `Your home visit on ${p.date}, ${p.from}–${p.until}`,
      text:
        `We will visit you on ${p.date} between ${p.from} and ${p.until}.\n\n` +
        `Two staff members of the city will come: ${p.staffNames[0]} and ${p.staffNames[1]}.\n\n` +
        `Your verification code: ${p.code}\n` +
        `At the door you can check who is visiting: enter the code at ${p.verifyUrl}, or scan the code on the ` +
        'tablet the staff show you. Let nobody in whom the page does not name.' +
        signature.en,
    };
  return {
    subject: `Ihr Hausbesuch am ${p.date}, ${p.from}–${p.until} Uhr`,
    text:
      `Wir besuchen Sie am ${p.date} zwischen ${p.from} und ${p.until} Uhr.\n\n` +
      `Es kommen zwei Mitarbeitende der Stadt: ${p.staffNames[0]} und ${p.staffNames[1]}.\n\n` +
      `Ihr Prüfcode: ${p.code}\n` +
      `An der Tür können Sie prüfen, wer Sie besucht: Geben Sie den Code unter ${p.verifyUrl} ein, oder scannen ` +
      'Sie den Code auf dem Tablet, das die beiden Ihnen zeigen. Lassen Sie niemanden herein, den die Seite nicht nennt.' +
      signature.de,
  };
}
