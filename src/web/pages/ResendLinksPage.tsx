import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { ApiProblem, postJson } from '../api/client.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { LoadError } from '../components/ApiStatus/ApiStatus.tsx';
import { contactFieldIds, validateEmail } from '../components/ContactFields/contactInput.ts';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary/ErrorSummary.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { TextField } from '../components/TextField/TextField.tsx';

const codeFieldId = 'resend-code';

/** Letters and digits with optional dashes or spaces: K7M2-9QXP, k7m2 9qxp. */
export function validateBookingCode(code: string): 'codeRequired' | 'codeInvalid' | null {
  const trimmed = code.trim();
  if (!trimmed) return 'codeRequired';
  return /^[A-Za-z0-9][A-Za-z0-9 -]{2,18}[A-Za-z0-9]$/.test(trimmed) ? null : 'codeInvalid';
}

/**
 * `/termin/links-senden`: booking code and e-mail address → a mail with the links. The answer is the same
 * whether the pair belongs to an appointment or not.
 */
export function ResendLinksPage() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<{ code?: string; email?: string }>({});
  const [submission, setSubmission] = useState(0);
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'tooMany' | 'failed'>('idle');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state === 'sending') return;
    const codeProblem = validateBookingCode(code);
    const emailProblem = validateEmail(email);
    const found = {
      ...(codeProblem ? { code: t(`resend.errors.${codeProblem}`) } : {}),
      ...(emailProblem ? { email: t(`contact.errors.email.${emailProblem.reason}`) } : {}),
    };
    setErrors(found);
    setSubmission((count) => count + 1);
    if (Object.keys(found).length > 0) return;
    setState('sending');
    try {
      await postJson('/api/v1/bookings/resend-links', { code: code.trim(), email: email.trim() });
      setState('sent');
    } catch (error) {
      const status = error instanceof ApiProblem ? error.problem.status : 0;
      if (status === 400) {
        setErrors({ code: t('resend.errors.codeInvalid') });
        setSubmission((count) => count + 1);
        setState('idle');
      } else setState(status === 429 ? 'tooMany' : 'failed');
    }
  };

  const summary: FieldError[] = [
    ...(errors.code ? [{ fieldId: codeFieldId, message: errors.code }] : []),
    ...(errors.email ? [{ fieldId: contactFieldIds.email, message: errors.email }] : []),
  ];
  return (
    <>
      <PageHeading>{t('resend.title')}</PageHeading>
      {state === 'sent' ? (
        <ActionResult tone="success" title={t('resend.sentTitle')}>
          <p className="kern-body">{t('resend.sentText')}</p>
        </ActionResult>
      ) : (
        <>
          <p className="kern-body">{t('resend.intro')}</p>
          {state === 'tooMany' && <LoadError message={t('booking.errors.tooMany')} />}
          {state === 'failed' && <LoadError message={t('booking.errors.general')} />}
          <form noValidate onSubmit={submit} className="booking-form">
            <ErrorSummary errors={summary} submission={submission} />
            <TextField
              id={codeFieldId}
              label={t('resend.code')}
              hint={t('resend.codeHint')}
              value={code}
              onValueChange={setCode}
              error={errors.code}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
            />
            <TextField
              id={contactFieldIds.email}
              type="email"
              label={t('contact.email')}
              value={email}
              onValueChange={setEmail}
              error={errors.email}
              autoComplete="email"
            />
            <button
              type="submit"
              className="kern-btn kern-btn--primary"
              aria-disabled={state === 'sending' || undefined}
            >
              <span className="kern-label">{t('resend.submit')}</span>
            </button>
          </form>
        </>
      )}
    </>
  );
}
