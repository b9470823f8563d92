import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { DraftNote } from '../components/DraftNote/DraftNote.tsx';
import { LegalSections } from '../components/LegalSections/LegalSections.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { useMunicipality } from '../municipality.tsx';

function Section({ id, heading, children }: { id: string; heading: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="page-section">
      <h2 id={id} className="kern-heading-medium">
        {heading}
      </h2>
      {children}
    </section>
  );
}

const storedItems = ['booking', 'waitlist', 'subscription', 'walkIn', 'feedback', 'staff', 'logs'] as const;
const rights = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'complaint'] as const;

/**
 * `/datenschutz`: what the portal stores, why, for how long (RETENTION_DAYS from the server), the rights of
 * the people concerned, and the municipality's own part (controller, data protection officer, authority).
 */
export function PrivacyPage() {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  if (!municipality) {
    return (
      <>
        <PageHeading>{t('privacy.title')}</PageHeading>
        <LoadingStatus />
      </>
    );
  }
  const days = municipality.retentionDays;
  return (
    <>
      <PageHeading>{t('privacy.title')}</PageHeading>
      {municipality.legal.draft && <DraftNote>{t('legal.draftNote')}</DraftNote>}
      <p className="kern-body">{t('privacy.intro', { municipality: municipality.name })}</p>
      <Section id="privacy-what" heading={t('privacy.whatHeading')}>
        <ul className="kern-list kern-list--bullet">
          {storedItems.map((item) => (
            <li key={item}>{t(`privacy.stored.${item}`)}</li>
          ))}
        </ul>
      </Section>
      <Section id="privacy-why" heading={t('privacy.whyHeading')}>
        <p className="kern-body">{t('privacy.whyText')}</p>
        <p className="kern-body">{t('privacy.legalBasis')}</p>
      </Section>
      <Section id="privacy-how-long" heading={t('privacy.howLongHeading')}>
        <p className="kern-body">{t('privacy.howLongBookings', { count: days })}</p>
        <p className="kern-body">{t('privacy.howLongWaitlist', { count: days })}</p>
        <p className="kern-body">{t('privacy.howLongMails', { count: days })}</p>
        <p className="kern-body">{t('privacy.noTracking')}</p>
      </Section>
      <Section id="privacy-rights" heading={t('privacy.rightsHeading')}>
        <ul className="kern-list kern-list--bullet">
          {rights.map((right) => (
            <li key={right}>{t(`privacy.rights.${right}`)}</li>
          ))}
        </ul>
      </Section>
      {municipality.legal.privacy?.length ? (
        <LegalSections sections={municipality.legal.privacy} idPrefix="privacy-contact" />
      ) : (
        <p className="kern-body">{t('legal.missing')}</p>
      )}
    </>
  );
}
