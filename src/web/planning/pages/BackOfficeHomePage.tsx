import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import { planningApi, type StaffRole } from '../api.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { areaRoles, backOfficePages } from '../staffAreas.ts';

/** The back office's start: what this role may use, with a short description of each page. */
export function BackOfficeHomePage({ role }: { role: StaffRole }) {
  const { t } = useTranslation();
  const pages = backOfficePages.filter((page) => (page.roles as readonly StaffRole[]).includes(role));
  const [belowMinimum, setBelowMinimum] = useState(0);
  const watchesStock = role === 'admin' || role === 'planner';
  useEffect(() => {
    if (!watchesStock) return;
    let current = true;
    planningApi
      .listStock()
      .then((stock) => current && setBelowMinimum(stock.belowMinimum))
      // The notice is a hint; the Bestand page reports a failure to load.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [watchesStock]);
  return (
    <>
      <PageHeading title={t('backOffice.heading')}>{t('backOffice.heading')}</PageHeading>
      <p>{t('backOffice.intro', { role: t(`roles.${role}`) })}</p>
      {belowMinimum > 0 && (
        <div
          className="kern-alert kern-alert--warning"
          role="region"
          aria-label={t('backOffice.lowStockLabel')}
        >
          <div className="kern-alert__body">
            <p className="kern-body">{t('backOffice.lowStock', { count: belowMinimum })}</p>
            <p className="kern-body">
              <Link className="kern-link" to="/verwaltung/bestand">
                {t('backOffice.lowStockLink')}
              </Link>
            </p>
          </div>
        </div>
      )}
      <ul className="backoffice-cards">
        {(areaRoles.station as readonly StaffRole[]).includes(role) && (
          <li>
            <a className="kern-link" href="/station">
              {t('shell.station')}
            </a>
            <p>{t('backOffice.describe.station')}</p>
          </li>
        )}
        {(areaRoles.planung as readonly StaffRole[]).includes(role) && (
          <li>
            <Link className="kern-link" to="/planung">
              {t('shell.planning')}
            </Link>
            <p>{t('backOffice.describe.planning')}</p>
          </li>
        )}
        {pages.map((page) => (
          <li key={page.key}>
            <Link className="kern-link" to={page.path}>
              {t(`shell.pages.${page.key}`)}
            </Link>
            <p>{t(`backOffice.describe.${page.key}`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
