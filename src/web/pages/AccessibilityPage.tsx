import { useTranslation } from 'react-i18next';
import { DraftNote } from '../components/DraftNote/DraftNote.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';

const limitations = [
  'limitationMap',
  'limitationEnglishData',
  'limitationEasyLanguage',
  'limitationReview',
] as const;

export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('accessibility.title')}</PageHeading>
      <DraftNote>{t('accessibility.draftNote')}</DraftNote>
      <p className="kern-body">{t('accessibility.intro')}</p>
      <p className="kern-body">{t('accessibility.scope')}</p>

      <section aria-labelledby="a11y-status" className="page-section">
        <h2 id="a11y-status" className="kern-heading-medium">
          {t('accessibility.statusHeading')}
        </h2>
        <p className="kern-body">{t('accessibility.statusText')}</p>
      </section>

      <section aria-labelledby="a11y-limitations" className="page-section">
        <h2 id="a11y-limitations" className="kern-heading-medium">
          {t('accessibility.limitationsHeading')}
        </h2>
        <ul className="kern-list kern-list--bullet">
          {limitations.map((limitation) => (
            <li key={limitation}>{t(`accessibility.${limitation}`)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="a11y-preparation" className="page-section">
        <h2 id="a11y-preparation" className="kern-heading-medium">
          {t('accessibility.preparationHeading')}
        </h2>
        <p className="kern-body">{t('accessibility.preparationText')}</p>
      </section>

      <section aria-labelledby="a11y-feedback" className="page-section">
        <h2 id="a11y-feedback" className="kern-heading-medium">
          {t('accessibility.feedbackHeading')}
        </h2>
        <p className="kern-body">{t('accessibility.feedbackText')}</p>
        <p className="kern-body">{t('accessibility.feedbackContact')}</p>
      </section>

      <section aria-labelledby="a11y-enforcement" className="page-section">
        <h2 id="a11y-enforcement" className="kern-heading-medium">
          {t('accessibility.enforcementHeading')}
        </h2>
        <p className="kern-body">{t('accessibility.enforcementText')}</p>
        <p className="kern-body">{t('accessibility.enforcementNrw')}</p>
        <p className="kern-body">{t('accessibility.enforcementFederal')}</p>
        <p className="kern-body">
          <a className="kern-link" href="https://www.schlichtungsstelle-bgg.de" rel="noreferrer">
            {t('accessibility.enforcementFederalLink')}
          </a>
        </p>
      </section>
    </>
  );
}
