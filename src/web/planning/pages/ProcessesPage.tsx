import { useState, type FormEvent } from 'react';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import {
  planningApi,
  processLogHref,
  type LeadTimeCell,
  type ProcessDefinitionList,
  type ProcessFigures,
  type ProcessStepView,
  type ServiceProcess,
} from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  Checkbox,
  DataTable,
  errorOf,
  Options,
  PageStatus,
  RowHeader,
  SelectField,
  TextAreaField,
  TextField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

const FILE_FIELD = 'process-file';
/** The server's limit (src/server/processes/bpmnProcessReader.ts). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const actors = ['stop', 'back_office', 'department'] as const;
type Actor = (typeof actors)[number];
type EfileMessage = 'record' | 'hand_over';

interface BpmnIssue {
  code: string;
  element?: string;
  field?: string;
  detail?: string;
}

interface StepRow {
  /** The stored key of a step taken from a definition; new steps get one from their name. */
  key: string | null;
  name: string;
  actor: Actor;
  checklist: string;
  deadline: string;
  handOff: boolean;
}

const emptyStep = (actor: Actor = 'stop'): StepRow => ({
  key: null,
  name: '',
  actor,
  checklist: '',
  deadline: '',
  handOff: false,
});

const rowsOf = (steps: readonly ProcessStepView[]): StepRow[] =>
  steps.map((step) => ({
    key: step.key,
    name: step.name,
    actor: step.actor,
    checklist: step.checklist.join('\n'),
    deadline: step.deadlineDays === null ? '' : String(step.deadlineDays),
    handOff: step.handOff,
  }));

/** A step key from a name: 'Antrag prüfen' → 'antrag-pruefen'. */
function keyOf(name: string, index: number): string {
  const base = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return base || `schritt-${index + 1}`;
}

/**
 * Process definitions per service (tracker issue 11): the version in force with its steps, the upload of a
 * BPMN 2.0 model (its problems listed with the element they concern), the simple form for services without a
 * model, and the process figures with the event log as XES and CSV.
 */
