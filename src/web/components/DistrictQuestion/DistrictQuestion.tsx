import { useTranslation } from 'react-i18next';
import type { District } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { FormField } from '../FormField/FormField.tsx';

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
  const items = districts.status === 'ready' ? districts.data.items : [];
  const main = items.filter((d) => !d.parentId).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const quartersOf = (id: string) =>
    items.filter((d) => d.parentId === id).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  return (
    <FormField
      id={districtQuestionId}
      label={t('contact.district')}
      hint={t('contact.districtHint')}
      optional
    >
      {(describedBy) => (
        <div className="kern-form-input__select-wrapper">
          <select
            id={districtQuestionId}
            className="kern-form-input__select"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-describedby={describedBy}
          >
            <option value="">{t('contact.districtNone')}</option>
            {main.map((district) => {
              const quarters = quartersOf(district.id);
              return quarters.length === 0 ? (
                <option key={district.id} value={district.id} lang="de">
                  {district.name}
                </option>
              ) : (
                <optgroup key={district.id} label={district.name} lang="de">
                  <option value={district.id}>{district.name}</option>
                  {quarters.map((quarter) => (
                    <option key={quarter.id} value={quarter.id}>
                      {quarter.name}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </div>
      )}
    </FormField>
  );
}
