import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/client.ts';
import { FieldErrorMessage } from '../../components/TextField/TextField.tsx';
import { problemText } from '../../api/problemMessages.ts';
import {
  planningApi,
  type StaffRole,
  type TestPhaseComparator,
  type TestPhaseKpi,
  type TestPhaseKpiDefinition,
  type TestPhaseList,
  type TestPhaseRequest,
} from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Cell,
  Checkbox,
  CheckboxGroup,
  DataTable,
  errorOf,
  PageStatus,
  RowHeader,
  SelectField,
  TextField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useTestPhaseFormat } from '../testPhaseFormat.ts';

interface TargetRow {
  use: boolean;
  comparator: TestPhaseComparator;
  value: string;
  districtId: string;
}

/** Suggested targets, in the form's units (per cent for shares), for a planner who ticks a KPI. */
const suggestions: Record<TestPhaseKpi, string> = {
  utilisation: '60',
  cost_per_contact: '',
  satisfaction: '4',
  would_use_again_share: '80',
  outside_district_share: '30',
  contacts_per_stop: '10',
  wait_p90: '20',
  no_show_rate: '10',
};

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
const parseNumber = (value: string) => {
  const normalised = value.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : Number.NaN;
};
/** Shares are typed in per cent and sent as 0..1. */
const factor = (definition: TestPhaseKpiDefinition) => (definition.unit === 'share' ? 100 : 1);

const emptyForm = { name: '', startDate: '', endDate: '', siteIds: [] as string[], unitIds: [] as string[] };

/**
 * Test phases (Erprobungsphasen): the list with links to each report, and for planners and admins the form
 * that defines one — period, sites, units and a target for each KPI ticked.
 */
