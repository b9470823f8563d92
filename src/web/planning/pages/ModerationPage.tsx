import { useRef, useState, type FormEvent } from 'react';
import {
  planningApi,
  type ModerationDecision,
  type ModerationQueue,
  type ModerationReasonCode,
} from '../api.ts';
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

type Decision = ModerationDecision['decision'];
const REASONS_AGAINST: readonly ModerationReasonCode[] = [
  'spam',
  'offensive',
  'personal_data',
  'off_topic',
  'duplicate',
  'other',
];
const OFFICIAL_MAX = 8000;

/** The item the moderator is deciding on. */
interface Selected {
  contentType: 'suggestion' | 'comment';
  contentId: string;
  /** A short text naming the item in the form's heading. */
  label: string;
  published: boolean;
}

const excerpt = (text: string, length = 60) => (text.length > length ? `${text.slice(0, length)}…` : text);

/**
 * The moderation queue (issue 15) for planners and admins: confirmed suggestions and comments waiting for a
 * decision, published comments with open reports (and their reasons), a decision with a reason code (the
 * writer is told by mail, the decision is audited), official answers to published comments, and the latest
 * decisions.
 */
export function ModerationPage() {
  const format = useFormat();
  const { t } = format;
  const [queue, setQueue] = useState<ModerationQueue | null>(null);
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<Selected | null>(null);
  const [decision, setDecision] = useState<Decision>('publish');
  const [reasonCode, setReasonCode] = useState<ModerationReasonCode>('fits_rules');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [answering, setAnswering] = useState<{ id: string; label: string } | null>(null);
  const [answer, setAnswer] = useState('');
  const [answerErrors, setAnswerErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const decideHeading = useRef<HTMLHeadingElement>(null);
  const answerHeading = useRef<HTMLHeadingElement>(null);
  const { loadError, reload } = usePageLoad(async () => setQueue(await planningApi.getModerationQueue()));

  const open = (item: Selected) => {
    setSelected(item);
    setDecision(item.published ? 'hide' : 'publish');
    setReasonCode(item.published ? 'spam' : 'fits_rules');
    setErrors([]);
    setStatus('');
    setTimeout(() => decideHeading.current?.focus(), 0);
  };

  const chooseDecision = (value: Decision) => {
    setDecision(value);
    if (value === 'publish') setReasonCode('fits_rules');
    else if (reasonCode === 'fits_rules') setReasonCode('spam');
  };

  const decide = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    setBusy(true);
    try {
      await planningApi.moderateContent({
        contentType: selected.contentType,
        contentId: selected.contentId,
        decision,
        reasonCode,
      });
      setStatus(
        t(`moderation.done.${decision}`, {
          what: t(`moderation.contentTypes.${selected.contentType}`),
          label: selected.label,
        }),
      );
      setSelected(null);
      setErrors([]);
      await reload();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setErrors([
        {
          fieldId: field === 'reasonCode' ? 'moderation-reason' : 'moderation-decision',
          message: t('moderation.failed', { detail: problemText(t, error) }),
        },
      ]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const openAnswer = (id: string, label: string) => {
    setAnswering({ id, label });
    setAnswer('');
    setAnswerErrors([]);
    setStatus('');
    setTimeout(() => answerHeading.current?.focus(), 0);
  };

  const sendAnswer = async (event: FormEvent) => {
    event.preventDefault();
    if (!answering) return;
    const text = answer.trim();
    const found: FieldError[] = [];
    if (!text) found.push({ fieldId: 'official-answer', message: t('moderation.answerMissing') });
    else if (text.length > OFFICIAL_MAX)
      found.push({
        fieldId: 'official-answer',
        message: t('moderation.answerTooLong', { max: OFFICIAL_MAX }),
      });
    setAnswerErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await planningApi.answerCommentOfficially(answering.id, text);
      setStatus(t('moderation.answered', { label: answering.label }));
      setAnswering(null);
      await reload();
    } catch (error) {
      setAnswerErrors([
        { fieldId: 'official-answer', message: t('moderation.failed', { detail: problemText(t, error) }) },
      ]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const decisions: Decision[] = selected?.published ? ['hide'] : ['publish', 'reject'];
  const reasons: readonly ModerationReasonCode[] = decision === 'publish' ? ['fits_rules'] : REASONS_AGAINST;

  return (
    <>
      <PageHeading title={t('moderation.heading')}>{t('moderation.heading')}</PageHeading>
      <p>{t('moderation.intro')}</p>
      <PageStatus status={status} loadError={loadError} loading={queue === null} />

      {queue && (
        <>
          <BackOfficeSection id="moderation-suggestions" heading={t('moderation.suggestionsHeading')}>
            <DataTable
              caption={t('moderation.suggestionsCaption', { count: queue.suggestions.length })}
              scrollLabel={t('moderation.suggestionsCaption', { count: queue.suggestions.length })}
              columns={(['reason', 'place', 'created', 'action'] as const).map((column) =>
                t(`moderation.suggestionColumns.${column}`),
              )}
              rows={queue.suggestions}
              rowKey={(item) => item.id}
              rowData={(item) => ({ 'data-suggestion-id': item.id })}
              empty={t('moderation.suggestionsEmpty')}
            >
              {(item) => (
                <>
                  <RowHeader>{item.reason}</RowHeader>
                  <Cell>{item.siteId ?? item.districtId ?? t('moderation.placeOnMap')}</Cell>
                  <Cell>{format.date(item.createdAt)}</Cell>
                  <Cell>
                    <Button
                      disabled={busy}
                      onClick={() =>
                        open({
                          contentType: 'suggestion',
                          contentId: item.id,
                          label: excerpt(item.reason),
                          published: false,
                        })
                      }
                    >
                      {t('moderation.decideNamed', { label: excerpt(item.reason, 30) })}
                    </Button>
                  </Cell>
                </>
              )}
            </DataTable>
          </BackOfficeSection>

          <BackOfficeSection id="moderation-comments" heading={t('moderation.commentsHeading')}>
            <DataTable
              caption={t('moderation.commentsCaption', { count: queue.comments.length })}
              scrollLabel={t('moderation.commentsCaption', { count: queue.comments.length })}
              columns={(['body', 'state', 'reports', 'created', 'action'] as const).map((column) =>
                t(`moderation.commentColumns.${column}`),
              )}
              rows={queue.comments}
              rowKey={(item) => item.id}
              rowData={(item) => ({ 'data-comment-id': item.id })}
              empty={t('moderation.commentsEmpty')}
            >
              {(item) => (
                <>
                  <RowHeader>{item.body}</RowHeader>
                  <Cell>
                    {t(`moderation.states.${item.status}`)}
                    <br />
                    <span className="kern-hint">
                      {t(item.suggestionId ? 'moderation.onSuggestion' : 'moderation.onProject')}
                    </span>
                  </Cell>
                  <Cell>
                    {item.reports.length === 0
                      ? t('moderation.noReports')
                      : item.reports.map((reason) => t(`moderation.reportReasons.${reason}`)).join(', ')}
                  </Cell>
                  <Cell>{format.date(item.createdAt)}</Cell>
                  <Cell>
                    <Button
                      disabled={busy}
                      onClick={() =>
                        open({
                          contentType: 'comment',
                          contentId: item.id,
                          label: excerpt(item.body),
                          published: item.status === 'published',
                        })
                      }
                    >
                      {t('moderation.decideNamed', { label: excerpt(item.body, 30) })}
                    </Button>
                  </Cell>
                </>
              )}
            </DataTable>
          </BackOfficeSection>

          {selected && (
            <BackOfficeSection
              id="moderation-decide"
              headingRef={decideHeading}
              heading={t('moderation.decideHeading', {
                what: t(`moderation.contentTypes.${selected.contentType}`),
                label: selected.label,
              })}
            >
              <p>{t('moderation.decideIntro')}</p>
              <BackOfficeForm
                errors={errors}
                submission={submission}
                onSubmit={(event) => void decide(event)}
                submitLabel={t('moderation.decideSubmit')}
                actions={<Button onClick={() => setSelected(null)}>{t('moderation.cancel')}</Button>}
              >
                <SelectField
                  id="moderation-decision"
                  label={t('moderation.decisionLabel')}
                  value={decision}
                  error={errorOf(errors, 'moderation-decision')}
                  onValueChange={(value) => chooseDecision(value as Decision)}
                >
                  {decisions.map((option) => (
                    <option key={option} value={option}>
                      {t(`moderation.decisions.${option}`)}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  id="moderation-reason"
                  label={t('moderation.reasonLabel')}
                  hint={t('moderation.reasonHint')}
                  value={reasonCode}
                  error={errorOf(errors, 'moderation-reason')}
                  onValueChange={(value) => setReasonCode(value as ModerationReasonCode)}
                >
                  {reasons.map((option) => (
                    <option key={option} value={option}>
                      {t(`moderation.reasons.${option}`)}
                    </option>
                  ))}
                </SelectField>
              </BackOfficeForm>
            </BackOfficeSection>
          )}

          <BackOfficeSection id="moderation-published" heading={t('moderation.publishedHeading')}>
            <p>{t('moderation.publishedIntro')}</p>
            <DataTable
              caption={t('moderation.publishedCaption')}
              scrollLabel={t('moderation.publishedCaption')}
              columns={(['body', 'published', 'answers', 'action'] as const).map((column) =>
                t(`moderation.publishedColumns.${column}`),
              )}
              rows={queue.published}
              rowKey={(item) => item.id}
              rowData={(item) => ({ 'data-published-comment-id': item.id })}
              empty={t('moderation.publishedEmpty')}
            >
              {(item) => (
                <>
                  <RowHeader>{item.body}</RowHeader>
                  <Cell>{format.date(item.publishedAt)}</Cell>
                  <Cell>{format.number(item.officialAnswers)}</Cell>
                  <Cell>
                    <Button disabled={busy} onClick={() => openAnswer(item.id, excerpt(item.body))}>
                      {t('moderation.answerNamed', { label: excerpt(item.body, 30) })}
                    </Button>
                  </Cell>
                </>
              )}
            </DataTable>
          </BackOfficeSection>

          {answering && (
            <BackOfficeSection
              id="moderation-answer"
              headingRef={answerHeading}
              heading={t('moderation.answerHeading', { label: answering.label })}
            >
              <BackOfficeForm
                errors={answerErrors}
                submission={submission}
                onSubmit={(event) => void sendAnswer(event)}
                submitLabel={t('moderation.answerSubmit')}
                actions={<Button onClick={() => setAnswering(null)}>{t('moderation.cancel')}</Button>}
              >
                <TextAreaField
                  id="official-answer"
                  label={t('moderation.answerLabel')}
                  hint={t('moderation.answerHint')}
                  value={answer}
                  rows={5}
                  error={errorOf(answerErrors, 'official-answer')}
                  onValueChange={setAnswer}
                />
              </BackOfficeForm>
            </BackOfficeSection>
          )}

          <BackOfficeSection id="moderation-decisions" heading={t('moderation.decisionsHeading')}>
            <DataTable
              caption={t('moderation.decisionsCaption')}
              scrollLabel={t('moderation.decisionsCaption')}
              columns={(['when', 'what', 'decision', 'reason', 'who'] as const).map((column) =>
                t(`moderation.decisionColumns.${column}`),
              )}
              rows={queue.decisions}
              rowKey={(item) => item.id}
              empty={t('moderation.decisionsEmpty')}
            >
              {(item) => (
                <>
                  <RowHeader>{format.date(item.decidedAt)}</RowHeader>
                  <Cell>{t(`moderation.contentTypes.${item.contentType}`)}</Cell>
                  <Cell>{t(`moderation.decisions.${item.decision}`)}</Cell>
                  <Cell>{t(`moderation.reasons.${item.reasonCode}`)}</Cell>
                  <Cell>{item.decidedBy ?? '–'}</Cell>
                </>
              )}
            </DataTable>
          </BackOfficeSection>
        </>
      )}
    </>
  );
}
