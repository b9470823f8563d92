import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi, type Task } from '../api.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

/**
 * The task inbox (Aufgaben) of the caller's departments: open and running tasks, the oldest first, with their
 * age in days and overdue ones marked in words and with an icon (not by colour alone). Assign a task to
 * oneself, then complete it with its step's checklist (error-summary pattern), all by keyboard.
 */
export function TasksPage() {
  const { t, date } = useFormat();
  const english = useTranslation().i18n.language === 'en';
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [me, setMe] = useState('');
  const [showDone, setShowDone] = useState(false);
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const [workingId, setWorkingId] = useState<string>();
  const [ticked, setTicked] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const workHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setTasks((await planningApi.listTasks('')).items);
      setLoadError('');
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
    planningApi.session().then(
      (session) => setMe(session.user.id),
      () => setMe(''),
    );
  }, [load]);
  useEffect(() => {
    if (workingId) workHeading.current?.focus();
  }, [workingId]);

  const shown = (tasks ?? []).filter(
    (task) => showDone || task.status === 'open' || task.status === 'in_progress',
  );
  const working = tasks?.find((task) => task.id === workingId);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setStatus(await work());
      await load();
    } catch (error) {
      setStatus(problemText(t, error));
    } finally {
      setBusy(false);
    }
  };

  const takeOver = (task: Task) =>
    void run(async () => {
      await planningApi.updateTask(task.id, { assigneeId: me, status: 'in_progress' });
      return t('tasks.assigned', { number: task.caseNumber });
    });

  const open = (task: Task) => {
    setWorkingId(task.id);
    setTicked([]);
    setErrors([]);
  };

  const complete = async (event: FormEvent, task: Task) => {
    event.preventDefault();
    if (busy) return;
    const missing = task.checklist
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => !ticked.includes(item))
      .map(({ item, index }) => ({
        fieldId: `task-check-${index}`,
        message: t('cases.itemMissing', { item }),
      }));
    setErrors(missing);
    setSubmission((n) => n + 1);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      await planningApi.updateTask(task.id, { status: 'done', checklist: ticked });
      setWorkingId(undefined);
      setStatus(t('tasks.completed', { number: task.caseNumber, step: task.stepName }));
      await load();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      const index = field?.startsWith('checklist/') ? field.slice('checklist/'.length) : '0';
      setErrors([{ fieldId: `task-check-${index}`, message: problemText(t, error) }]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('tasks.heading')}>{t('tasks.heading')}</PageHeading>
      <p>{t('tasks.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      <div className="kern-form-check">
        <input
          id="tasks-show-done"
          type="checkbox"
          className="kern-form-check__input"
          checked={showDone}
          onChange={(event) => setShowDone(event.target.checked)}
        />
        <label className="kern-label" htmlFor="tasks-show-done">
          {t('tasks.showDone')}
        </label>
      </div>
      {loadError && <p className="planning-error">{loadError}</p>}
      {tasks === null && !loadError && <p>{t('app.loading')}</p>}
      {tasks && shown.length === 0 && <p>{t('tasks.none')}</p>}
      {shown.length > 0 && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('tasks.caption', { count: shown.length })}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['case', 'step', 'age', 'due', 'assignee', 'actions'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`tasks.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {shown.map((task) => (
                <tr key={task.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    <Link className="kern-link" to={`/verwaltung/vorgaenge/${task.caseId}`}>
                      {task.caseNumber}
                    </Link>
                    <br />
                    {english ? task.serviceNameEn : task.serviceNameDe}
                  </th>
                  <td className="kern-table__cell">
                    {task.stepName}
                    <br />
                    {t(`tasks.statuses.${task.status}`)}
                  </td>
                  <td className="kern-table__cell">{t('tasks.age', { count: task.ageDays })}</td>
                  <td className="kern-table__cell">
                    {task.dueAt ? date(task.dueAt) : '–'}
                    {task.overdue && (
                      <strong className="tasks-overdue">
                        {' '}
                        <span aria-hidden="true">⚠ </span>
                        {t('tasks.overdue')}
                      </strong>
                    )}
                  </td>
                  <td className="kern-table__cell">{task.assignee?.name ?? t('tasks.unassigned')}</td>
                  <td className="kern-table__cell backoffice-row-actions">
                    {(task.status === 'open' || task.status === 'in_progress') && (
                      <>
                        {task.assignee?.id !== me && me && (
                          <button
                            type="button"
                            className="kern-btn kern-btn--secondary"
                            disabled={busy}
                            onClick={() => takeOver(task)}
                          >
                            <span className="kern-label">
                              {t('tasks.assignToMe', { number: task.caseNumber })}
                            </span>
                          </button>
                        )}
                        <button
                          type="button"
                          className="kern-btn kern-btn--primary"
                          aria-expanded={workingId === task.id}
                          aria-controls={workingId === task.id ? 'task-work' : undefined}
                          onClick={() => open(task)}
                        >
                          <span className="kern-label">{t('tasks.work', { number: task.caseNumber })}</span>
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {working && (
        <section id="task-work" aria-labelledby="task-work-heading" className="backoffice-section">
          <h2 id="task-work-heading" ref={workHeading} tabIndex={-1} className="kern-heading-medium">
            {t('tasks.workHeading', { number: working.caseNumber, step: working.stepName })}
          </h2>
          <form noValidate onSubmit={(event) => void complete(event, working)} className="planning-form">
            <ErrorSummary errors={errors} submission={submission} />
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('cases.checklistLegend', { step: working.stepName })}</legend>
              {working.checklist.map((item, index) => {
                const id = `task-check-${index}`;
                const error = errors.find((e) => e.fieldId === id)?.message;
                return (
                  <div key={item} className="kern-form-check">
                    <input
                      id={id}
                      type="checkbox"
                      className="kern-form-check__input"
                      checked={ticked.includes(item)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                      onChange={(event) =>
                        setTicked((before) =>
                          event.target.checked ? [...before, item] : before.filter((x) => x !== item),
                        )
                      }
                    />
                    <label className="kern-label" htmlFor={id}>
                      {item}
                    </label>
                    {error && (
                      <p id={`${id}-error`} className="kern-error">
                        {error}
                      </p>
                    )}
                  </div>
                );
              })}
            </fieldset>
            <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
              <span className="kern-label">{t('tasks.complete')}</span>
            </button>
          </form>
        </section>
      )}
    </>
  );
}
