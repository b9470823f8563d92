import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormField } from '../../components/FormField/FormField.tsx';

interface District {
  id: string;
  name: string;
  parentId: string | null;
}

/** The municipality's districts from the public API; an empty list when offline (the question is then left out). */
export function useDistricts(): District[] {
  const [districts, setDistricts] = useState<District[]>([]);
  useEffect(() => {
    let cancelled = false;
    fetch('/api/v1/districts', { headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : undefined))
      .then((body: { items?: District[] } | undefined) => {
        if (!cancelled && body?.items) setDistricts(body.items);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return districts;
}

/**
 * "Aus welchem Stadtteil kommen Sie?" on the walk-in pages of the station app (the phone's and the counter's):
 * optional, kept after anonymisation for the evaluation's catchment figures.
 */
export function DistrictSelect({
  id,
  districts,
  value,
  onChange,
}: {
  id: string;
  districts: District[];
  value: string;
  onChange: (districtId: string) => void;
}) {
  const { t } = useTranslation();
  if (districts.length === 0) return null;
  const byName = (a: District, b: District) => a.name.localeCompare(b.name, 'de');
  const main = districts.filter((d) => !d.parentId).sort(byName);
  const quartersOf = (parent: string) => districts.filter((d) => d.parentId === parent).sort(byName);
  return (
    <FormField
      id={id}
      label={t('join.district')}
      hint={t('join.districtHint')}
      optional
      optionalText={t('form.optional')}
      errorPrefix={t('form.errorPrefix')}
    >
      {(describedBy) => (
        <div className="kern-form-input__select-wrapper">
          <select
            id={id}
            className="kern-form-input__select"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-describedby={describedBy}
          >
            <option value="">{t('join.districtNone')}</option>
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
