import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import type { VerifiedVisit } from '../../contracts/homeVisit.ts';
import { ApiProblem, postJson } from '../api/client.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { LoadError } from '../components/ApiStatus/ApiStatus.tsx';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary/ErrorSummary.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { TextField } from '../components/TextField/TextField.tsx';

const codeFieldId = 'visit-code';

/** The code from the confirmation mail: eight letters and digits, with or without a dash (K7M2-9QXP). */
export function validateVisitCode(code: string): 'codeRequired' | 'codeInvalid' | null {
  const normalised = code
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '');
  if (!normalised) return 'codeRequired';
  return /^[A-Z0-9]{8}$/.test(normalised) ? null : 'codeInvalid';
}

/** The signed pass from the QR code on the staff's tablet: `#pass=…` (in the fragment, never sent as a URL). */
export function passFromHash(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('pass');
  return value && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value) && value.length <= 100 ? value : null;
}

/**
 * `/hausbesuch/pruefen`: the citizen checks the two people at the door with the code from the confirmation
 * mail, or by scanning the QR code on their tablet, which opens this page with a signed pass and checks it at
 * once. A known code or a valid pass shows only the two names, the day and the hour; anything else gets one plain
 * "not found".
 */
export function HomeVisitVerifyPage() {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [submission, setSubmission] = useState(0);
  const [state, setState] = useState<
    'idle' | 'checking' | 'checkingPass' | 'notFound' | 'passInvalid' | 'tooMany' | 'failed'
  >('idle');
  const [visit, setVisit] = useState<VerifiedVisit | null>(null);

  useEffect(() => {
    const pass = passFromHash(window.location.hash);
    if (!pass) return;
    let cancelled = false;
    setState('checkingPass');
    postJson<VerifiedVisit>('/api/v1/home-visits/verify', { pass })
      .then((found) => {
        if (cancelled) return;
        setVisit(found);
        setState('idle');
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        const status = caught instanceof ApiProblem ? caught.problem.status : 0;
        setState(status === 404 || status === 400 ? 'passInvalid' : status === 429 ? 'tooMany' : 'failed');
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state === 'checking' || state === 'checkingPass') return;
    const problem = validateVisitCode(code);
    setError(problem ? t(`homeVisitVerify.errors.${problem}`) : undefined);
    setSubmission((count) => count + 1);
    setVisit(null);
    if (problem) return;
    setState('checking');
    try {
      setVisit(await postJson<VerifiedVisit>('/api/v1/home-visits/verify', { code: code.trim() }));
      setState('idle');
    } catch (caught) {
      const status = caught instanceof ApiProblem ? caught.problem.status : 0;
      setState(status === 404 || status === 400 ? 'notFound' : status === 429 ? 'tooMany' : 'failed');
    }
  };

  const day = (value: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  const summary: FieldError[] = error ? [{ fieldId: codeFieldId, message: error }] : [];
  return (
    <>
      <PageHeading>{t('homeVisitVerify.title')}</PageHeading>
      <p className="kern-body">{t('homeVisitVerify.intro')}</p>
      {visit && (
        <ActionResult tone="success" title={t('homeVisitVerify.foundTitle')}>
          <p className="kern-body" data-testid="verified-visit">
            {t('homeVisitVerify.foundText', {
              first: visit.staffNames[0],
              second: visit.staffNames[1],
              date: day(visit.date),
              from: visit.from,
              until: visit.until,
            })}
          </p>
          <p className="kern-body">{t('homeVisitVerify.foundHint')}</p>
        </ActionResult>
      )}
      {state === 'checkingPass' && (
        <p className="kern-body" role="status">
          {t('homeVisitVerify.checkingPass')}
        </p>
      )}
      {state === 'passInvalid' && (
        <ActionResult tone="danger" title={t('homeVisitVerify.passInvalidTitle')}>
          <p className="kern-body">{t('homeVisitVerify.passInvalidText')}</p>
        </ActionResult>
      )}
      {state === 'notFound' && (
        <ActionResult tone="danger" title={t('homeVisitVerify.notFoundTitle')}>
          <p className="kern-body">{t('homeVisitVerify.notFoundText')}</p>
        </ActionResult>
      )}
      {state === 'tooMany' && <LoadError message={t('homeVisitVerify.tooMany')} />}
      {state === 'failed' && <LoadError message={t('booking.errors.general')} />}
      <form noValidate onSubmit={submit} className="booking-form">
        <ErrorSummary errors={summary} submission={submission} />
        <TextField
          id={codeFieldId}
          label={t('homeVisitVerify.code')}
          hint={t('homeVisitVerify.codeHint')}
          value={code}
          onValueChange={setCode}
          error={error}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
        />
        <button
          type="submit"
          className="kern-btn kern-btn--primary"
          aria-disabled={state === 'checking' || undefined}
        >
          <span className="kern-label">{t('homeVisitVerify.submit')}</span>
        </button>
      </form>
    </>
  );
}
