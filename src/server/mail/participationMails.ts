import { isTranslated, translatedEnding, type Locale, type Translated } from './templates.ts';

/**
 * Mails of participation (issue 15): confirm a suggestion, a support or a comment (double opt-in), and the
 * moderation decision. Written in full in all five languages of the portal: German, English, Turkish, Ukrainian
 * and Arabic (the locale stored with the suggestion, support or comment). The Turkish, Ukrainian and Arabic
 * texts end with a note that a native speaker has not yet checked them, then their own signature.
 */
interface MailText {
  subject: string;
  text: string;
}

const english = (locale: Locale) => locale === 'en';
/** A Turkish, Ukrainian or Arabic mail with its review note and signature. */
const ending = (locale: Translated, mail: MailText): MailText => ({
  subject: mail.subject,
  text: mail.text + translatedEnding[locale],
});
const signature = (locale: Locale) =>
  english(locale) ? '\n\nYour Mobile Town Hall' : '\n\nIhr Mobiles Rathaus';

export const participationLinks = (baseUrl: string) => ({
  confirmSuggestion: (id: string, token: string) => `${baseUrl}/vorschlaege/${id}/bestaetigen#${token}`,
  confirmSupport: (id: string, token: string) => `${baseUrl}/unterstuetzung/${id}/bestaetigen#${token}`,
  withdrawSupport: (id: string, token: string) => `${baseUrl}/unterstuetzung/${id}/zurueckziehen#${token}`,
  confirmComment: (id: string, token: string) => `${baseUrl}/kommentar/${id}/bestaetigen#${token}`,
});

const suggestionConfirmTexts: Record<Translated, (confirmUrl: string) => MailText> = {
  tr: (url) => ({
    subject: 'Lütfen durak önerinizi onaylayın',
    text:
      'Öneriniz için teşekkür ederiz. Onaylamak için lütfen bu bağlantıyı açın. Ardından ekibimiz öneriyi, ' +
      `herkese gösterilmeden önce kontrol eder:\n\n${url}\n\n` +
      'Bir öneri yapmadıysanız lütfen bu e-postayı dikkate almayın.',
  }),
  uk: (url) => ({
    subject: 'Підтвердьте, будь ласка, свою пропозицію зупинки',
    text:
      'Дякуємо за вашу пропозицію. Щоб її підтвердити, відкрийте, будь ласка, це посилання. Після цього наша ' +
      `команда перевірить пропозицію, перш ніж її побачать усі:\n\n${url}\n\n` +
      'Якщо ви не робили пропозиції, просто не зважайте на цей лист.',
  }),
  ar: (url) => ({
    subject: 'يرجى تأكيد اقتراحك لمحطة توقف',
    text:
      'شكرًا لاقتراحك. يرجى فتح هذا الرابط لتأكيده. بعد ذلك يراجع فريقنا الاقتراح قبل أن يظهر للجميع:' +
      `\n\n${url}\n\n` +
      'إذا لم تقدّم أي اقتراح، فيرجى تجاهل هذه الرسالة.',
  }),
};