export function TestPhasesPage({ role }: { role: StaffRole }) {
  const [data, setData] = useState<TestPhaseList | null>(null);
  const [form, setForm] = useState(emptyForm);
  const [rows, setRows] = useState<Partial<Record<TestPhaseKpi, TargetRow>>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [status, setStatus] = useState('');
  const mayCreate = role === 'admin' || role === 'planner';
  const text = useTestPhaseFormat(data?.options.districts ?? []);
  const { t } = text;

  const { loadError, reload } = usePageLoad(async () => setData(await planningApi.listTestPhases()));
  const kpis = data?.options.kpis ?? [];
  const rowOf = (definition: TestPhaseKpiDefinition): TargetRow =>
    rows[definition.key] ?? {
      use: false,
      comparator: definition.usual,
      value: suggestions[definition.key],
      districtId: '',
    };
  const setRow = (definition: TestPhaseKpiDefinition, change: Partial<TargetRow>) =>
    setRows((current) => ({ ...current, [definition.key]: { ...rowOf(definition), ...change } }));
  const plainName = (kpi: TestPhaseKpi) => t(`testPhases.kpisPlain.${kpi}`);
  const siteNames = (ids: string[]) =>
    ids.map((id) => data?.options.sites.find((site) => site.id === id)?.name ?? id).join(', ');

  const check = (): { found: FieldError[]; request: TestPhaseRequest; order: TestPhaseKpi[] } => {
    const found: FieldError[] = [];
    if (!form.name.trim()) found.push({ fieldId: 'phase-name', message: t('testPhases.errors.name') });
    if (!isDate(form.startDate))
      found.push({ fieldId: 'phase-start', message: t('testPhases.errors.startDate') });
    if (!isDate(form.endDate)) found.push({ fieldId: 'phase-end', message: t('testPhases.errors.endDate') });
    if (isDate(form.startDate) && isDate(form.endDate) && form.endDate < form.startDate) {
      found.push({ fieldId: 'phase-end', message: t('testPhases.errors.endBeforeStart') });
    }
    if (form.siteIds.length === 0)
      found.push({ fieldId: 'phase-sites', message: t('testPhases.errors.sites') });
    if (form.unitIds.length === 0)
      found.push({ fieldId: 'phase-units', message: t('testPhases.errors.units') });
    const used = kpis.filter((definition) => rowOf(definition).use);
    if (used.length === 0) found.push({ fieldId: 'phase-targets', message: t('testPhases.errors.targets') });
    const targets = used.map((definition) => {
      const row = rowOf(definition);
      const value = parseNumber(row.value);
      const scale = factor(definition);
      if (Number.isNaN(value) || value < definition.min * scale || value > definition.max * scale) {
        found.push({
          fieldId: `phase-target-${definition.key}`,
          message: t('testPhases.errors.target', {
            kpi: plainName(definition.key),
            min: text.number(definition.min * scale),
            max: text.number(definition.max * scale),
          }),
        });
      }
      if (definition.needsDistrict && !row.districtId) {
        found.push({
          fieldId: `phase-district-${definition.key}`,
          message: t('testPhases.errors.district', { kpi: plainName(definition.key) }),
        });
      }
      return {
        kpi: definition.key,
        comparator: row.comparator,
        target: value / scale,
        ...(definition.needsDistrict ? { districtId: row.districtId } : {}),
      };
    });
    return {
      found,
      order: used.map((definition) => definition.key),
      request: {
        name: form.name.trim(),
        startDate: form.startDate,
        endDate: form.endDate,
        siteIds: form.siteIds,
        unitIds: form.unitIds,
        targets,
      },
    };
  };

  /** The form field an API problem's `field` names (`siteIds[1]`, `targets[0].target`, `targets.0.kpi` …). */
  const fieldIdOf = (field: string | undefined, order: TestPhaseKpi[]) => {
    if (!field) return 'phase-name';
    const target = /^targets(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?/.exec(field);
    if (target) {
      const kpi = order[Number(target[1] ?? target[2])];
      if (!kpi) return 'phase-targets';
      return target[3] === 'districtId' ? `phase-district-${kpi}` : `phase-target-${kpi}`;
    }
    const plain: Record<string, string> = {
      name: 'phase-name',
      startDate: 'phase-start',
      endDate: 'phase-end',
      siteIds: 'phase-sites',
      unitIds: 'phase-units',
      targets: 'phase-targets',
    };
    return plain[field.replace(/[[.].*$/, '')] ?? 'phase-name';
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const { found, request, order } = check();
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      const phase = await planningApi.createTestPhase(request);
      setStatus(t('testPhases.created', { name: phase.name }));
      setForm(emptyForm);
      setRows({});
      await reload();
    } catch (error) {
      setErrors([
        {
          fieldId: fieldIdOf(error instanceof ApiProblem ? error.field : undefined, order),
          message: problemText(t, error),
        },
      ]);
      setSubmission((n) => n + 1);
    }
  };

  return (
    <>
      <PageHeading title={t('testPhases.heading')}>{t('testPhases.heading')}</PageHeading>
      <p>{t('testPhases.intro')}</p>
      {!mayCreate && <p>{t('testPhases.readOnly')}</p>}
      <PageStatus status={status} loadError={loadError} loading={data === null} />

      {data && (
        <BackOfficeSection id="test-phases-list" heading={t('testPhases.listHeading')}>
          <DataTable
            caption={t('testPhases.listCaption')}
            scrollLabel={t('testPhases.listCaption')}
            columns={(['name', 'period', 'sites', 'targets'] as const).map((column) =>
              t(`testPhases.columns.${column}`),
            )}
            rows={data.items}
            rowKey={(phase) => phase.id}
            empty={t('testPhases.empty')}
          >
            {(phase) => (
              <>
                <RowHeader>
                  <Link className="kern-link" to={`/verwaltung/testphasen/${phase.id}`}>
                    {phase.name}
                  </Link>
                </RowHeader>
                <Cell>
                  {t('testPhases.periodValue', {
                    from: text.day(`${phase.startDate}T12:00:00Z`),
                    to: text.day(`${phase.endDate}T12:00:00Z`),
                  })}
                </Cell>
                <Cell>{siteNames(phase.siteIds)}</Cell>
                <Cell>
                  <ul className="test-phase-targets">
                    {phase.targets.map((target) => (
                      <li key={target.kpi}>
                        {text.kpiName(target.kpi, target.districtId)}: {text.targetText(target)}
                      </li>
                    ))}
                  </ul>
                </Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}

      {data && mayCreate && (
        <BackOfficeSection id="test-phase-create" heading={t('testPhases.createHeading')}>
          <BackOfficeForm
            errors={errors}
            submission={submission}
            onSubmit={(event) => void create(event)}
            submitLabel={t('testPhases.create')}
          >
            <TextField
              id="phase-name"
              label={t('testPhases.name')}
              hint={t('testPhases.nameHint')}
              error={errorOf(errors, 'phase-name')}
              value={form.name}
              onValueChange={(name) => setForm((current) => ({ ...current, name }))}
              maxLength={200}
              autoComplete="off"
            />
            <TextField
              id="phase-start"
              type="date"
              label={t('testPhases.startDate')}
              error={errorOf(errors, 'phase-start')}
              value={form.startDate}
              onValueChange={(startDate) => setForm((current) => ({ ...current, startDate }))}
            />
            <TextField
              id="phase-end"
              type="date"
              label={t('testPhases.endDate')}
              error={errorOf(errors, 'phase-end')}
              value={form.endDate}
              onValueChange={(endDate) => setForm((current) => ({ ...current, endDate }))}
            />
            <CheckboxGroup
              id="phase-sites"
              legend={t('testPhases.sites')}
              hint={t('testPhases.sitesHint')}
              error={errorOf(errors, 'phase-sites')}
              idPrefix="phase-site"
              options={data.options.sites.map((site) => ({ value: site.id, label: site.name }))}
              selected={form.siteIds}
              onSelectedChange={(siteIds) => setForm((current) => ({ ...current, siteIds }))}
            />
            <CheckboxGroup
              id="phase-units"
              legend={t('testPhases.units')}
              hint={t('testPhases.unitsHint')}
              error={errorOf(errors, 'phase-units')}
              idPrefix="phase-unit"
              options={data.options.units.map((unit) => ({ value: unit.id, label: unit.name }))}
              selected={form.unitIds}
              onSelectedChange={(unitIds) => setForm((current) => ({ ...current, unitIds }))}
            />
            <fieldset
              className="kern-fieldset test-phase-kpis"
              id="phase-targets"
              tabIndex={-1}
              aria-describedby={errorOf(errors, 'phase-targets') ? 'phase-targets-error' : undefined}
            >
              <legend className="kern-label">{t('testPhases.targets')}</legend>
              <div className="kern-hint">{t('testPhases.targetsHint')}</div>
              {errorOf(errors, 'phase-targets') && (
                <FieldErrorMessage
                  id="phase-targets-error"
                  message={errorOf(errors, 'phase-targets')!}
                  prefix={t('errorSummary.prefix')}
                />
              )}
              {kpis.map((definition) => {
                const row = rowOf(definition);
                const name = plainName(definition.key);
                return (
                  <div key={definition.key} className="test-phase-kpi">
                    <Checkbox
                      id={`phase-use-${definition.key}`}
                      label={t('testPhases.useTarget', { kpi: name })}
                      checked={row.use}
                      onCheckedChange={(use) => setRow(definition, { use })}
                    />
                    <p className="kern-hint test-phase-kpi__hint">
                      {t(`testPhases.kpiHints.${definition.key}`)}
                    </p>
                    {row.use && (
                      <div className="test-phase-kpi__fields">
                        <SelectField
                          id={`phase-comparator-${definition.key}`}
                          label={t('testPhases.comparator', { kpi: name })}
                          value={row.comparator}
                          onValueChange={(comparator) =>
                            setRow(definition, { comparator: comparator as TestPhaseComparator })
                          }
                        >
                          {(['at_least', 'at_most'] as const).map((comparator) => (
                            <option key={comparator} value={comparator}>
                              {t(`testPhases.comparatorChoices.${comparator}`)}
                            </option>
                          ))}
                        </SelectField>
                        <TextField
                          id={`phase-target-${definition.key}`}
                          label={t('testPhases.target', {
                            kpi: name,
                            unit: t(`testPhases.kpiUnits.${definition.unit}`),
                          })}
                          error={errorOf(errors, `phase-target-${definition.key}`)}
                          inputMode="decimal"
                          value={row.value}
                          onValueChange={(value) => setRow(definition, { value })}
                          autoComplete="off"
                        />
                        {definition.needsDistrict && (
                          <SelectField
                            id={`phase-district-${definition.key}`}
                            label={t('testPhases.district', { kpi: name })}
                            hint={t('testPhases.districtHint')}
                            error={errorOf(errors, `phase-district-${definition.key}`)}
                            value={row.districtId}
                            onValueChange={(districtId) => setRow(definition, { districtId })}
                          >
                            <option value="">{t('testPhases.chooseDistrict')}</option>
                            {data.options.districts.map((district) => (
                              <option key={district.id} value={district.id}>
                                {district.name}
                              </option>
                            ))}
                          </SelectField>
                        )}
                      </div>
                    )}
                  </div>
                );
              })}
            </fieldset>
          </BackOfficeForm>
        </BackOfficeSection>
      )}
    </>
  );
}
