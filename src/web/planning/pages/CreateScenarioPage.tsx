import { FormField } from '../components/FormField.tsx';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useFormat } from '../format.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { layerFieldOf, layerWeightRows, type LayerWeightRow } from '../scenarioLayers.ts';

type Values = Record<string, string>;
const initial: Values = {
  name: '',
  objective: 'mclp',
  units: '1',
  staffDaysPerWeek: '2',
  sizing: 'p',
  p: '3',
  budgetPerMonth: '5000',
  coverageThresholdMinutes: '15',
  travelMode: 'bus',
  'weights.residents': '1',
  'weights.residents65plus': '1',
  'weights.limitedMobility': '2',
  'weights.pastBookings': '0',
  costPerStaffHour: '48',
  costPerUnitDay: '120',
  'transit.date': '',
  'transit.windowStart': '08:00',
  'transit.windowEnd': '12:00',
  'transit.olderWalkPct': '50',
};
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A real calendar day written YYYY-MM-DD. */
const isDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};
/** The form field a server problem names (`transit.olderWalkShare` is entered in per cent). */
const formFieldOf = (serverField: string) =>
  serverField === 'transit.olderWalkShare' ? 'transit.olderWalkPct' : serverField;
const weightKeys = [
  ['weights.residents', 'form.weightResidents', 'form.weightResidentsHint'],
  ['weights.residents65plus', 'form.weightSeniors', 'form.weightSeniorsHint'],
  ['weights.limitedMobility', 'form.weightMobility', 'form.weightMobilityHint'],
  ['weights.pastBookings', 'form.weightBookings', 'form.weightBookingsHint'],
] as const;
const fieldId = (name: string) => `scenario-${name.replace('.', '-')}`;
const numberIn = (value: string, min: number, max: number, integer = false) => {
  const n = Number(value.replace(',', '.'));
  return value.trim() !== '' &&
    Number.isFinite(n) &&
    n >= min &&
    n <= max &&
    (!integer || Number.isInteger(n))
    ? n
    : undefined;
};

/** Reasons of an `invalid_scenario` problem with a message of their own (`form.errors.scenario.*`). */
const scenarioReasons = new Set([
  'no_demand',
  'model_too_large',
  'sites_or_budget',
  'sites_and_budget',
  'too_many_sites',
  'setcover_with_sites',
  'too_many_units',
  'not_a_venue',
  'no_usable_venue',
  'no_gtfs_feed',
  'outside_feed_validity',
  'transit_window_order',
  'transit_invalid_date',
  'layer_weights_zero',
  'negative_layer_weight',
  'no_demand_layer',
]);

/** The server's objection to a scenario in words: by its reason and numbers, else by its code. */
function scenarioProblemText(t: (key: string, params?: Record<string, unknown>) => string, error: unknown) {
  const reason = error instanceof ApiProblem ? error.details?.reason : undefined;
  if (error instanceof ApiProblem && typeof reason === 'string' && scenarioReasons.has(reason))
    return t(`form.errors.scenario.${reason}`, { ...error.details });
  return problemText(t, error);
}

