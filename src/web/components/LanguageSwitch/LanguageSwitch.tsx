import { useTranslation } from 'react-i18next';
import { languages } from '../../format/localized.ts';
import { useLanguage } from '../../useLanguage.ts';

/** Deutsch / English. Each button is labelled in its own language; the choice is remembered (see i18n.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = useLanguage();
  return (
    <div role="group" aria-label={t('language.label')} className="language-switch">
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={language === current}
          className="kern-btn kern-btn--tertiary kern-btn--x-small"
          onClick={() => void i18n.changeLanguage(language)}
        >
          <span className="kern-label">{t(`language.${language}`)}</span>
        </button>
      ))}
    </div>
  );
}
