import { useTranslation } from '../../i18n/react.tsx';
import { useFormat } from '../format.ts';
import type { MunicipalityInfo } from '../api.ts';

/**
 * Shown on every staff page of a demo database: its stops, visits and figures in the period are simulated
 * (src/cli/demo). A real installation never has demo data, so it never shows this.
 */
export function DemoNotice({ demo }: { demo: NonNullable<MunicipalityInfo['demo']> }) {
  const { t } = useTranslation();
  const { day } = useFormat();
  return (
    <div
      className="kern-alert kern-alert--warning demo-notice"
      role="note"
      aria-labelledby="demo-notice-title"
    >
      <div className="kern-alert__header">
        <span className="kern-title" id="demo-notice-title">
          {t('demo.title')}
        </span>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">
          {t('demo.text', { from: day(demo.from), to: day(demo.to), seed: demo.seed })}
        </p>
      </div>
    </div>
  );
}
