import { useRef, useState, type FormEvent } from 'react';
import { planningApi, type PlannerSuggestion, type SuggestionAnswer } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  DataTable,
  errorOf,
  PageStatus,
  RowHeader,
  SelectField,
  TextAreaField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

type Answer = SuggestionAnswer['answer'];
const ANSWERS: readonly Answer[] = ['planned', 'not_planned', 'done'];
const REASON_MAX = 2000;

/**
 * Citizens' suggestions for the planner (issue 15): the published suggestions, most supported first, whether
 * the current plan covers each (the nearest site with a planned stop, its distance and the walking radius),
 * and the answer "planned", "not planned because …" or "done" that the portal shows.
 */
export function SuggestionAnswersPage() {
  const format = useFormat();
  const { t } = format;
  const [items, setItems] = useState<PlannerSuggestion[] | null>(null);
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<PlannerSuggestion | null>(null);
  const [answer, setAnswer] = useState<Answer>('planned');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const { loadError, reload } = usePageLoad(async () =>
    setItems((await planningApi.listPlannerSuggestions()).items),
  );

  const placeOf = (item: PlannerSuggestion) =>
    item.siteName ?? item.districtName ?? t('suggestionAnswers.placeOnMap');
  const km = (value: number) => format.number(value, 1);
  const coverageText = (item: PlannerSuggestion) => {
    const c = item.coverage;
    if (c.covered)
      return t('suggestionAnswers.coverage.covered', {
        site: c.siteName ?? '',
        distance: km(c.distanceKm ?? 0),
        radius: km(c.radiusKm),
      });
    if (c.siteName === null) return t('suggestionAnswers.coverage.noPlan');
    return t('suggestionAnswers.coverage.tooFar', {
      site: c.siteName,
      distance: km(c.distanceKm ?? 0),
      radius: km(c.radiusKm),
    });
  };

  const open = (item: PlannerSuggestion) => {
    setSelected(item);
    setAnswer(item.answer ?? (item.coverage.covered ? 'done' : 'planned'));
    setReason(item.answerReason ?? '');
    setErrors([]);
    setStatus('');
    setTimeout(() => formHeading.current?.focus(), 0);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    const text = reason.trim();
    const found: FieldError[] = [];
    if (answer === 'not_planned' && !text)
      found.push({ fieldId: 'answer-reason', message: t('suggestionAnswers.reasonMissing') });
    if (text.length > REASON_MAX)
      found.push({
        fieldId: 'answer-reason',
        message: t('suggestionAnswers.reasonTooLong', { max: REASON_MAX }),
      });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await planningApi.answerSuggestion(selected.id, { answer, ...(text ? { reason: text } : {}) });
      setStatus(
        t('suggestionAnswers.saved', {
          place: placeOf(selected),
          answer: t(`suggestionAnswers.answers.${answer}`),
        }),
      );
      setSelected(null);
      await reload();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setErrors([
        {
          fieldId: field === 'reason' ? 'answer-reason' : 'answer-choice',
          message: t('suggestionAnswers.failed', { detail: problemText(t, error) }),
        },
      ]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('suggestionAnswers.heading')}>{t('suggestionAnswers.heading')}</PageHeading>
      <p>{t('suggestionAnswers.intro')}</p>
      <PageStatus status={status} loadError={loadError} loading={items === null} />
      {items && (
        <DataTable
          caption={t('suggestionAnswers.caption', { count: items.length })}
          scrollLabel={t('suggestionAnswers.caption', { count: items.length })}
          columns={(['place', 'reason', 'supports', 'coverage', 'answer', 'action'] as const).map((column) =>
            t(`suggestionAnswers.columns.${column}`),
          )}
          rows={items}
          rowKey={(item) => item.id}
          rowData={(item) => ({ 'data-suggestion-id': item.id })}
          empty={t('suggestionAnswers.empty')}
        >
          {(item) => (
            <>
              <RowHeader>{placeOf(item)}</RowHeader>
              <Cell>{item.reason}</Cell>
              <Cell>{format.number(item.supports)}</Cell>
              <Cell>
                <strong>
                  {t(item.coverage.covered ? 'suggestionAnswers.covered' : 'suggestionAnswers.notCovered')}
                </strong>
                <br />
                {coverageText(item)}
                {item.coverage.covered && item.coverage.nextStop && (
                  <>
                    <br />
                    {t('suggestionAnswers.nextStop', {
                      date: format.day(`${item.coverage.nextStop}T12:00:00Z`),
                    })}
                  </>
                )}
              </Cell>
              <Cell>
                {item.answer
                  ? t(`suggestionAnswers.answers.${item.answer}`)
                  : t('suggestionAnswers.noAnswer')}
                {item.answerReason && (
                  <>
                    <br />
                    <span className="kern-hint">{item.answerReason}</span>
                  </>
                )}
              </Cell>
              <Cell>
                <Button disabled={busy} onClick={() => open(item)}>
                  {t('suggestionAnswers.answerNamed', { place: placeOf(item) })}
                </Button>
              </Cell>
            </>
          )}
        </DataTable>
      )}

      {selected && (
        <BackOfficeSection
          id="answer-heading"
          headingRef={formHeading}
          heading={t('suggestionAnswers.formHeading', { place: placeOf(selected) })}
        >
          <p>{t('suggestionAnswers.formIntro')}</p>
          <BackOfficeForm
            errors={errors}
            submission={submission}
            onSubmit={(event) => void submit(event)}
            submitLabel={t('suggestionAnswers.submit')}
            actions={<Button onClick={() => setSelected(null)}>{t('suggestionAnswers.cancel')}</Button>}
          >
            <SelectField
              id="answer-choice"
              label={t('suggestionAnswers.answerLabel')}
              value={answer}
              error={errorOf(errors, 'answer-choice')}
              onValueChange={(value) => setAnswer(value as Answer)}
            >
              {ANSWERS.map((option) => (
                <option key={option} value={option}>
                  {t(`suggestionAnswers.answers.${option}`)}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              id="answer-reason"
              label={t(
                answer === 'not_planned'
                  ? 'suggestionAnswers.reasonRequired'
                  : 'suggestionAnswers.reasonLabel',
              )}
              hint={t('suggestionAnswers.reasonHint')}
              value={reason}
              rows={4}
              error={errorOf(errors, 'answer-reason')}
              onValueChange={setReason}
            />
          </BackOfficeForm>
        </BackOfficeSection>
      )}
    </>
  );
}
