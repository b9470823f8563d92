import { useTranslation } from '../../i18n/react.tsx';
import type { District, Site } from '../../api/types.ts';
import { SelectField, TextField } from '../TextField/TextField.tsx';

export interface StopFilterValue {
  districtId: string;
  siteId: string;
  /** YYYY-MM-DD; only where the filter shows a date */
  from?: string;
}

interface StopFiltersProps {
  idPrefix: string;
  districts: District[];
  sites: Site[];
  value: StopFilterValue;
  onChange: (value: StopFilterValue) => void;
  /** earliest date that can be chosen, when the date field is shown */
  minDate?: string;
  fromError?: string | undefined;
}

/** The ids of a district and of its quarters (the Kernstadt has quarters). */
export function districtWithQuarters(districtId: string, districts: District[]): Set<string> {
  return new Set([districtId, ...districts.filter((d) => d.parentId === districtId).map((d) => d.id)]);
}

/** District and site selects (and a start date); the list of sites follows the chosen district. */
export function StopFilters({
  idPrefix,
  districts,
  sites,
  value,
  onChange,
  minDate,
  fromError,
}: StopFiltersProps) {
  const { t } = useTranslation();
  const inDistrict = value.districtId ? districtWithQuarters(value.districtId, districts) : null;
  const siteChoices = sites
    .filter(
      (site) => !site.placeholder && (!inDistrict || (site.districtId && inDistrict.has(site.districtId))),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const districtChoices = [...districts].sort((a, b) => a.name.localeCompare(b.name, 'de'));

  return (
    <div className="stop-filters">
      <SelectField
        id={`${idPrefix}-district`}
        label={t('filters.district')}
        value={value.districtId}
        onValueChange={(districtId) => {
          const keepSite = sites.find((site) => site.id === value.siteId);
          const allowed = districtId ? districtWithQuarters(districtId, districts) : null;
          const siteStays = !allowed || (keepSite?.districtId && allowed.has(keepSite.districtId));
          onChange({ ...value, districtId, siteId: siteStays ? value.siteId : '' });
        }}
        options={[
          { value: '', label: t('filters.allDistricts') },
          ...districtChoices.map((district) => ({ value: district.id, label: district.name })),
        ]}
      />
      <SelectField
        id={`${idPrefix}-site`}
        label={t('filters.site')}
        value={value.siteId}
        onValueChange={(siteId) => onChange({ ...value, siteId })}
        options={[
          { value: '', label: t('filters.allSites') },
          ...siteChoices.map((site) => ({ value: site.id, label: site.name })),
        ]}
      />
      {value.from !== undefined && (
        <TextField
          id={`${idPrefix}-from`}
          type="date"
          label={t('filters.from')}
          hint={t('filters.fromHint')}
          value={value.from}
          min={minDate}
          error={fromError}
          onValueChange={(from) => onChange({ ...value, from })}
        />
      )}
    </div>
  );
}
