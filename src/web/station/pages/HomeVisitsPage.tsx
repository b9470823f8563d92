import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import type { HomeVisitPasses } from '../../../contracts/homeVisit.ts';
import { ApiProblem } from '../../api/client.ts';
import { stationApi } from '../api/client.ts';
import { Notice } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { berlinToday, formatDate } from '../format.ts';
import { vault } from '../offline/vault.ts';
import { useStation } from '../StationContext.tsx';

type Visit = HomeVisitPasses['days'][number]['visits'][number];

/** The QR code of one visit's pass, large enough to scan from the tablet's screen at the door. */
function PassCode({ visit, onClose }: { visit: Visit; onClose: () => void }) {
  const { t } = useTranslation();
  const [image, setImage] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const url = visit.pass?.url;

  useEffect(() => {
    heading.current?.focus();
  }, [visit.homeVisitId]);
  useEffect(() => {
    setImage(undefined);
    if (!url) return;
    void QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 360 }).then(setImage);
  }, [url]);

  return (
    <section className="kern-card home-visit-pass" aria-labelledby="home-visit-pass-heading">
      <div className="kern-card__container">
        <h2 id="home-visit-pass-heading" className="kern-heading-medium" tabIndex={-1} ref={heading}>
          {t('homeVisits.passHeading', { name: visit.personName })}
        </h2>
        {visit.pass ? (
          <>
            <p className="kern-body kern-body--large">{t('homeVisits.passInstructions')}</p>
            {image && (
              <img
                className="home-visit-pass__qr"
                src={image}
                alt={t('homeVisits.qrAlt')}
                width={360}
                height={360}
                data-pass-url={visit.pass.url}
              />
            )}
            <p className="kern-body">{t('homeVisits.passValid', { until: visit.until })}</p>
          </>
        ) : (
          <p className="kern-body">{t('homeVisits.passOver')}</p>
        )}
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onClose}>
          <span className="kern-label">{t('homeVisits.close')}</span>
        </button>
      </div>
    </section>
  );
}

/**
 * `/station/hausbesuche`: today's home visits of the signed-in person, in the order of the route, each with a
 * QR code the citizen scans at the door to check who is visiting. The passes are signed by the server when the
 * list loads online and kept encrypted on the device for the day, so the codes show offline too.
 */
export function HomeVisitsPage() {
  const { t, i18n } = useTranslation();
  const { online, reportNetwork } = useStation();
  const today = berlinToday();
  const [passes, setPasses] = useState<HomeVisitPasses>();
  const [fromDevice, setFromDevice] = useState(false);
  const [error, setError] = useState<'offline' | 'failed'>();
  const [shown, setShown] = useState<string>();
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const stored = await vault.loadHomeVisitPasses(today).catch(() => undefined);
      if (!cancelled && stored) {
        setPasses((current) => current ?? stored);
        setFromDevice(true);
      }
      if (!online) {
        if (!cancelled && !stored) setError('offline');
        return;
      }
      try {
        const fresh = await stationApi.homeVisitPasses();
        if (cancelled) return;
        await vault.saveHomeVisitPasses(fresh);
        setPasses(fresh);
        setFromDevice(false);
        setError(undefined);
      } catch (caught) {
        if (cancelled) return;
        const offline = caught instanceof ApiProblem && caught.status === 0;
        if (offline) reportNetwork(false);
        if (!stored) setError(offline ? 'offline' : 'failed');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [online, today, reportNetwork]);

  const shownVisit = passes?.days.flatMap((day) => day.visits).find((visit) => visit.homeVisitId === shown);
  const close = () => {
    const id = shown;
    setShown(undefined);
    if (id) buttons.current.get(id)?.focus();
  };

  return (
    <>
      <p className="kern-body">
        <Link className="kern-link" to="/station">
          {t('homeVisits.back')}
        </Link>
      </p>
      <PageHeading>{t('homeVisits.heading')}</PageHeading>
      <p className="kern-body">{formatDate(`${today}T12:00:00Z`, i18n.language)}</p>
      {fromDevice && <Notice tone="info">{t('homeVisits.fromDevice')}</Notice>}
      {error === 'offline' && <Notice tone="warning">{t('homeVisits.offline')}</Notice>}
      {error === 'failed' && <Notice tone="warning">{t('homeVisits.failed')}</Notice>}
      {!passes && !error && <p className="kern-body">{t('common.loading')}</p>}
      {passes && passes.days.length === 0 && <p className="kern-body">{t('homeVisits.none')}</p>}
      {shownVisit && <PassCode visit={shownVisit} onClose={close} />}
      {passes?.days.map((day) => (
        <section key={day.dayId} aria-labelledby={`home-visit-day-${day.dayId}`}>
          <h2 id={`home-visit-day-${day.dayId}`} className="kern-heading-medium">
            {t('homeVisits.crew', { first: day.staffNames[0] ?? '', second: day.staffNames[1] ?? '' })}
          </h2>
          <ol className="day-list">
            {day.visits.map((visit) => (
              <li key={visit.homeVisitId} className="kern-card day-list__item">
                <div className="kern-card__container">
                  <h3 className="kern-title">
                    {t('homeVisits.visitTitle', {
                      position: visit.position,
                      from: visit.from,
                      until: visit.until,
                      name: visit.personName,
                    })}
                  </h3>
                  <p className="kern-body">
                    {visit.street}, {visit.postcode} {visit.city}
                    {visit.addressNote ? ` · ${visit.addressNote}` : ''}
                  </p>
                  <button
                    type="button"
                    className="kern-btn kern-btn--primary"
                    aria-expanded={shown === visit.homeVisitId}
                    ref={(element) => {
                      if (element) buttons.current.set(visit.homeVisitId, element);
                      else buttons.current.delete(visit.homeVisitId);
                    }}
                    onClick={() => setShown(visit.homeVisitId)}
                  >
                    <span className="kern-label">{t('homeVisits.showPass', { name: visit.personName })}</span>
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}
