import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { planningApi, type Venue, type VenueFacts } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  Checkbox,
  CheckboxGroup,
  DataTable,
  errorOf,
  PageStatus,
  RowHeader,
  SelectField,
  TextAreaField,
  TextField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';

type Day = 'mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su';
const days: Day[] = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const facts = ['stepFree', 'powerForVan', 'parking', 'kitRoom'] as const;
type Fact = (typeof facts)[number];
type Tristate = '' | 'yes' | 'no';

interface Draft {
  usable: boolean;
  owner: string;
  stepFree: Tristate;
  powerForVan: Tristate;
  parking: Tristate;
  kitRoom: Tristate;
  cost: string;
  note: string;
  days: Day[];
  opens: string;
  closes: string;
}

const tristateOf = (value: boolean | null): Tristate => (value === null ? '' : value ? 'yes' : 'no');
const booleanOf = (value: Tristate): boolean | null => (value === '' ? null : value === 'yes');
const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

function draftOf(venue: Venue): Draft {
  const first = venue.openingHours?.[0];
  return {
    usable: venue.usable,
    owner: venue.owner ?? '',
    stepFree: tristateOf(venue.stepFree),
    powerForVan: tristateOf(venue.powerForVan),
    parking: tristateOf(venue.parking),
    kitRoom: tristateOf(venue.kitRoom),
    cost: venue.costPerDayEur === null ? '' : String(venue.costPerDayEur).replace('.', ','),
    note: venue.note ?? '',
    days: [...new Set(venue.openingHours?.flatMap((entry) => entry.days) ?? [])],
    opens: first?.opens ?? '',
    closes: first?.closes ?? '',
  };
}

/** The field of the form a server problem names (`openingHours[0].closes` → the closing time). */
function fieldIdOf(field: string | undefined): string {
  if (!field) return 'venue-usable';
  if (field.includes('closes')) return 'venue-closes';
  if (field.includes('opens')) return 'venue-opens';
  if (field.startsWith('openingHours')) return 'venue-days';
  const byField: Record<string, string> = {
    usable: 'venue-usable',
    owner: 'venue-owner',
    costPerDayEur: 'venue-cost',
    note: 'venue-note',
    stepFree: 'venue-stepFree',
    powerForVan: 'venue-powerForVan',
    parking: 'venue-parking',
    kitRoom: 'venue-kitRoom',
  };
  return byField[field] ?? 'venue-usable';
}

