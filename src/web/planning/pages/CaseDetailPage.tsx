import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi, type Case } from '../api.ts';
import { BackOfficeSection, ItemList } from '../components/backoffice/BackOfficeForm.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';
import { PurposeSelect, type Purpose } from './casePurpose.tsx';
import type { StaffRole } from '../api.ts';

/**
 * One case (Vorgang): first the purpose of opening it (the read of personal data is audited with it), then
 * its data, its steps with the current step's checklist to complete by keyboard (error-summary pattern), its
 * tasks, its hand-offs to the e-file and its timeline.
 */
export function CaseDetailPage({ role }: { role: StaffRole }) {
  const { id = '' } = useParams();
  const { t, date } = useFormat();
  const english = useTranslation().i18n.language === 'en';
  const [purpose, setPurpose] = useState<Purpose>('processing');
  const [opened, setOpened] = useState<Purpose | null>(null);
  const [view, setView] = useState<Case | null>(null);
  const [loadError, setLoadError] = useState('');
  const [ticked, setTicked] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    async (why: Purpose) => {
      try {
        setView(await planningApi.getCase(id, why));
        setLoadError('');
      } catch (error) {
        setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
      }
    },
    [id, t],
  );
  useEffect(() => {
    if (opened) void load(opened);
  }, [opened, load]);
  const viewId = view?.id;
  useEffect(() => {
    if (viewId) heading.current?.focus();
  }, [viewId]);

  const current = view?.steps.find((step) => step.state === 'current');
  const stepName = (key: string | null) => view?.steps.find((step) => step.key === key)?.name ?? key ?? '';

  // At its hand-off step, after the DMS refused it or the writing failed, the case goes to the e-file again.
  const mayHandOff =
    (role === 'admin' || role === 'department') &&
    current?.handOff === true &&
    (view?.status === 'open' || view?.status === 'in_progress' || view?.status === 'waiting');
  const [handOffError, setHandOffError] = useState('');
  const handOff = async () => {
    if (!view || busy) return;
    setBusy(true);
    try {
      await planningApi.handOffCaseToEfile(view.id);
      setHandOffError('');
      setStatus(t('cases.handOffQueued'));
      await load(opened ?? purpose);
    } catch (error) {
      setHandOffError(problemText(t, error));
    } finally {
      setBusy(false);
    }
  };

  // Documents: a scan, photo (the tablet's camera through the file picker) or signed form for an open case.
  const fileInput = useRef<HTMLInputElement>(null);
  const [documentErrors, setDocumentErrors] = useState<FieldError[]>([]);
  const [documentSubmission, setDocumentSubmission] = useState(0);
  const caseOpen = view !== null && view.status !== 'closed' && view.status !== 'cancelled';
  const addDocument = async (event: FormEvent) => {
    event.preventDefault();
    if (!view || busy) return;
    const file = fileInput.current?.files?.[0];
    const problem = !file
      ? t('cases.documentMissing')
      : !['application/pdf', 'image/jpeg', 'image/png'].includes(file.type)
        ? t('cases.documentType')
        : '';
    setDocumentSubmission((n) => n + 1);
    if (!file || problem) {
      setDocumentErrors([{ fieldId: 'case-document', message: problem }]);
      return;
    }
    setBusy(true);
    try {
      await planningApi.addCaseDocument(view.id, file);
      setDocumentErrors([]);
      if (fileInput.current) fileInput.current.value = '';
      setStatus(t('cases.documentAdded'));
      await load(opened ?? purpose);
    } catch (error) {
      setDocumentErrors([{ fieldId: 'case-document', message: problemText(t, error) }]);
    } finally {
      setBusy(false);
    }
  };
  const documentError = documentErrors[0]?.message;

  const complete = async (event: FormEvent) => {
    event.preventDefault();
    if (!view || !current || busy) return;
    const missing = current.checklist
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => !ticked.includes(item))
      .map(({ item, index }) => ({ fieldId: `check-${index}`, message: t('cases.itemMissing', { item }) }));
    setErrors(missing);
    setSubmission((n) => n + 1);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      await planningApi.completeCaseStep(view.id, { stepKey: current.key, checklist: ticked });
      setTicked([]);
      setErrors([]);
      setStatus(t('cases.stepCompleted', { step: current.name }));
      await load(opened ?? purpose);
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      const index = field?.startsWith('checklist/') ? field.slice('checklist/'.length) : '0';
      setErrors([{ fieldId: `check-${index}`, message: problemText(t, error) }]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  if (!opened) {
    return (
      <>
        <PageHeading title={t('cases.detailHeading')}>{t('cases.detailHeading')}</PageHeading>
        <p>{t('cases.purposeIntro')}</p>
        <form
          noValidate
          className="planning-form"
          onSubmit={(event) => {
            event.preventDefault();
            setOpened(purpose);
          }}
        >
          <PurposeSelect id="case-purpose" value={purpose} onChange={setPurpose} />
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('cases.open')}</span>
          </button>
        </form>
        <p>
          <Link className="kern-link" to="/verwaltung/vorgaenge">
            {t('cases.back')}
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeading title={view ? view.number : t('cases.detailHeading')}>
        {view ? t('cases.detailTitle', { number: view.number }) : t('cases.detailHeading')}
      </PageHeading>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {!view && !loadError && <p>{t('app.loading')}</p>}
      {view && (
        <>
          <h2 ref={heading} tabIndex={-1} className="kern-heading-medium">
            {english ? view.serviceNameEn : view.serviceNameDe}
          </h2>
          {view.demo && (
            <p>
              <span className="kern-badge kern-badge--info">
                <span className="kern-label">{t('cases.demo')}</span>
              </span>{' '}
              {t('cases.demoNote')}
            </p>
          )}
          <dl className="kern-description-list">
            {(
              [
                ['status', t(`cases.statuses.${view.status}`)],
                ['channel', t(`cases.channels.${view.channel}`)],
                ['bookingCode', view.bookingCode ?? '–'],
                ['citizenName', view.anonymised ? t('cases.anonymised') : (view.citizen.name ?? '–')],
                ['citizenEmail', view.citizen.email ?? '–'],
                ['citizenPhone', view.citizen.phone ?? '–'],
                ['created', date(view.createdAt)],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="kern-description-list-item">
                <dt className="kern-description-list-item__key">{t(`cases.fields.${key}`)}</dt>
                <dd className="kern-description-list-item__value">{value}</dd>
              </div>
            ))}
          </dl>

          <BackOfficeSection id="case-steps" heading={t('cases.steps')}>
            <ol className="kern-list kern-list--numbered">
              {view.steps.map((step) => (
                <li key={step.key} aria-current={step.state === 'current' ? 'step' : undefined}>
                  {step.name} – {t(`cases.actors.${step.actor}`)} – {t(`cases.stepStates.${step.state}`)}
                  {step.handOff ? ` – ${t('cases.handOffStep')}` : ''}
                </li>
              ))}
            </ol>
            {current && (
              <form noValidate onSubmit={(event) => void complete(event)} className="planning-form">
                <ErrorSummary errors={errors} submission={submission} />
                <fieldset className="kern-fieldset">
                  <legend className="kern-label">{t('cases.checklistLegend', { step: current.name })}</legend>
                  {current.checklist.map((item, index) => {
                    const error = errors.find((e) => e.fieldId === `check-${index}`)?.message;
                    return (
                      <div key={item} className="kern-form-check">
                        <input
                          id={`check-${index}`}
                          type="checkbox"
                          className="kern-form-check__input"
                          checked={ticked.includes(item)}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `check-${index}-error` : undefined}
                          onChange={(event) =>
                            setTicked((before) =>
                              event.target.checked ? [...before, item] : before.filter((x) => x !== item),
                            )
                          }
                        />
                        <label className="kern-label" htmlFor={`check-${index}`}>
                          {item}
                        </label>
                        {error && (
                          <p id={`check-${index}-error`} className="kern-error">
                            {error}
                          </p>
                        )}
                      </div>
                    );
                  })}
                </fieldset>
                <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
                  <span className="kern-label">{t('cases.completeStep')}</span>
                </button>
              </form>
            )}
          </BackOfficeSection>

          <BackOfficeSection id="case-tasks" heading={t('cases.tasks')}>
            <ItemList
              items={view.tasks}
              empty={t('cases.noTasks')}
              itemKey={(task) => task.id}
              renderItem={(task) => (
                <>
                  {t('cases.taskLine', {
                    step: task.stepName,
                    status: t(`tasks.statuses.${task.status}`),
                    assignee: task.assignee?.name ?? t('tasks.unassigned'),
                    due: task.dueAt ? date(task.dueAt) : '–',
                  })}
                  {task.overdue && <strong> – {t('tasks.overdue')}</strong>}
                </>
              )}
            />
          </BackOfficeSection>

          <BackOfficeSection id="case-hand-offs" heading={t('cases.handOffs')}>
            <ItemList
              items={view.handOffs}
              empty={t('cases.noHandOffs')}
              itemKey={(handOff) => handOff.id}
              renderItem={(handOff) => (
                <>
                  {t('cases.handOffLine', {
                    message: t(`cases.messages.${handOff.message}`),
                    status: t(`cases.handOffStatuses.${handOff.status}`),
                    at: date(handOff.queuedAt),
                  })}
                  {handOff.lastError ? ` – ${t('efile.lastError', { error: handOff.lastError })}` : ''}
                </>
              )}
            />
            {mayHandOff && (
              <>
                {handOffError && (
                  <p className="kern-alert kern-alert--danger" role="alert">
                    {handOffError}
                  </p>
                )}
                <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void handOff()}>
                  <span className="kern-label">{t('cases.handOffAgain')}</span>
                </button>
              </>
            )}
          </BackOfficeSection>

          <BackOfficeSection id="case-documents" heading={t('cases.documents')}>
            <ItemList
              items={view.documents}
              empty={t('cases.noDocuments')}
              itemKey={(document) => document.id}
              renderItem={(document) => (
                <>
                  {document.deleted || !document.fileName ? (
                    t('cases.documentDeleted')
                  ) : (
                    <a
                      className="kern-link"
                      href={planningApi.caseDocumentUrl(view.id, document.id, opened ?? purpose)}
                    >
                      {document.fileName}
                    </a>
                  )}
                  {` – ${t('cases.documentFacts', {
                    size: Math.max(1, Math.round(document.sizeBytes / 1024)),
                    at: date(document.capturedAt),
                  })}`}
                </>
              )}
            />
            {caseOpen && (
              <form noValidate onSubmit={(event) => void addDocument(event)} className="planning-form">
                <ErrorSummary errors={documentErrors} submission={documentSubmission} />
                <div className="kern-form-input">
                  <label className="kern-label" htmlFor="case-document">
                    {t('cases.documentLabel')}
                  </label>
                  <div className="kern-hint" id="case-document-hint">
                    {t('cases.documentHint')}
                  </div>
                  {documentError && (
                    <p id="case-document-error" className="kern-error">
                      {documentError}
                    </p>
                  )}
                  <input
                    ref={fileInput}
                    id="case-document"
                    type="file"
                    className="kern-form-input__input"
                    accept="application/pdf,image/jpeg,image/png"
                    aria-invalid={documentError ? true : undefined}
                    aria-describedby={`case-document-hint${documentError ? ' case-document-error' : ''}`}
                  />
                </div>
                <button type="submit" className="kern-btn kern-btn--secondary" disabled={busy}>
                  <span className="kern-label">{t('cases.documentAdd')}</span>
                </button>
              </form>
            )}
          </BackOfficeSection>

          <BackOfficeSection id="case-timeline" heading={t('cases.timeline')}>
            <ol className="kern-list">
              {view.events.map((event) => (
                <li key={event.id}>
                  <time dateTime={event.at}>{date(event.at)}</time>
                  {': '}
                  {t(`cases.events.${event.kind}`, { defaultValue: event.kind })}
                  {event.stepKey ? ` – ${stepName(event.stepKey)}` : ''}
                </li>
              ))}
            </ol>
          </BackOfficeSection>
          <p>
            <Link className="kern-link" to="/verwaltung/vorgaenge">
              {t('cases.back')}
            </Link>
          </p>
        </>
      )}
    </>
  );
}
