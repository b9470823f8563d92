import type { LegalSection, LocalizedText } from '../../api/types.ts';
import type { Language } from '../../format/localized.ts';
import { useLanguage } from '../../useLanguage.ts';

/** The text in the page's language where the municipality has it; else German, marked as German. */
export function localizedText(text: LocalizedText, language: Language): { text: string; lang?: 'de' } {
  const translated = text[language];
  if (translated) return { text: translated };
  return language === 'de' ? { text: text.de } : { text: text.de, lang: 'de' };
}

/** Sections of a municipality's own legal text (imprint, accessibility statement, privacy contacts). */
export function LegalSections({ sections, idPrefix }: { sections: LegalSection[]; idPrefix: string }) {
  const language = useLanguage();
  return (
    <>
      {sections.map((section, index) => {
        const heading = localizedText(section.heading, language);
        const id = `${idPrefix}-${index}`;
        return (
          <section key={id} aria-labelledby={id} className="page-section">
            <h2 id={id} className="kern-heading-medium" lang={heading.lang}>
              {heading.text}
            </h2>
            {section.paragraphs.map((paragraph, paragraphIndex) => {
              const shown = localizedText(paragraph, language);
              return (
                <p key={paragraphIndex} className="kern-body" lang={shown.lang}>
                  {shown.text}
                </p>
              );
            })}
          </section>
        );
      })}
    </>
  );
}
