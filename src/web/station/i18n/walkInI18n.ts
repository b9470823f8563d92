import type { Translator as I18n } from '../../i18n/translator.ts';
import { createAppI18n } from '../../i18n/createAppI18n.ts';
import de from './de.json';

/**
 * The public pages of the station app (drawing a walk-in number, the ticket, the call display) speak the
 * portal's five languages: German and English are the station's own messages; Turkish, Ukrainian and Arabic
 * have files of their own with just the public pages' keys (walkIn/*.json, checked by walkInMessages.test.ts).
 * The choice is the portal's (same storage key), so a citizen who reads the portal in Turkish draws a number in
 * Turkish. Created on first use only: staff pages never create it, so it never sets <html lang dir> for them.
 */
const portalLanguageKey = 'mobiles-rathaus.language';

let instance: I18n | undefined;

export function walkInI18n(): I18n {
  instance ??= createAppI18n({
    de,
    others: {
      en: async () => (await import('./en.json')).default,
      tr: async () => (await import('./walkIn/tr.json')).default,
      uk: async () => (await import('./walkIn/uk.json')).default,
      ar: async () => (await import('./walkIn/ar.json')).default,
    },
    storageKey: portalLanguageKey,
  });
  return instance;
}

/** Translations that no native speaker has checked yet: the public pages say so, as the portal does. */
export const unreviewedLanguages: ReadonlySet<string> = new Set(['tr', 'uk', 'ar']);
