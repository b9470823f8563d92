import { useTranslation } from '../i18n/react.tsx';
import { LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { DraftNote } from '../components/DraftNote/DraftNote.tsx';
import { LegalSections } from '../components/LegalSections/LegalSections.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { useMunicipality } from '../municipality.tsx';

/** The accessibility statement: the municipality's own text. */
export function AccessibilityPage() {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  return (
    <>
      <PageHeading>{t('accessibility.title')}</PageHeading>
      {!municipality ? (
        <LoadingStatus />
      ) : (
        <>
          {municipality.legal.draft && <DraftNote>{t('legal.draftNote')}</DraftNote>}
          {municipality.legal.accessibility?.length ? (
            <LegalSections sections={municipality.legal.accessibility} idPrefix="accessibility" />
          ) : (
            <p className="kern-body">{t('legal.missing')}</p>
          )}
        </>
      )}
    </>
  );
}