export function suggestionConfirmMail(locale: Locale, p: { confirmUrl: string }): MailText {
  if (isTranslated(locale)) return ending(locale, suggestionConfirmTexts[locale](p.confirmUrl));
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

const supportConfirmTexts: Record<Translated, (confirmUrl: string, withdrawUrl: string) => MailText> = {
  tr: (confirm, withdraw) => ({
    subject: 'Lütfen desteğinizi onaylayın',
    text:
      `Öneriye desteğinizi onaylamak için lütfen bu bağlantıyı açın:\n\n${confirm}\n\n` +
      `Desteğinizi bu bağlantıyla istediğiniz zaman geri çekebilirsiniz:\n\n${withdraw}`,
  }),
  uk: (confirm, withdraw) => ({
    subject: 'Підтвердьте, будь ласка, свою підтримку',
    text:
      `Щоб підтвердити свою підтримку пропозиції, відкрийте, будь ласка, це посилання:\n\n${confirm}\n\n` +
      `За цим посиланням ви можете будь-коли відкликати свою підтримку:\n\n${withdraw}`,
  }),
  ar: (confirm, withdraw) => ({
    subject: 'يرجى تأكيد دعمك',
    text:
      `يرجى فتح هذا الرابط لتأكيد دعمك للاقتراح:\n\n${confirm}\n\n` +
      `يمكنك سحب دعمك في أي وقت بهذا الرابط:\n\n${withdraw}`,
  }),
};

export function supportConfirmMail(locale: Locale, p: { confirmUrl: string; withdrawUrl: string }): MailText {
  if (isTranslated(locale)) return ending(locale, supportConfirmTexts[locale](p.confirmUrl, p.withdrawUrl));
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

const commentConfirmTexts: Record<Translated, (confirmUrl: string) => MailText> = {
  tr: (url) => ({
    subject: 'Lütfen yorumunuzu onaylayın',
    text:
      `Yorumunuzu onaylamak için lütfen bu bağlantıyı açın:\n\n${url}\n\n` +
      'Bir adresten gelen ilk yorumu ekibimiz, gösterilmeden önce kontrol eder. Nasıl karar verildiğini size ' +
      'yazarız.',
  }),
  uk: (url) => ({
    subject: 'Підтвердьте, будь ласка, свій коментар',
    text:
      `Щоб підтвердити свій коментар, відкрийте, будь ласка, це посилання:\n\n${url}\n\n` +
      'Перший коментар з однієї адреси наша команда перевіряє, перш ніж його буде видно. Ми напишемо вам, ' +
      'яке рішення ухвалено.',
  }),
  ar: (url) => ({
    subject: 'يرجى تأكيد تعليقك',
    text:
      `يرجى فتح هذا الرابط لتأكيد تعليقك:\n\n${url}\n\n` +
      'يراجع فريقنا التعليق الأول من كل عنوان قبل أن يظهر. وسنكتب لك بما تقرر.',
  }),
};

export function commentConfirmMail(locale: Locale, p: { confirmUrl: string }): MailText {
  if (isTranslated(locale)) return ending(locale, commentConfirmTexts[locale](p.confirmUrl));
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

const reasonTexts: Record<string, Record<'de' | 'en' | Translated, string>> = {
  fits_rules: {
    de: 'Der Beitrag entspricht den Regeln.',
    en: 'The contribution keeps to the rules.',
    tr: 'Katkı kurallara uyuyor.',
    uk: 'Допис відповідає правилам.',
    ar: 'المساهمة تلتزم بالقواعد.',
  },
  spam: {
    de: 'Werbung oder Spam.',
    en: 'Advertising or spam.',
    tr: 'Reklam veya spam.',
    uk: 'Реклама або спам.',
    ar: 'إعلان أو رسائل مزعجة.',
  },
  offensive: {
    de: 'Beleidigende oder verletzende Inhalte.',
    en: 'Offensive or hurtful content.',
    tr: 'Hakaret içeren veya incitici içerik.',
    uk: 'Образливий або кривдний зміст.',
    ar: 'محتوى مسيء أو جارح.',
  },
  personal_data: {
    de: 'Persönliche Daten anderer Menschen.',
    en: "Other people's personal data.",
    tr: 'Başkalarının kişisel bilgileri.',
    uk: 'Особисті дані інших людей.',
    ar: 'بيانات شخصية لأشخاص آخرين.',
  },
  off_topic: {
    de: 'Kein Bezug zum Mobilen Rathaus.',
    en: 'Not about the Mobile Town Hall.',
    tr: 'Mobil Belediye ile ilgisi yok.',
    uk: 'Не стосується Мобільної ратуші.',
    ar: 'لا علاقة له بالبلدية المتنقلة.',
  },
  duplicate: {
    de: 'Es gibt schon einen gleichen Vorschlag.',
    en: 'There is already the same suggestion.',
    tr: 'Aynı öneri zaten var.',
    uk: 'Така сама пропозиція вже є.',
    ar: 'يوجد اقتراح مماثل بالفعل.',
  },
  other: {
    de: 'Ein anderer Grund.',
    en: 'Another reason.',
    tr: 'Başka bir neden.',
    uk: 'Інша причина.',
    ar: 'سبب آخر.',
  },
};

type Decision = 'publish' | 'reject' | 'hide';

/** Per language and content type: the subject's start, the outcome sentences, the shown word and the quotes. */
const decisionTexts: Record<
  Translated,
  {
    what: Record<'suggestion' | 'comment', { subject: string } & Record<Decision, string>>;
    published: string;
    notShown: string;
    reason: string;
    quote: (excerpt: string) => string;
  }
> = {
  tr: {
    what: {
      suggestion: {
        subject: 'Öneriniz',
        publish: 'Öneriniz artık yayımlandı.',
        reject: 'Öneriniz yayımlanmayacak.',
        hide: 'Öneriniz gizlendi.',
      },
      comment: {
        subject: 'Yorumunuz',
        publish: 'Yorumunuz artık yayımlandı.',
        reject: 'Yorumunuz yayımlanmayacak.',
        hide: 'Yorumunuz gizlendi.',
      },
    },
    published: 'yayımlandı',
    notShown: 'gösterilmiyor',
    reason: 'Neden',
    quote: (excerpt) => `"${excerpt}"`,
  },
  uk: {
    what: {
      suggestion: {
        subject: 'Ваша пропозиція',
        publish: 'Вашу пропозицію опубліковано.',
        reject: 'Вашу пропозицію не буде опубліковано.',
        hide: 'Вашу пропозицію приховано.',
      },
      comment: {
        subject: 'Ваш коментар',
        publish: 'Ваш коментар опубліковано.',
        reject: 'Ваш коментар не буде опубліковано.',
        hide: 'Ваш коментар приховано.',
      },
    },
    published: 'опубліковано',
    notShown: 'не показано',
    reason: 'Причина',
    quote: (excerpt) => `«${excerpt}»`,
  },
  ar: {
    what: {
      suggestion: {
        subject: 'اقتراحك',
        publish: 'تم نشر اقتراحك الآن.',
        reject: 'لن يُنشر اقتراحك.',
        hide: 'تم إخفاء اقتراحك.',
      },
      comment: {
        subject: 'تعليقك',
        publish: 'تم نشر تعليقك الآن.',
        reject: 'لن يُنشر تعليقك.',
        hide: 'تم إخفاء تعليقك.',
      },
    },
    published: 'تم النشر',
    notShown: 'غير ظاهر',
    reason: 'السبب',
    quote: (excerpt) => `«${excerpt}»`,
  },
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
  if (isTranslated(locale)) {
    const t = decisionTexts[locale];
    const what = t.what[p.contentType];
    return ending(locale, {
      subject: `${what.subject}: ${p.decision === 'publish' ? t.published : t.notShown}`,
      text: `${what[p.decision]}\n\n${t.reason}: ${reason[locale]}\n\n${t.quote(p.excerpt)}`,
    });
  }
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