export function CreateScenarioPage() {
  const { t, calendarDay } = useFormat();
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  // The demand layers present, one weight field each (null while loading; none if the list cannot be read,
  // and the scenario then uses the server's default).
  const [layers, setLayers] = useState<LayerWeightRow[] | null>(null);
  const sentLayers = useRef<LayerWeightRow[]>([]);
  useEffect(() => {
    let live = true;
    planningApi
      .listDemandLayers()
      .then((list) => {
        if (!live) return;
        const rows = layerWeightRows(list);
        setValues((current) => ({
          ...Object.fromEntries(rows.map((row) => [row.name, row.initial])),
          ...current,
        }));
        setLayers(rows);
      })
      .catch(() => live && setLayers([]));
    return () => {
      live = false;
    };
  }, []);
  const layered = (layers?.length ?? 0) > 0;
  // With layers, past contacts are a layer of their own and the group weight for them does not apply.
  const groupWeights = layered ? weightKeys.filter(([name]) => name !== 'weights.pastBookings') : weightKeys;
  const set = (name: string) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const errorOf = (name: string) => errors.find((error) => error.fieldId === fieldId(name))?.message;
  const sized = values.objective !== 'setcover';
  /** Where a layer's figures come from, in words (a date not known says so). */
  const sourceText = (row: LayerWeightRow) => {
    const [key, params] = row.source;
    const date = typeof params.date === 'string' ? calendarDay(params.date) : t('form.layer.dateUnknown');
    return t(key, { ...params, date });
  };

  const validate = () => {
    const found: FieldError[] = [];
    const add = (name: string, message: string) => found.push({ fieldId: fieldId(name), message });
    const body: Record<string, unknown> = {
      name: values.name!.trim(),
      objective: values.objective,
      travelMode: values.travelMode,
      weights: {},
    };
    if (!body.name) add('name', t('form.errors.name'));
    const check = (name: string, min: number, max: number, integer: boolean, message: string) => {
      const n = numberIn(values[name] ?? '', min, max, integer);
      if (n === undefined) add(name, message);
      return n;
    };
    body.units = check('units', 1, 20, true, t('form.errors.units'));
    body.staffDaysPerWeek = check('staffDaysPerWeek', 1, 5, true, t('form.errors.staffDaysPerWeek'));
    if (sized && values.sizing === 'p') body.p = check('p', 1, 200, true, t('form.errors.p'));
    if (sized && values.sizing === 'budget')
      body.budgetPerMonth = check('budgetPerMonth', 0, 10_000_000, false, t('form.errors.budgetPerMonth'));
    body.coverageThresholdMinutes = check(
      'coverageThresholdMinutes',
      1,
      240,
      false,
      t('form.errors.coverageThresholdMinutes'),
    );
    for (const [name] of weightKeys) {
      (body.weights as Record<string, unknown>)[name.split('.')[1]!] =
        layered && name === 'weights.pastBookings' ? 0 : check(name, 0, 100, false, t('form.errors.weight'));
    }
    if (layered) {
      // Weights that sum to zero are the server's to refuse (one rule, one message, naming the field).
      sentLayers.current = layers!;
      body.layerWeights = layers!.map((row) => ({
        kind: row.kind,
        ...(row.layerId ? { layerId: row.layerId } : {}),
        weight: check(row.name, 0, 100, false, t('form.errors.layerWeight')),
      }));
    }
    if (values.travelMode === 'transit') {
      const date = values['transit.date']!.trim();
      if (date !== '' && !isDate(date)) add('transit.date', t('form.errors.transitDate'));
      const start = values['transit.windowStart']!.trim();
      const end = values['transit.windowEnd']!.trim();
      if (!TIME.test(start)) add('transit.windowStart', t('form.errors.transitTime'));
      if (!TIME.test(end)) add('transit.windowEnd', t('form.errors.transitTime'));
      else if (TIME.test(start) && end < start) add('transit.windowEnd', t('form.errors.transitWindowOrder'));
      const walkPct = check('transit.olderWalkPct', 0, 100, false, t('form.errors.transitOlderWalk'));
      body.transit = {
        ...(date !== '' ? { date } : {}),
        windowStart: start,
        windowEnd: end,
        olderWalkShare: walkPct === undefined ? undefined : walkPct / 100,
      };
    }
    body.costPerStaffHour = check('costPerStaffHour', 0, 1000, false, t('form.errors.cost'));
    body.costPerUnitDay = check('costPerUnitDay', 0, 100_000, false, t('form.errors.cost'));
    return { found, body };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { found, body } = validate();
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const scenario = await planningApi.createScenario(body);
      void navigate(`/planung/szenario/${scenario.id}`);
    } catch (error) {
      const problem = error instanceof ApiProblem ? error.problem : undefined;
      const layerField = layerFieldOf(problem?.field ?? '', sentLayers.current);
      const serverField = formFieldOf((problem?.field ?? 'name').split('[')[0]!);
      const known = Object.keys(initial).find(
        (name) => name === serverField || name === `weights.${serverField.split('.')[1] ?? 'residents'}`,
      );
      setErrors([
        {
          fieldId: fieldId(
            layerField ??
              (known && (serverField === known || serverField.startsWith('weights')) ? known : 'name'),
          ),
          message: t('form.errors.server', { detail: scenarioProblemText(t, error) }),
        },
      ]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const input = (
    name: string,
    label: string,
    hint?: string,
    type: 'text' | 'number' = 'number',
    required = true,
  ) => (
    <FormField id={fieldId(name)} label={label} hint={hint} error={errorOf(name)}>
      {(describedBy) => (
        <input
          id={fieldId(name)}
          className={`kern-form-input__input${errorOf(name) ? ' kern-form-input__input--error' : ''}`}
          type="text"
          inputMode={type === 'number' ? 'decimal' : undefined}
          value={values[name]}
          onChange={(event) => set(name)(event.target.value)}
          aria-invalid={errorOf(name) ? true : undefined}
          aria-describedby={describedBy}
          required={required}
        />
      )}
    </FormField>
  );
  const select = (name: string, label: string, options: [string, string][]) => (
    <FormField id={fieldId(name)} label={label} error={errorOf(name)}>
      {(describedBy) => (
        <select
          id={fieldId(name)}
          className="kern-form-input__select"
          value={values[name]}
          onChange={(event) => set(name)(event.target.value)}
          aria-describedby={describedBy}
        >
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );

  return (
    <>
      <PageHeading title={t('form.heading')}>{t('form.heading')}</PageHeading>
      <ErrorSummary errors={errors} submission={submission} />
      <p>{t('form.intro')}</p>
      <form noValidate onSubmit={(event) => void submit(event)} className="planning-form">
        {input('name', t('form.name'), t('form.nameHint'), 'text')}
        {select('objective', t('form.objective'), [
          ['mclp', t('objective.mclp')],
          ['pmedian', t('objective.pmedian')],
          ['setcover', t('objective.setcover')],
        ])}
        {input('units', t('form.units'), t('form.unitsHint'))}
        {input('staffDaysPerWeek', t('form.staffDays'), t('form.staffDaysHint'))}
        {sized && (
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('form.sizing')}</legend>
            <div className="kern-fieldset__body planning-radios">
              {(['p', 'budget'] as const).map((option) => (
                <div key={option} className="kern-form-check">
                  <input
                    id={`scenario-sizing-${option}`}
                    className="kern-form-check__input"
                    type="radio"
                    name="sizing"
                    value={option}
                    checked={values.sizing === option}
                    onChange={() => set('sizing')(option)}
                  />
                  <label className="kern-label" htmlFor={`scenario-sizing-${option}`}>
                    {option === 'p' ? t('form.sizingP') : t('form.sizingBudget')}
                  </label>
                </div>
              ))}
            </div>
            {values.sizing === 'p'
              ? input('p', t('form.p'), t('form.pHint'))
              : input('budgetPerMonth', t('form.budget'), t('form.budgetHint'))}
          </fieldset>
        )}
        {input('coverageThresholdMinutes', t('form.threshold'), t('form.thresholdHint'))}
        {select('travelMode', t('form.mode'), [
          ['walk', t('mode.walk')],
          ['bike', t('mode.bike')],
          ['bus', t('mode.bus')],
          ['car', t('mode.car')],
          ['transit', t('mode.transit')],
        ])}
        {values.travelMode === 'transit' && (
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('form.transitLegend')}</legend>
            <p className="kern-hint">{t('form.transitIntro')}</p>
            {input('transit.date', t('form.transitDate'), t('form.transitDateHint'), 'text', false)}
            {input('transit.windowStart', t('form.transitWindowStart'), t('form.transitTimeHint'), 'text')}
            {input('transit.windowEnd', t('form.transitWindowEnd'), t('form.transitTimeHint'), 'text')}
            {input('transit.olderWalkPct', t('form.transitOlderWalk'), t('form.transitOlderWalkHint'))}
          </fieldset>
        )}
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('form.weightsLegend')}</legend>
          <p className="kern-hint">{t('form.weightsIntro')}</p>
          {groupWeights.map(([name, label, hint]) => (
            <div key={name}>{input(name, t(label), t(hint))}</div>
          ))}
        </fieldset>
        {layered && (
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('form.layersLegend')}</legend>
            <p className="kern-hint">{t('form.layersIntro')}</p>
            {layers!.map((row) => (
              <div key={row.name}>{input(row.name, t(row.label[0], row.label[1]), sourceText(row))}</div>
            ))}
          </fieldset>
        )}
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('form.costsLegend')}</legend>
          {input('costPerStaffHour', t('form.costStaffHour'))}
          {input('costPerUnitDay', t('form.costUnitDay'))}
        </fieldset>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{busy ? t('form.submitting') : t('form.submit')}</span>
        </button>
      </form>
    </>
  );
}
