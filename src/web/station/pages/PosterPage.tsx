import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link, useParams } from 'react-router';
import { Notice } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatDate, formatTime } from '../format.ts';
import { useStationDay } from '../useStationDay.ts';

/** The poster for the stop: a QR code with which walk-ins draw a number on their phone. Printable. */
export function PosterPage() {
  const { stopId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { day, loading } = useStationDay(stopId);
  const [image, setImage] = useState<string>();
  const posterUrl = day?.posterUrl;

  useEffect(() => {
    if (!posterUrl) return;
    const absolute = new URL(posterUrl, window.location.origin).href;
    void QRCode.toDataURL(absolute, { errorCorrectionLevel: 'M', margin: 2, width: 480 }).then(setImage);
  }, [posterUrl]);

  return (
    <>
      <div className="no-print">
        <p className="kern-body">
          <Link className="kern-link" to={`/station/tag/${stopId}`}>
            {t('poster.back')}
          </Link>
        </p>
      </div>
      <div className="poster">
        <PageHeading className="poster__title">{t('poster.heading')}</PageHeading>
        {day && (
          <p className="kern-body kern-body--large">
            {day.stop.siteName} · {formatDate(day.stop.startsAt, i18n.language)},{' '}
            {t('days.time', {
              from: formatTime(day.stop.startsAt, i18n.language),
              to: formatTime(day.stop.endsAt, i18n.language),
            })}
          </p>
        )}
        <p className="kern-body kern-body--large">{t('poster.instructions')}</p>
        {image && <img className="poster__qr" src={image} alt={t('poster.qrAlt')} width={480} height={480} />}
        {posterUrl && (
          <p className="kern-body poster__url">
            {t('poster.orOpen')}{' '}
            {/* The ticket page's full address under PUBLIC_BASE_URL, as in the QR code: typed in, it works too. */}
            <span className="poster__link">{new URL(posterUrl, window.location.origin).href}</span>
          </p>
        )}
        <p className="kern-body kern-body--large">{t('poster.noPhone')}</p>
      </div>
      {!day && !loading && <Notice tone="warning">{t('day.failed')}</Notice>}
      <div className="no-print">
        <button type="button" className="kern-btn kern-btn--primary" onClick={() => window.print()}>
          <span className="kern-label">{t('poster.print')}</span>
        </button>
      </div>
    </>
  );
}
