import { describe, expect, it } from 'vitest';
import {
  commentConfirmMail,
  moderationDecisionMail,
  participationLinks,
  suggestionConfirmMail,
  supportConfirmMail,
} from './participationMails.ts';
import { homeVisitDecisionMail, homeVisitPlannedMail, type Locale } from './templates.ts';

const links = participationLinks('https://rathaus.example');
const confirmUrl = links.confirmSuggestion('s-1', 'tok-A1');
const supportUrl = links.confirmSupport('u-2', 'tok-B2');
const withdrawUrl = links.withdrawSupport('u-2', 'tok-C3');
const commentUrl = links.confirmComment('c-3', 'tok-D4');
const verifyUrl = 'https://rathaus.example/hausbesuch/pruefen';

interface Mail {
  subject: string;
  text: string;
}

/** Every citizen mail of participation and home visits, with the links it must carry unchanged. */
const mails: { name: string; build: (locale: Locale) => Mail; links: string[] }[] = [
  {
    name: 'suggestion confirmation',
    build: (locale) => suggestionConfirmMail(locale, { confirmUrl }),
    links: [confirmUrl],
  },
  {
    name: 'support confirmation',
    build: (locale) => supportConfirmMail(locale, { confirmUrl: supportUrl, withdrawUrl }),
    links: [supportUrl, withdrawUrl],
  },
  {
    name: 'comment confirmation',
    build: (locale) => commentConfirmMail(locale, { confirmUrl: commentUrl }),
    links: [commentUrl],
  },
  ...(['suggestion', 'comment'] as const).flatMap((contentType) =>
    (['publish', 'reject', 'hide'] as const).map((decision) => ({
      name: `moderation decision (${contentType}, ${decision})`,
      build: (locale: Locale) =>
        moderationDecisionMail(locale, { contentType, decision, reasonCode: 'spam', excerpt: 'X-42' }),
      links: [],
    })),
  ),
  {
    name: 'home visit accepted',
    build: (locale) =>
      homeVisitDecisionMail(locale, { accepted: true, reason: null, requestedOn: '07.12.2026' }),
    links: [],
  },
  {
    name: 'home visit declined',
    build: (locale) =>
      homeVisitDecisionMail(locale, { accepted: false, reason: 'R-7', requestedOn: '07.12.2026' }),
    links: [],
  },
  {
    name: 'home visit planned',
    build: (locale) =>
      homeVisitPlannedMail(locale, {
        date: '14.12.2026',
        from: '09:00',
        until: '11:00',
        staffNames: ['A. One', 'B. Two'],
        code: 'K7M2-9QXP',
        verifyUrl,
      }),
    links: [verifyUrl],
  },
];

/** Words of the language: a Turkish letter or word, Cyrillic, Arabic script. */
const language: Record<Locale, { subject: RegExp; signature: string }> = {
  de: { subject: /[äöüß]|Ihr|Bitte/, signature: 'Ihr Mobiles Rathaus' },
  en: { subject: /Your|Please/, signature: 'Your Mobile Town Hall' },
  tr: { subject: /[çğıöşüİÖ]|ziyaret/, signature: 'Saygılarımızla' },
  uk: { subject: /[\u0400-\u04ff]/, signature: 'З повагою' },
  ar: { subject: /[\u0600-\u06ff]/, signature: 'مع أطيب التحيات' },
};
/** German words that give away a German text (the signature's "Mobiles Rathaus" is a name). */
const german = /\b(Sie|Ihr|Ihre|Ihren|Ihnen|bitte|und|der|die|das|wir|nicht|ist)\b/i;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withoutLinks = (text: string, urls: string[]) =>
  urls.reduce((rest, url) => rest.split(url).join(' '), text);

describe('participation and home-visit mails in all five languages', () => {
  describe.each(mails)('$name', ({ build, links: urls }) => {
    const de = build('de');
    const en = build('en');

    it.each(['de', 'en', 'tr', 'uk', 'ar'] as const)(
      'is written in %s, with the links unchanged',
      (locale) => {
        const mail = build(locale);
        expect(mail.subject).toMatch(language[locale].subject);
        expect(mail.text).toContain(language[locale].signature);
        for (const url of urls) expect(mail.text).toContain(url);
        if (locale === 'de') return;
        expect(mail.subject).not.toBe(de.subject);
        expect(withoutLinks(mail.text, urls)).not.toMatch(german);
        expect(mail.text).not.toContain('Ihr Mobiles Rathaus');
        if (locale === 'en') return;
        expect(mail.subject).not.toBe(en.subject);
        expect(mail.text).not.toContain('Your Mobile Town Hall');
        // A link stands on its own between spaces or line breaks, so that no Turkish suffix or Arabic punctuation
        // sticks to it.
        for (const url of urls) expect(mail.text).toMatch(new RegExp(`(^|\\s)${escape(url)}(\\s|$)`));
        // The Turkish, Ukrainian and Arabic texts say that a native speaker has not yet checked them.
        expect(mail.text).toMatch(/anadili Türkçe|носій української|لغته الأم العربية/);
      },
    );
  });

  it('gives the moderation reason in the language of the mail', () => {
    const reasons = { de: 'Werbung oder Spam.', en: 'Advertising or spam.', tr: 'Reklam veya spam.' };
    for (const [locale, reason] of Object.entries(reasons))
      expect(
        moderationDecisionMail(locale as Locale, {
          contentType: 'comment',
          decision: 'hide',
          reasonCode: 'spam',
          excerpt: 'X-42',
        }).text,
      ).toContain(reason);
    expect(
      moderationDecisionMail('uk', {
        contentType: 'suggestion',
        decision: 'publish',
        reasonCode: 'fits_rules',
        excerpt: 'X-42',
      }),
    ).toMatchObject({ subject: 'Ваша пропозиція: опубліковано', text: expect.stringContaining('«X-42»') });
  });

  it('passes the code and the staff names of a planned home visit through in every language', () => {
    for (const locale of ['de', 'en', 'tr', 'uk', 'ar'] as const) {
      const mail = mails.find((m) => m.name === 'home visit planned')!.build(locale);
      expect(mail.text).toContain('K7M2-9QXP');
      expect(mail.text).toContain('A. One');
      expect(mail.text).toContain('B. Two');
    }
  });
});
