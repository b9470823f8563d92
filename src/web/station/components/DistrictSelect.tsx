import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { DistrictChoice, type DistrictOption } from '../../components/DistrictQuestion/DistrictChoice.tsx';

type District = DistrictOption;

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
  return (
    <DistrictChoice
      id={id}
      districts={districts}
      value={value}
      onChange={onChange}
      label={t('join.district')}
      hint={t('join.districtHint')}
      noneText={t('join.districtNone')}
      optionalText={t('form.optional')}
      errorPrefix={t('form.errorPrefix')}
    />
  );
}
