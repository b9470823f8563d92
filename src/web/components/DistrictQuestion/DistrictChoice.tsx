import { FormField } from '../FormField/FormField.tsx';

export interface DistrictOption {
  id: string;
  name: string;
  parentId: string | null;
}

export interface DistrictChoiceProps {
  id: string;
  districts: readonly DistrictOption[];
  value: string;
  onChange: (districtId: string) => void;
  label: string;
  hint: string;
  /** The first option, for "no answer". */
  noneText: string;
  /** The text marking the field optional; the app's `form.optional` message unless given. */
  optionalText?: string | undefined;
  /** The screen-reader prefix of an error message; see FieldErrorMessage. */
  errorPrefix?: string | undefined;
}

/**
 * "Aus welchem Stadtteil kommen Sie?" as an optional select: the districts by name, each with its quarters in an
 * option group (the district itself first). Place names stay German (`lang="de"`) in every language. The portal
 * (DistrictQuestion) and the station app's walk-in pages (DistrictSelect) give it their texts.
 */
export function DistrictChoice({
  id,
  districts,
  value,
  onChange,
  label,
  hint,
  noneText,
  optionalText,
  errorPrefix,
}: DistrictChoiceProps) {
  const byName = (a: DistrictOption, b: DistrictOption) => a.name.localeCompare(b.name, 'de');
  const main = districts.filter((d) => !d.parentId).sort(byName);
  const quartersOf = (parent: string) => districts.filter((d) => d.parentId === parent).sort(byName);
  return (
    <FormField
      id={id}
      label={label}
      hint={hint}
      optional
      optionalText={optionalText}
      errorPrefix={errorPrefix}
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
            <option value="">{noneText}</option>
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
