import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { problemCodesWithMessages } from '../../api/problemMessages.ts';
import { FormField } from '../../components/FormField/FormField.tsx';
import type { StationDay } from '../api/types.ts';
import { formatTime } from '../format.ts';
import {
  checkCapturedFile,
  MAX_DOCUMENT_BYTES,
  MAX_TITLE_LENGTH,
  type CapturedDocument,
  type DocumentMediaType,
} from '../offline/documentQueue.ts';
import { useStation } from '../StationContext.tsx';
import { ErrorSummary, TextField, type FieldError } from './Form.tsx';
import { StationPanel } from './StationPanel.tsx';

const CASE_FIELD = 'document-case';
const TITLE_FIELD = 'document-title';
const FILE_FIELD = 'document-file';

interface CaseOption {
  caseId: string;
  caseNumber: string;
  label: string;
}

/** The open cases of the day's visits, labelled with the visit's number, the person and the service. */
function caseOptions(day: StationDay, language: string, noName: string): CaseOption[] {
  return [...day.appointments, ...day.tickets].flatMap((entry) =>
    (entry.cases ?? []).map((kase) => ({
      caseId: kase.id,
      caseNumber: kase.number,
      label: `${entry.displayNumber} · ${entry.name ?? noName} · ${
        language.startsWith('en') ? kase.serviceNameEn : kase.serviceNameDe
      } (${kase.number})`,
    })),
  );
}

/** The message key of a refused document's reason: the problem code's own message, or a general one. */
function refusalKey(reason: string | undefined): string {
  return reason && Object.hasOwn(problemCodesWithMessages, reason)
    ? `problems.${reason}`
    : 'problems.generic';
}

/**
 * Documents captured at the stop (tracker issue 11): a photo with the tablet's camera or a file for an open
 * case of the day's visits. It is kept encrypted on the device and sent once the server is reachable; the list
 * says in words what is waiting, what was refused and what has arrived.
 */
