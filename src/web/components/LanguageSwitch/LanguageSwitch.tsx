import { useTranslation } from '../../i18n/react.tsx';
import { supportedLanguages } from '../../i18n/createAppI18n.ts';
import { useLanguage } from '../../useLanguage.ts';

/** Names of the languages, each in its own language (the same on every page). */
const ownNames: Record<string, string> = {
  de: 'Deutsch',
  en: 'English',
  tr: 'Türkçe',
  uk: 'Українська',
  ar: 'العربية',
};

/** The app's languages. Each button is labelled in its own language; the choice is remembered (see i18n.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = useLanguage();
  return (
    <div role="group" aria-label={t('language.label')} className="language-switch">
      {supportedLanguages(i18n).map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          dir={language === 'ar' ? 'rtl' : 'ltr'}
          aria-pressed={language === current}
          className="kern-btn kern-btn--tertiary kern-btn--x-small"
          onClick={() => void i18n.changeLanguage(language)}
        >
          <span className="kern-label">{ownNames[language]}</span>
        </button>
      ))}
    </div>
  );
}
