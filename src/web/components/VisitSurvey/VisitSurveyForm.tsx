import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ErrorSummary, type FieldError } from '../ErrorSummary/ErrorSummary.tsx';
import { FieldErrorMessage } from '../FormField/FormField.tsx';

/** The answers of the survey after a visit, as `submitVisitFeedback` takes them. */
export interface VisitSurveyAnswers {
  satisfaction: number;
  wouldUseAgain: string;
  timeCompared?: string;
  travelMode?: string;
}

const questions = {
  satisfaction: ['5', '4', '3', '2', '1'],
  wouldUseAgain: ['yes', 'no', 'unsure'],
  timeCompared: ['saved_much', 'saved_some', 'same', 'more', 'unsure'],
  travelMode: ['foot', 'bike', 'bus', 'car', 'other'],
} as const;
type Question = keyof typeof questions;
const required: readonly Question[] = ['satisfaction', 'wouldUseAgain'];

export const surveyFieldId = (question: Question) => `survey-${question}-${questions[question][0]}`;

interface VisitSurveyFormProps {
  onSubmit: (answers: VisitSurveyAnswers) => Promise<void>;
  busy?: boolean;
  /** The app's own wording for the error summary, the error prefix and "(optional)" (portal or station). */
  errorTitle?: string | undefined;
  errorPrefix?: string | undefined;
  optionalText?: string | undefined;
  /** The level of the "compared with the town hall" heading: 2 under the page heading, 3 inside a section. */
  headingLevel?: 2 | 3;
}

/**
 * The three questions after a visit (tracker issue 10): satisfaction 1–5, "would use it again", and the visit
 * compared with going to the town hall (time saved, how they travelled). Used by the portal's survey page and
 * the walk-in ticket page; both apps have the same `survey.*` message keys.
 */
export function VisitSurveyForm({
  onSubmit,
  busy,
  errorTitle,
  errorPrefix,
  optionalText,
  headingLevel = 2,
}: VisitSurveyFormProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Partial<Record<Question, string>>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    const missing = required
      .filter((question) => !answers[question])
      .map((question) => ({ fieldId: surveyFieldId(question), message: t(`survey.${question}.missing`) }));
    setErrors(missing);
    if (missing.length > 0 || busy) return;
    await onSubmit({
      satisfaction: Number(answers.satisfaction),
      wouldUseAgain: answers.wouldUseAgain!,
      ...(answers.timeCompared ? { timeCompared: answers.timeCompared } : {}),
      ...(answers.travelMode ? { travelMode: answers.travelMode } : {}),
    });
  };

  const fieldset = (question: Question) => {
    const error = errors.find((e) => e.fieldId === surveyFieldId(question))?.message;
    const optional = !required.includes(question);
    return (
      <fieldset
        className={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
        aria-describedby={error ? `survey-${question}-error` : undefined}
      >
        <legend className="kern-label">
          {t(`survey.${question}.legend`)}
          {optional && <span className="kern-label__optional"> {optionalText ?? t('form.optional')}</span>}
        </legend>
        {error && <FieldErrorMessage id={`survey-${question}-error`} message={error} prefix={errorPrefix} />}
        <div className="kern-fieldset__body">
          {questions[question].map((value) => (
            <div className="kern-form-check" key={value}>
              <input
                className="kern-form-check__radio"
                id={`survey-${question}-${value}`}
                type="radio"
                name={`survey-${question}`}
                value={value}
                checked={answers[question] === value}
                onChange={() => setAnswers((current) => ({ ...current, [question]: value }))}
              />
              <label className="kern-label" htmlFor={`survey-${question}-${value}`}>
                {t(`survey.${question}.options.${value}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    );
  };

  return (
    <form className="survey-form" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorSummary errors={errors} submission={submission} title={errorTitle} />
      {fieldset('satisfaction')}
      {fieldset('wouldUseAgain')}
      <Heading className="kern-heading-small">{t('survey.compareHeading')}</Heading>
      {fieldset('timeCompared')}
      {fieldset('travelMode')}
      <button type="submit" className="kern-btn kern-btn--primary" aria-disabled={busy || undefined}>
        <span className="kern-label">{t('survey.submit')}</span>
      </button>
    </form>
  );
}
