import { useState } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { ApiProblem, postJson } from '../api/client.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { VisitSurveyForm, type VisitSurveyAnswers } from '../components/VisitSurvey/VisitSurveyForm.tsx';
import { useFragmentToken } from '../hooks/useFragmentToken.ts';
import { TokenActionPage } from './TokenActionPage.tsx';

type Outcome = 'form' | 'sending' | 'done' | 'already' | 'wrongLink' | 'failed';

/**
 * `/rueckmeldung#token`: the survey after a visit, from the one mail the citizen gets (tracker issue 10). The
 * answers are stored without the person; the token only keeps a visit from being rated twice.
 */
export function VisitFeedbackPage() {
  const { t } = useTranslation();
  const token = useFragmentToken();
  const [outcome, setOutcome] = useState<Outcome>('form');

  const send = async (answers: VisitSurveyAnswers) => {
    setOutcome('sending');
    try {
      await postJson('/api/v1/visit-feedback', { token, ...answers });
      setOutcome('done');
    } catch (error) {
      const code = error instanceof ApiProblem ? error.code : undefined;
      setOutcome(
        code === 'feedback_already_given'
          ? 'already'
          : code === 'feedback_link_invalid' || (error instanceof ApiProblem && error.problem.status === 400)
            ? 'wrongLink'
            : 'failed',
      );
    }
  };

  return (
    <>
      <PageHeading>{t('survey.title')}</PageHeading>
      {!token || outcome === 'wrongLink' ? (
        <ActionResult tone="danger" title={t('links.wrongTitle')} focus={outcome === 'wrongLink'}>
          <p className="kern-body">{token ? t('links.wrongText') : t('links.noToken')}</p>
        </ActionResult>
      ) : outcome === 'done' ? (
        <ActionResult tone="success" title={t('survey.done')} focus>
          <p className="kern-body">{t('survey.doneText')}</p>
        </ActionResult>
      ) : outcome === 'already' ? (
        <ActionResult tone="info" title={t('survey.already')} focus />
      ) : (
        <>
          {outcome === 'failed' && <ActionResult tone="danger" title={t('survey.failed')} focus />}
          <p className="kern-body">{t('survey.intro')}</p>
          <VisitSurveyForm onSubmit={send} busy={outcome === 'sending'} />
        </>
      )}
    </>
  );
}

/** `/rueckmeldung/abbestellen#token`: no survey mails after future visits (the link in the survey mail). */
export const VisitFeedbackOptOutPage = () => (
  <TokenActionPage apiPath={() => '/api/v1/visit-feedback/opt-out'} messages="feedbackOptOut" />
);
