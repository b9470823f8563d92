import { useTranslation } from 'react-i18next';
import { DraftNote } from '../components/DraftNote/DraftNote.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';

const sections = ['responsible', 'contact', 'supervision', 'software'] as const;

export function ImprintPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('imprint.title')}</PageHeading>
      <DraftNote>{t('imprint.draftNote')}</DraftNote>

      <section aria-labelledby="imprint-provider" className="page-section">
        <h2 id="imprint-provider" className="kern-heading-medium">
          {t('imprint.providerHeading')}
        </h2>
        <p className="kern-body">{t('imprint.providerText')}</p>
        <address className="kern-body postal-address">
          Stadt Gütersloh
          <br />
          Berliner Straße 70
          <br />
          33330 Gütersloh
        </address>
        <p className="kern-body">{t('imprint.legalFormText')}</p>
      </section>

      {sections.map((section) => (
        <section key={section} aria-labelledby={`imprint-${section}`} className="page-section">
          <h2 id={`imprint-${section}`} className="kern-heading-medium">
            {t(`imprint.${section}Heading`)}
          </h2>
          <p className="kern-body">{t(`imprint.${section}Text`)}</p>
        </section>
      ))}
    </>
  );
}