/** Sites as venues: what is known about each place, and which ones scenarios may propose. */
export function VenuesPage() {
  const { t } = useTranslation();
  const [venues, setVenues] = useState<Venue[] | null>(null);
  const [editing, setEditing] = useState<Venue | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [status, setStatus] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  const { loadError, reload } = usePageLoad(async () => {
    setVenues((await planningApi.listVenues()).items);
  });

  const edit = (venue: Venue) => {
    setEditing(venue);
    setDraft(draftOf(venue));
    setErrors([]);
    setStatus('');
    // After the section has rendered, the focus moves to its heading.
    setTimeout(() => headingRef.current?.focus(), 0);
  };
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((current) => (current ? { ...current, [key]: value } : current));

  const yesNo = (value: boolean | null) =>
    value === null ? t('venues.unknown') : value ? t('venues.yes') : t('venues.no');
  const hoursText = (venue: Venue) =>
    !venue.openingHours || venue.openingHours.length === 0
      ? t('venues.hoursUnknown')
      : venue.openingHours
          .map(
            (entry) =>
              `${entry.days.map((day) => t(`venues.daysShort.${day}`)).join(', ')}${
                entry.opens && entry.closes ? ` ${entry.opens}–${entry.closes}` : ''
              }`,
          )
          .join('; ');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing || !draft) return;
    const found: FieldError[] = [];
    if (draft.usable && editing.placeholder)
      found.push({ fieldId: 'venue-usable', message: t('venues.errors.placeholder') });
    const costText = draft.cost.trim().replace(',', '.');
    const cost = costText === '' ? null : Number(costText);
    if (cost !== null && (!Number.isFinite(cost) || cost < 0 || cost > 100_000))
      found.push({ fieldId: 'venue-cost', message: t('venues.errors.cost') });
    const opens = draft.opens.trim();
    const closes = draft.closes.trim();
    if (opens && !clock.test(opens)) found.push({ fieldId: 'venue-opens', message: t('venues.errors.time') });
    if (closes && !clock.test(closes))
      found.push({ fieldId: 'venue-closes', message: t('venues.errors.time') });
    if (clock.test(opens) && clock.test(closes) && closes <= opens)
      found.push({ fieldId: 'venue-closes', message: t('venues.errors.closesAfterOpens') });
    if ((opens === '') !== (closes === ''))
      found.push({
        fieldId: opens === '' ? 'venue-opens' : 'venue-closes',
        message: t('venues.errors.bothTimes'),
      });
    if ((opens || closes) && draft.days.length === 0)
      found.push({ fieldId: 'venue-days', message: t('venues.errors.daysMissing') });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    const body: VenueFacts = {
      usable: draft.usable,
      owner: draft.owner.trim() || null,
      stepFree: booleanOf(draft.stepFree),
      powerForVan: booleanOf(draft.powerForVan),
      parking: booleanOf(draft.parking),
      kitRoom: booleanOf(draft.kitRoom),
      costPerDayEur: cost,
      note: draft.note.trim() || null,
      openingHours:
        draft.days.length === 0
          ? null
          : [{ days: days.filter((day) => draft.days.includes(day)), ...(opens ? { opens, closes } : {}) }],
    };
    try {
      await planningApi.updateVenue(editing.siteId, body);
      setStatus(t('venues.saved', { name: editing.name }));
      setEditing(null);
      setDraft(null);
      await reload();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setErrors([
        { fieldId: fieldIdOf(field), message: t('venues.failed', { detail: problemText(t, error) }) },
      ]);
      setSubmission((n) => n + 1);
    }
  };

  return (
    <>
      <PageHeading title={t('venues.heading')}>{t('venues.heading')}</PageHeading>
      <p>{t('venues.intro')}</p>
      <PageStatus status={status} loadError={loadError} loading={venues === null} />
      {venues && (
        <DataTable
          caption={t('venues.caption')}
          columns={(['name', 'usable', ...facts, 'cost', 'hours', 'edit'] as const).map((column) =>
            t(`venues.columns.${column}`),
          )}
          rows={venues}
          rowKey={(venue) => venue.siteId}
        >
          {(venue) => (
            <>
              <RowHeader>
                {venue.name}
                {venue.placeholder && ` (${t('venues.placeholder')})`}
              </RowHeader>
              <Cell>{venue.usable ? t('venues.usableYes') : t('venues.usableNo')}</Cell>
              {facts.map((fact: Fact) => (
                <Cell key={fact}>{yesNo(venue[fact])}</Cell>
              ))}
              <Cell>
                {venue.costPerDayEur === null
                  ? t('venues.unknown')
                  : t('venues.costValue', { cost: venue.costPerDayEur })}
              </Cell>
              <Cell>{hoursText(venue)}</Cell>
              <Cell>
                <Button onClick={() => edit(venue)}>{t('venues.edit', { name: venue.name })}</Button>
              </Cell>
            </>
          )}
        </DataTable>
      )}
      {editing && draft && (
        <BackOfficeSection
          id="venue-edit-heading"
          heading={t('venues.editHeading', { name: editing.name })}
          headingRef={headingRef}
        >
          {editing.placeholder && <p>{t('venues.placeholderHint')}</p>}
          <BackOfficeForm
            errors={errors}
            submission={submission}
            onSubmit={(event) => void save(event)}
            submitLabel={t('venues.save')}
            actions={
              <Button
                onClick={() => {
                  setEditing(null);
                  setDraft(null);
                }}
              >
                {t('venues.cancel')}
              </Button>
            }
          >
            <Checkbox
              id="venue-usable"
              label={t('venues.usable')}
              checked={draft.usable}
              onCheckedChange={set('usable')}
              error={errorOf(errors, 'venue-usable')}
            />
            <TextField
              id="venue-owner"
              label={t('venues.owner')}
              value={draft.owner}
              onValueChange={set('owner')}
              autoComplete="off"
            />
            {facts.map((fact) => (
              <SelectField
                key={fact}
                id={`venue-${fact}`}
                label={t(`venues.facts.${fact}`)}
                value={draft[fact]}
                onValueChange={(value) => set(fact)(value as Tristate)}
              >
                <option value="">{t('venues.unknown')}</option>
                <option value="yes">{t('venues.yes')}</option>
                <option value="no">{t('venues.no')}</option>
              </SelectField>
            ))}
            <TextField
              id="venue-cost"
              label={t('venues.cost')}
              hint={t('venues.costHint')}
              error={errorOf(errors, 'venue-cost')}
              inputMode="decimal"
              value={draft.cost}
              onValueChange={set('cost')}
              autoComplete="off"
            />
            <CheckboxGroup
              legend={t('venues.days')}
              hint={t('venues.daysHint')}
              id="venue-days"
              idPrefix="venue-days"
              error={errorOf(errors, 'venue-days')}
              options={days.map((day) => ({ value: day, label: t(`venues.daysLong.${day}`) }))}
              selected={draft.days}
              onSelectedChange={set('days')}
            />
            <TextField
              id="venue-opens"
              label={t('venues.opens')}
              hint={t('venues.timeHint')}
              error={errorOf(errors, 'venue-opens')}
              value={draft.opens}
              onValueChange={set('opens')}
              autoComplete="off"
            />
            <TextField
              id="venue-closes"
              label={t('venues.closes')}
              hint={t('venues.timeHint')}
              error={errorOf(errors, 'venue-closes')}
              value={draft.closes}
              onValueChange={set('closes')}
              autoComplete="off"
            />
            <TextAreaField
              id="venue-note"
              label={t('venues.note')}
              value={draft.note}
              onValueChange={set('note')}
            />
          </BackOfficeForm>
        </BackOfficeSection>
      )}
    </>
  );
}
