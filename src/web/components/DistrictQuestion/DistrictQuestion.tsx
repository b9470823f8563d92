import { useTranslation } from '../../i18n/react.tsx';
import type { District } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { DistrictChoice } from './DistrictChoice.tsx';

export const districtQuestionId = 'origin-district';

/**
 * "Aus welchem Stadtteil kommen Sie?": an optional choice of the municipality's districts (quarters under their
 * district). It feeds the evaluation's catchment figures and is kept when personal data is anonymised.
 */
export function DistrictQuestion({
  value,
  onChange,
}: {
  value: string;
  onChange: (districtId: string) => void;
}) {
  const { t } = useTranslation();
  const districts = useApi<{ items: District[] }>('/api/v1/districts');
  return (
    <DistrictChoice
      id={districtQuestionId}
      districts={districts.status === 'ready' ? districts.data.items : []}
      value={value}
      onChange={onChange}
      label={t('contact.district')}
      hint={t('contact.districtHint')}
      noneText={t('contact.districtNone')}
    />
  );
}
