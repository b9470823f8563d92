import { useTranslation } from '../../i18n/react.tsx';
import type { CaptchaState } from '../../captcha/useCaptcha.ts';

export const captchaFieldId = 'captcha-status';

/**
 * The invisible check against bots, said politely: no puzzle, only a status line.
 * It has the id the error summary links to when the server rejects the check.
 */
export function CaptchaStatus({ state }: { state: CaptchaState }) {
  const { t } = useTranslation();
  return (
    <p id={captchaFieldId} tabIndex={-1} className="kern-body kern-body--small captcha-status" role="status">
      {t(`captcha.${state}`)}
    </p>
  );
}