export function DocumentCapture({ day }: { day: StationDay }) {
  const { t, i18n } = useTranslation();
  const { captureDocument, discardDocument, documents, sentDocuments, online } = useStation();
  const language = i18n.language;
  const options = caseOptions(day, language, t('queue.noName'));
  const [caseId, setCaseId] = useState('');
  const [title, setTitle] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  // The camera (a photo of a paper) or a file already on the tablet (a scan, a PDF the citizen brought).
  const [source, setSource] = useState<'camera' | 'file'>('camera');
  const chosenCase = options.length === 1 ? options[0]!.caseId : caseId;

  const errorOf = (fieldId: string) => errors.find((error) => error.fieldId === fieldId)?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setSubmission((n) => n + 1);
    setAnnouncement('');
    const file = fileInput.current?.files?.[0];
    const option = options.find((candidate) => candidate.caseId === chosenCase);
    const found: FieldError[] = [];
    if (!option) found.push({ fieldId: CASE_FIELD, message: t('documents.caseMissing') });
    if (title.trim() === '') found.push({ fieldId: TITLE_FIELD, message: t('documents.titleMissing') });
    else if (title.trim().length > MAX_TITLE_LENGTH) {
      found.push({
        fieldId: TITLE_FIELD,
        message: t('documents.titleTooLong', { max: MAX_TITLE_LENGTH }),
      });
    }
    const fileProblem = checkCapturedFile(file);
    if (fileProblem) {
      found.push({
        fieldId: FILE_FIELD,
        message: t(`documents.file.${fileProblem}`, { megabytes: MAX_DOCUMENT_BYTES / 1024 / 1024 }),
      });
    }
    setErrors(found);
    if (found.length > 0 || !option || !file) return;
    setBusy(true);
    try {
      await captureDocument({
        stopId: day.stop.id,
        caseId: option.caseId,
        caseNumber: option.caseNumber,
        title,
        mediaType: file.type as DocumentMediaType,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      setTitle('');
      setCaseId('');
      if (fileInput.current) fileInput.current.value = '';
      setAnnouncement(online ? t('documents.capturedOnline') : t('documents.capturedOffline'));
    } catch {
      setErrors([{ fieldId: FILE_FIELD, message: t('documents.notKept') }]);
    } finally {
      setBusy(false);
    }
  };

  const stateText = (document: CapturedDocument) =>
    document.state === 'failed'
      ? t('documents.state.failed', { reason: t(refusalKey(document.reason)) })
      : online
        ? t('documents.state.sending')
        : t('documents.state.waiting');

  return (
    <StationPanel headingId="documents-heading" heading={t('documents.heading')}>
      <p className="kern-body">{t('documents.intro')}</p>
      {options.length === 0 ? (
        <p className="kern-body">{t('documents.noCases')}</p>
      ) : (
        <form className="station-form" noValidate onSubmit={(event) => void submit(event)}>
          <ErrorSummary errors={errors} submission={submission} />
          <FormField
            id={CASE_FIELD}
            label={t('documents.case')}
            error={errorOf(CASE_FIELD)}
            errorPrefix={t('form.errorPrefix')}
          >
            {(describedBy) => (
              <div className="kern-form-input__select-wrapper">
                <select
                  id={CASE_FIELD}
                  className="kern-form-input__select"
                  value={chosenCase}
                  onChange={(event) => setCaseId(event.target.value)}
                  aria-describedby={describedBy}
                  aria-invalid={errorOf(CASE_FIELD) ? true : undefined}
                >
                  {options.length > 1 && <option value="">{t('documents.caseChoose')}</option>}
                  {options.map((option) => (
                    <option key={option.caseId} value={option.caseId}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </FormField>
          <TextField
            id={TITLE_FIELD}
            label={t('documents.title')}
            hint={t('documents.titleHint')}
            value={title}
            onValueChange={setTitle}
            error={errorOf(TITLE_FIELD)}
            autoComplete="off"
          />
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('documents.source.legend')}</legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {(['camera', 'file'] as const).map((option) => (
                <div className="kern-form-check" key={option}>
                  <input
                    className="kern-form-check__radio"
                    id={`document-source-${option}`}
                    type="radio"
                    name="document-source"
                    value={option}
                    checked={source === option}
                    onChange={() => setSource(option)}
                  />
                  <label className="kern-label" htmlFor={`document-source-${option}`}>
                    {t(`documents.source.${option}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <FormField
            id={FILE_FIELD}
            label={t('documents.fileLabel')}
            hint={t(`documents.fileHint.${source}`, { megabytes: MAX_DOCUMENT_BYTES / 1024 / 1024 })}
            error={errorOf(FILE_FIELD)}
            errorPrefix={t('form.errorPrefix')}
          >
            {(describedBy) => (
              <input
                ref={fileInput}
                id={FILE_FIELD}
                type="file"
                className="kern-form-input__input"
                accept="application/pdf,image/jpeg,image/png"
                capture={source === 'camera' ? 'environment' : undefined}
                aria-describedby={describedBy}
                aria-invalid={errorOf(FILE_FIELD) ? true : undefined}
              />
            )}
          </FormField>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
            <span className="kern-label">{t('documents.submit')}</span>
          </button>
        </form>
      )}
      <div role="status" className="announcement">
        {announcement && <p className="kern-body kern-body--bold">{announcement}</p>}
      </div>
      {(documents.length > 0 || sentDocuments.length > 0) && (
        <>
          <h3 className="kern-heading-small" id="documents-list-heading">
            {t('documents.listHeading')}
          </h3>
          <ul className="documents-queue" aria-labelledby="documents-list-heading">
            {documents.map((document) => (
              <li key={document.clientUploadId} className="kern-body">
                <strong>{document.fileName}</strong> {t('documents.forCase', { number: document.caseNumber })}
                : <span className="documents-queue__state">{stateText(document)}</span>
                {document.state === 'failed' && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="kern-btn kern-btn--secondary kern-btn--x-small"
                      onClick={() => void discardDocument(document.clientUploadId)}
                    >
                      <span className="kern-label">{t('documents.discard')}</span>
                      <span className="kern-sr-only"> {document.fileName}</span>
                    </button>
                  </>
                )}
              </li>
            ))}
            {[...sentDocuments].reverse().map((sent) => (
              <li key={sent.document.clientUploadId} className="kern-body">
                <strong>{sent.document.fileName}</strong>{' '}
                {t('documents.forCase', { number: sent.document.caseNumber })}:{' '}
                <span className="documents-queue__state">
                  {t('documents.state.sent', { time: formatTime(sent.sentAt, language) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </StationPanel>
  );
}
