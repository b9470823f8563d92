import { useTranslation } from '../i18n/react.tsx';
import { LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { DraftNote } from '../components/DraftNote/DraftNote.tsx';
import { LegalSections } from '../components/LegalSections/LegalSections.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { useMunicipality } from '../municipality.tsx';

/** The imprint: the municipality's own text (a second municipality shows its own). */
export function ImprintPage() {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  return (
    <>
      <PageHeading>{t('imprint.title')}</PageHeading>
      {!municipality ? (
        <LoadingStatus />
      ) : (
        <>
          {municipality.legal.draft && <DraftNote>{t('legal.draftNote')}</DraftNote>}
          {municipality.legal.imprint?.length ? (
            <LegalSections sections={municipality.legal.imprint} idPrefix="imprint" />
          ) : (
            <p className="kern-body">{t('legal.missing')}</p>
          )}
        </>
      )}
    </>
  );
}