export function ProcessesPage() {
  const format = useFormat();
  const { t } = format;
  const [data, setData] = useState<ProcessDefinitionList | null>(null);
  const [figures, setFigures] = useState<ProcessFigures | null>(null);
  const [status, setStatus] = useState('');
  // Upload
  const [uploadService, setUploadService] = useState('');
  const [uploadMessage, setUploadMessage] = useState<EfileMessage>('record');
  const [file, setFile] = useState<File | null>(null);
  const [uploadErrors, setUploadErrors] = useState<FieldError[]>([]);
  const [uploadSubmission, setUploadSubmission] = useState(0);
  const [issues, setIssues] = useState<BpmnIssue[]>([]);
  const [busy, setBusy] = useState(false);
  // Form
  const [formService, setFormService] = useState('');
  const [formName, setFormName] = useState('');
  const [formMessage, setFormMessage] = useState<EfileMessage>('record');
  const [steps, setSteps] = useState<StepRow[]>([emptyStep('stop'), emptyStep('back_office')]);
  const [formErrors, setFormErrors] = useState<FieldError[]>([]);
  const [formSubmission, setFormSubmission] = useState(0);

  const { loadError, reload } = usePageLoad(async () => {
    const [definitions, processFigures] = await Promise.all([
      planningApi.listProcessDefinitions(),
      planningApi.getProcessFigures(),
    ]);
    setData(definitions);
    setFigures(processFigures);
  });
  const services = data?.items ?? [];
  const serviceName = (id: string) => {
    const service = services.find((item) => item.serviceId === id);
    return service ? (format.locale === 'en-GB' ? service.nameEn : service.nameDe) : id;
  };
  const actorText = (actor: string) => t(`processes.actors.${actor}`);
  const issueText = (issue: BpmnIssue) =>
    t(`processes.issues.${issue.code}`, {
      defaultValue: t('processes.issues.other', { code: issue.code }),
      element: issue.element ?? '',
      detail: issue.detail ?? '',
    });

  // --- Upload -------------------------------------------------------------------------------------------
  const failUpload = (fieldId: string, message: string) => {
    setIssues([]);
    setUploadErrors([{ fieldId, message }]);
    setUploadSubmission((n) => n + 1);
  };
  const upload = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    if (!uploadService) return failUpload('process-upload-service', t('processes.errors.service'));
    if (!file) return failUpload(FILE_FIELD, t('processes.errors.noFile'));
    if (file.size > MAX_FILE_BYTES) return failUpload(FILE_FIELD, t('processes.errors.tooLarge'));
    let bpmnXml: string;
    try {
      bpmnXml = await file.text();
    } catch {
      return failUpload(FILE_FIELD, t('processes.errors.unreadable'));
    }
    setBusy(true);
    try {
      const created = await planningApi.importProcessDefinition({
        serviceId: uploadService,
        efileMessage: uploadMessage,
        bpmnXml,
      });
      setIssues([]);
      setUploadErrors([]);
      setStatus(
        t('processes.imported', { service: serviceName(created.serviceId), version: created.version }),
      );
      await reload();
    } catch (error) {
      const details = error instanceof ApiProblem ? error.details : undefined;
      if (error instanceof ApiProblem && error.code === 'bpmn_invalid' && Array.isArray(details?.issues)) {
        const found = details.issues as BpmnIssue[];
        setIssues(found);
        setUploadErrors(
          found.map((issue, index) => ({ fieldId: `process-issue-${index}`, message: issueText(issue) })),
        );
        setUploadSubmission((n) => n + 1);
      } else {
        const field = error instanceof ApiProblem ? error.field : undefined;
        failUpload(field === 'serviceId' ? 'process-upload-service' : FILE_FIELD, problemText(t, error));
      }
    } finally {
      setBusy(false);
    }
  };

  // --- Form ---------------------------------------------------------------------------------------------
  const chooseFormService = (serviceId: string) => {
    setFormService(serviceId);
    setFormErrors([]);
    const service = services.find((item) => item.serviceId === serviceId);
    if (service?.active) {
      setSteps(rowsOf(service.active.steps));
      setFormName(service.active.name);
      setFormMessage(service.active.efileMessage);
    } else {
      setSteps([emptyStep('stop'), emptyStep('back_office')]);
      setFormName('');
      setFormMessage('record');
    }
  };
  const setStep = (index: number, change: Partial<StepRow>) =>
    setSteps((current) => current.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const removeStep = (index: number) => {
    setSteps((current) => current.filter((_, at) => at !== index));
    // The focus goes to the step that takes the removed one's place, or to the add button.
    window.setTimeout(() => {
      const next =
        document.getElementById(`process-step-${index}-name`) ?? document.getElementById('process-add-step');
      next?.focus();
    }, 0);
  };
  const addStep = () => {
    const index = steps.length;
    setSteps((current) => [...current, emptyStep('back_office')]);
    window.setTimeout(() => document.getElementById(`process-step-${index}-name`)?.focus(), 0);
  };

  /** The field a server problem's field names: 'steps/1/deadlineDays' → the step's deadline. */
  const fieldIdOfStep = (field: string | undefined) => {
    const match = /^steps\/(\d+)\/(\w+)/.exec(field ?? '');
    if (!match) return field === 'serviceId' ? 'process-form-service' : 'process-step-0-name';
    const part: Record<string, string> = {
      key: 'name',
      name: 'name',
      actor: 'actor',
      checklist: 'checklist',
      deadlineDays: 'deadline',
      handOff: 'handoff',
    };
    return `process-step-${match[1]}-${part[match[2]!] ?? 'name'}`;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    const found: FieldError[] = [];
    if (!formService) found.push({ fieldId: 'process-form-service', message: t('processes.errors.service') });
    if (steps.length === 0)
      found.push({ fieldId: 'process-add-step', message: t('processes.errors.noSteps') });
    const used = new Set<string>();
    const request: ProcessStepView[] = steps.map((row, index) => {
      const number = index + 1;
      if (!row.name.trim())
        found.push({
          fieldId: `process-step-${index}-name`,
          message: t('processes.errors.stepName', { number }),
        });
      const deadline = row.deadline.trim();
      if (deadline && !/^\d{1,3}$/.test(deadline))
        found.push({
          fieldId: `process-step-${index}-deadline`,
          message: t('processes.errors.deadline', { number }),
        });
      if (row.handOff && row.actor === 'stop')
        found.push({
          fieldId: `process-step-${index}-handoff`,
          message: t('processes.errors.handOffAtStop', { number }),
        });
      let key = row.key ?? keyOf(row.name, index);
      while (used.has(key)) key = `${key}-${index + 1}`;
      used.add(key);
      return {
        key,
        name: row.name.trim(),
        actor: row.actor,
        checklist: row.checklist
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.length > 0),
        deadlineDays: deadline && /^\d{1,3}$/.test(deadline) ? Number(deadline) : null,
        handOff: row.handOff,
      };
    });
    if (steps.filter((row) => row.handOff).length > 1)
      found.push({ fieldId: 'process-add-step', message: t('processes.errors.severalHandOffs') });
    setFormErrors(found);
    setFormSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      const created = await planningApi.saveProcessDefinition({
        serviceId: formService,
        name: formName.trim() || null,
        efileMessage: formMessage,
        steps: request,
      });
      setStatus(t('processes.saved', { service: serviceName(created.serviceId), version: created.version }));
      await reload();
    } catch (error) {
      const details = error instanceof ApiProblem ? error.details : undefined;
      const listed = Array.isArray(details?.issues)
        ? (details.issues as { field: string; code: string }[])
        : [];
      setFormErrors(
        listed.length > 0
          ? listed.map((issue) => ({
              fieldId: fieldIdOfStep(issue.field),
              message: t(`processes.issues.${issue.code}`, {
                defaultValue: problemText(t, error),
                element: '',
                detail: '',
              }),
            }))
          : [
              {
                fieldId: fieldIdOfStep(error instanceof ApiProblem ? error.field : undefined),
                message: problemText(t, error),
              },
            ],
      );
      setFormSubmission((n) => n + 1);
    }
  };

  // --- Figures ------------------------------------------------------------------------------------------
  const hours = (value: number | null) =>
    value === null
      ? t('processes.figures.suppressed')
      : t('processes.figures.hours', { value: format.number(value, 1) });
  const count = (cell: LeadTimeCell) =>
    cell.count === null ? t('processes.figures.suppressed') : format.number(cell.count);
  const stepName = (serviceId: string, key: string) =>
    services.find((item) => item.serviceId === serviceId)?.active?.steps.find((step) => step.key === key)
      ?.name ?? key;

  const definitionCell = (service: ServiceProcess) => {
    if (!service.active) return <Cell>{t('processes.noDefinition')}</Cell>;
    return (
      <Cell>
        <p>
          {t('processes.versionLine', {
            version: service.active.version,
            source: t(`processes.sources.${service.active.source}`),
            message: t(`processes.efileMessages.${service.active.efileMessage}`),
          })}
        </p>
        <ol className="kern-list process-steps">
          {service.active.steps.map((step) => (
            <li key={step.key}>
              <strong>{step.name}</strong> – {actorText(step.actor)}
              {step.deadlineDays !== null && (
                <>, {t('processes.deadlineDays', { count: step.deadlineDays })}</>
              )}
              {step.handOff && <>, {t('processes.handOff')}</>}
              {step.checklist.length > 0 && (
                <ul className="kern-list">
                  {step.checklist.map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </Cell>
    );
  };

  const figureRows = (figures?.services ?? []).flatMap((service) =>
    service.steps.map((step) => ({ serviceId: service.serviceId, step })),
  );

  return (
    <>
      <PageHeading title={t('processes.heading')}>{t('processes.heading')}</PageHeading>
      <p>{t('processes.intro')}</p>
      <PageStatus status={status} loadError={loadError} loading={data === null} />

      {data && (
        <BackOfficeSection id="processes-list" heading={t('processes.listHeading')}>
          <DataTable
            caption={t('processes.listCaption')}
            scrollLabel={t('processes.listCaption')}
            columns={[t('processes.columns.service'), t('processes.columns.definition')]}
            rows={services}
            rowKey={(service) => service.serviceId}
            empty={t('processes.empty')}
          >
            {(service) => (
              <>
                <RowHeader>{serviceName(service.serviceId)}</RowHeader>
                {definitionCell(service)}
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}

      {data && services.length > 0 && (
        <BackOfficeSection id="processes-upload" heading={t('processes.uploadHeading')}>
          <p>{t('processes.uploadIntro')}</p>
          <ul className="kern-list">
            {(['order', 'actor', 'checklist', 'deadline', 'handOff', 'unsupported'] as const).map((item) => (
              <li key={item}>{t(`processes.convention.${item}`)}</li>
            ))}
          </ul>
          <ErrorSummary
            errors={uploadErrors}
            submission={uploadSubmission}
            title={issues.length > 0 ? t('processes.issuesTitle', { count: issues.length }) : undefined}
          />
          <BackOfficeForm onSubmit={(event) => void upload(event)} submitLabel={t('processes.upload')}>
            <SelectField
              id="process-upload-service"
              label={t('processes.service')}
              error={errorOf(uploadErrors, 'process-upload-service')}
              value={uploadService}
              onValueChange={setUploadService}
            >
              <option value="">{t('processes.chooseService')}</option>
              <Options
                items={services}
                optionValue={(service) => service.serviceId}
                optionLabel={(service) => serviceName(service.serviceId)}
              />
            </SelectField>
            <SelectField
              id="process-upload-message"
              label={t('processes.efileMessage')}
              hint={t('processes.efileMessageHint')}
              value={uploadMessage}
              onValueChange={(value) => setUploadMessage(value as EfileMessage)}
            >
              {(['record', 'hand_over'] as const).map((message) => (
                <option key={message} value={message}>
                  {t(`processes.efileMessages.${message}`)}
                </option>
              ))}
            </SelectField>
            <FormField
              id={FILE_FIELD}
              label={t('processes.file')}
              hint={t('processes.fileHint')}
              error={errorOf(uploadErrors, FILE_FIELD)}
            >
              {(describedBy) => (
                <input
                  id={FILE_FIELD}
                  type="file"
                  accept=".bpmn,.xml,application/xml,text/xml"
                  className="kern-form-input__input"
                  aria-describedby={describedBy}
                  aria-invalid={errorOf(uploadErrors, FILE_FIELD) || issues.length > 0 ? true : undefined}
                  disabled={busy}
                  onChange={(event) => {
                    setFile(event.target.files?.[0] ?? null);
                    setIssues([]);
                    setUploadErrors([]);
                  }}
                />
              )}
            </FormField>
          </BackOfficeForm>
          {issues.length > 0 && (
            <>
              <h3 className="kern-heading-small">{t('processes.issuesHeading')}</h3>
              <ul className="kern-list">
                {issues.map((issue, index) => (
                  <li key={index} id={`process-issue-${index}`} tabIndex={-1}>
                    {issueText(issue)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </BackOfficeSection>
      )}

      {data && services.length > 0 && (
        <BackOfficeSection id="processes-form" heading={t('processes.formHeading')}>
          <p>{t('processes.formIntro')}</p>
          <BackOfficeForm
            errors={formErrors}
            submission={formSubmission}
            onSubmit={(event) => void save(event)}
            submitLabel={t('processes.save')}
          >
            <SelectField
              id="process-form-service"
              label={t('processes.service')}
              hint={t('processes.formServiceHint')}
              error={errorOf(formErrors, 'process-form-service')}
              value={formService}
              onValueChange={chooseFormService}
            >
              <option value="">{t('processes.chooseService')}</option>
              {services.map((service) => (
                <option key={service.serviceId} value={service.serviceId}>
                  {serviceName(service.serviceId)}
                  {service.active ? '' : ` (${t('processes.withoutDefinition')})`}
                </option>
              ))}
            </SelectField>
            <TextField
              id="process-form-name"
              label={t('processes.name')}
              hint={t('processes.nameHint')}
              value={formName}
              onValueChange={setFormName}
              maxLength={200}
              autoComplete="off"
            />
            <SelectField
              id="process-form-message"
              label={t('processes.efileMessage')}
              value={formMessage}
              onValueChange={(value) => setFormMessage(value as EfileMessage)}
            >
              {(['record', 'hand_over'] as const).map((message) => (
                <option key={message} value={message}>
                  {t(`processes.efileMessages.${message}`)}
                </option>
              ))}
            </SelectField>
            {steps.map((row, index) => {
              const number = index + 1;
              return (
                <fieldset key={index} className="kern-fieldset process-step">
                  <legend className="kern-label">{t('processes.stepLegend', { number })}</legend>
                  <TextField
                    id={`process-step-${index}-name`}
                    label={t('processes.stepName', { number })}
                    error={errorOf(formErrors, `process-step-${index}-name`)}
                    value={row.name}
                    onValueChange={(name) => setStep(index, { name })}
                    maxLength={200}
                    autoComplete="off"
                  />
                  <SelectField
                    id={`process-step-${index}-actor`}
                    label={t('processes.stepActor', { number })}
                    error={errorOf(formErrors, `process-step-${index}-actor`)}
                    value={row.actor}
                    onValueChange={(actor) => setStep(index, { actor: actor as Actor })}
                  >
                    {actors.map((actor) => (
                      <option key={actor} value={actor}>
                        {actorText(actor)}
                      </option>
                    ))}
                  </SelectField>
                  <TextAreaField
                    id={`process-step-${index}-checklist`}
                    label={t('processes.stepChecklist', { number })}
                    hint={t('processes.stepChecklistHint')}
                    error={errorOf(formErrors, `process-step-${index}-checklist`)}
                    value={row.checklist}
                    onValueChange={(checklist) => setStep(index, { checklist })}
                    rows={3}
                  />
                  <TextField
                    id={`process-step-${index}-deadline`}
                    label={t('processes.stepDeadline', { number })}
                    hint={t('processes.stepDeadlineHint')}
                    error={errorOf(formErrors, `process-step-${index}-deadline`)}
                    inputMode="numeric"
                    value={row.deadline}
                    onValueChange={(deadline) => setStep(index, { deadline })}
                    autoComplete="off"
                  />
                  <Checkbox
                    id={`process-step-${index}-handoff`}
                    label={t('processes.stepHandOff', { number })}
                    error={errorOf(formErrors, `process-step-${index}-handoff`)}
                    checked={row.handOff}
                    onCheckedChange={(handOff) => setStep(index, { handOff })}
                  />
                  <Button type="button" appearance="secondary" onClick={() => removeStep(index)}>
                    {t('processes.removeStep', { number })}
                  </Button>
                </fieldset>
              );
            })}
            <div className="backoffice-actions">
              <Button id="process-add-step" type="button" appearance="secondary" onClick={addStep}>
                {t('processes.addStep')}
              </Button>
            </div>
          </BackOfficeForm>
        </BackOfficeSection>
      )}

      {figures && (
        <BackOfficeSection id="processes-figures" heading={t('processes.figures.heading')}>
          <p>{t('processes.figures.intro', { min: figures.suppressBelow })}</p>
          <p>
            <a className="kern-link" href={processLogHref('xes')} download>
              {t('processes.figures.exportXes')}
            </a>
            {' · '}
            <a className="kern-link" href={processLogHref('csv')} download>
              {t('processes.figures.exportCsv')}
            </a>
          </p>
          <h3 className="kern-heading-small">{t('processes.figures.bottlenecksHeading')}</h3>
          {figures.bottlenecks.byLeadTime.length === 0 ? (
            <p>{t('processes.figures.noBottlenecks')}</p>
          ) : (
            <ol className="kern-list">
              {figures.bottlenecks.byLeadTime.map((item) => (
                <li key={`${item.serviceId}/${item.stepKey}`}>
                  {t('processes.figures.bottleneck', {
                    service: serviceName(item.serviceId),
                    step: stepName(item.serviceId, item.stepKey),
                    median: hours(item.medianHours),
                    p90: hours(item.p90Hours),
                  })}
                  {item.overdueShare !== null &&
                    ` ${t('processes.figures.overdueShare', { value: format.percent(item.overdueShare * 100) })}`}
                </li>
              ))}
            </ol>
          )}
          <DataTable
            caption={t('processes.figures.stepsCaption')}
            scrollLabel={t('processes.figures.stepsCaption')}
            columns={(['step', 'count', 'median', 'p90', 'waiting', 'overdue'] as const).map((column) =>
              t(`processes.figures.columns.${column}`),
            )}
            rows={figureRows}
            rowKey={(row) => `${row.serviceId}/${row.step.stepKey}`}
            empty={t('processes.figures.empty')}
          >
            {({ serviceId, step }) => (
              <>
                <RowHeader>
                  {serviceName(serviceId)}: {stepName(serviceId, step.stepKey)}
                </RowHeader>
                <Cell>{count(step.leadTime)}</Cell>
                <Cell>{hours(step.leadTime.medianHours)}</Cell>
                <Cell>{hours(step.leadTime.p90Hours)}</Cell>
                <Cell>{hours(step.waiting.medianHours)}</Cell>
                <Cell>
                  {step.overdueShare === null
                    ? t('processes.figures.suppressed')
                    : format.percent(step.overdueShare * 100)}
                </Cell>
              </>
            )}
          </DataTable>
          <DataTable
            caption={t('processes.figures.channelsCaption')}
            scrollLabel={t('processes.figures.channelsCaption')}
            columns={(['channel', 'count', 'median', 'p90'] as const).map((column) =>
              t(`processes.figures.columns.${column}`),
            )}
            rows={figures.channels}
            rowKey={(row) => row.channel}
          >
            {(row) => (
              <>
                <RowHeader>{t(`processes.channels.${row.channel}`)}</RowHeader>
                <Cell>{count(row.leadTime)}</Cell>
                <Cell>{hours(row.leadTime.medianHours)}</Cell>
                <Cell>{hours(row.leadTime.p90Hours)}</Cell>
              </>
            )}
          </DataTable>
          <DataTable
            caption={t('processes.figures.casesCaption')}
            scrollLabel={t('processes.figures.casesCaption')}
            columns={(['channel', 'count', 'median', 'p90'] as const).map((column) =>
              t(`processes.figures.columns.${column}`),
            )}
            rows={figures.startChannels}
            rowKey={(row) => row.channel}
          >
            {(row) => (
              <>
                <RowHeader>{t(`processes.channels.${row.channel}`)}</RowHeader>
                <Cell>{count(row.cases)}</Cell>
                <Cell>{hours(row.cases.medianHours)}</Cell>
                <Cell>{hours(row.cases.p90Hours)}</Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}
    </>
  );
}
