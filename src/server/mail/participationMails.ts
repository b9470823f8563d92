import type { Locale } from './templates.ts';

/**
 * Mails of participation (issue 15): confirm a suggestion, a support or a comment (double opt-in), and the
 * moderation decision. German, and English for English pages; Turkish, Ukrainian and Arabic get the German
 * text, as the home-visit mails do.
 */
interface MailText {
  subject: string;
  text: string;
}

const english = (locale: Locale) => locale === 'en';
const signature = (locale: Locale) =>
  english(locale) ? '\n\nYour Mobile Town Hall' : '\n\nIhr Mobiles Rathaus';

export const participationLinks = (baseUrl: string) => ({
  confirmSuggestion: (id: string, token: string) => `${baseUrl}/vorschlaege/${id}/bestaetigen#${token}`,
  confirmSupport: (id: string, token: string) => `${baseUrl}/unterstuetzung/${id}/bestaetigen#${token}`,
  withdrawSupport: (id: string, token: string) => `${baseUrl}/unterstuetzung/${id}/zurueckziehen#${token}`,
  confirmComment: (id: string, token: string) => `${baseUrl}/kommentar/${id}/bestaetigen#${token}`,
});

export function suggestionConfirmMail(locale: Locale, p: { confirmUrl: string }): MailText {
  return english(locale)
    ? {
        subject: 'Please confirm your suggestion for a stop',
        text:
          'Thank you for your suggestion. Please open this link to confirm it; after that, our team checks it ' +
          `before it is shown publicly:\n\n${p.confirmUrl}\n\nIf you did not make a suggestion, ignore this mail.` +
          signature(locale),
      }
    : {
        subject: 'Bitte bestätigen Sie Ihren Vorschlag für einen Halt',
        text:
          'Danke für Ihren Vorschlag. Bitte öffnen Sie diesen Link, um ihn zu bestätigen. Danach prüft unser ' +
          `Team den Vorschlag, bevor er öffentlich zu sehen ist:\n\n${p.confirmUrl}\n\n` +
          'Wenn Sie keinen Vorschlag gemacht haben, beachten Sie diese E-Mail bitte nicht.' +
          signature(locale),
      };
}

export function supportConfirmMail(locale: Locale, p: { confirmUrl: string; withdrawUrl: string }): MailText {
  return english(locale)
    ? {
        subject: 'Please confirm your support',
        text:
          `Please open this link to confirm your support for the suggestion:\n\n${p.confirmUrl}\n\n` +
          `You can withdraw your support at any time with this link:\n\n${p.withdrawUrl}` +
          signature(locale),
      }
    : {
        subject: 'Bitte bestätigen Sie Ihre Unterstützung',
        text:
          `Bitte öffnen Sie diesen Link, um Ihre Unterstützung für den Vorschlag zu bestätigen:\n\n${p.confirmUrl}\n\n` +
          `Mit diesem Link können Sie Ihre Unterstützung jederzeit zurückziehen:\n\n${p.withdrawUrl}` +
          signature(locale),
      };
}

export function commentConfirmMail(locale: Locale, p: { confirmUrl: string }): MailText {
  return english(locale)
    ? {
        subject: 'Please confirm your comment',
        text:
          `Please open this link to confirm your comment:\n\n${p.confirmUrl}\n\n` +
          'The first comment from an address is checked by our team before it is shown; we will tell you ' +
          'what was decided.' +
          signature(locale),
      }
    : {
        subject: 'Bitte bestätigen Sie Ihren Kommentar',
        text:
          `Bitte öffnen Sie diesen Link, um Ihren Kommentar zu bestätigen:\n\n${p.confirmUrl}\n\n` +
          'Den ersten Kommentar von einer Adresse prüft unser Team, bevor er zu sehen ist. Wir schreiben ' +
          'Ihnen, wie entschieden wurde.' +
          signature(locale),
      };
}

const reasonTexts: Record<string, { de: string; en: string }> = {
  fits_rules: { de: 'Der Beitrag entspricht den Regeln.', en: 'The contribution keeps to the rules.' },
  spam: { de: 'Werbung oder Spam.', en: 'Advertising or spam.' },
  offensive: { de: 'Beleidigende oder verletzende Inhalte.', en: 'Offensive or hurtful content.' },
  personal_data: { de: 'Persönliche Daten anderer Menschen.', en: "Other people's personal data." },
  off_topic: { de: 'Kein Bezug zum Mobilen Rathaus.', en: 'Not about the Mobile Town Hall.' },
  duplicate: { de: 'Es gibt schon einen gleichen Vorschlag.', en: 'There is already the same suggestion.' },
  other: { de: 'Ein anderer Grund.', en: 'Another reason.' },
};

export function moderationDecisionMail(
  locale: Locale,
  p: {
    contentType: 'suggestion' | 'comment';
    decision: 'publish' | 'reject' | 'hide';
    reasonCode: string;
    excerpt: string;
  },
): MailText {
  const reason = reasonTexts[p.reasonCode] ?? reasonTexts.other!;
  if (english(locale)) {
    const what = p.contentType === 'comment' ? 'comment' : 'suggestion';
    const outcome =
      p.decision === 'publish'
        ? `Your ${what} is now published.`
        : p.decision === 'reject'
          ? `Your ${what} will not be published.`
          : `Your ${what} has been hidden.`;
    return {
      subject: `Your ${what}: ${p.decision === 'publish' ? 'published' : 'not shown'}`,
      text: `${outcome}\n\nReason: ${reason.en}\n\n"${p.excerpt}"` + signature(locale),
    };
  }
  const what = p.contentType === 'comment' ? 'Ihr Kommentar' : 'Ihr Vorschlag';
  const outcome =
    p.decision === 'publish'
      ? `${what} ist jetzt veröffentlicht.`
      : p.decision === 'reject'
        ? `${what} wird nicht veröffentlicht.`
        : `${what} wurde ausgeblendet.`;
  return {
    subject: `${what}: ${p.decision === 'publish' ? 'veröffentlicht' : 'nicht sichtbar'}`,
    text: `${outcome}\n\nGrund: ${reason.de}\n\n„${p.excerpt}“` + signature(locale),
  };
}
