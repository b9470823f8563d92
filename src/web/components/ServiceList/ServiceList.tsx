import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import type { Service } from '../../api/types.ts';
import { localizedName } from '../../format/localized.ts';
import { useLanguage } from '../../useLanguage.ts';

/** Services sorted by name in the page language, each with whether it needs a visit. */
export function ServiceList({ services }: { services: Service[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const collator = new Intl.Collator(language);
  const sorted = [...services].sort((a, b) =>
    collator.compare(localizedName(a, language), localizedName(b, language)),
  );
  return (
    <ul className="service-list">
      {sorted.map((service) => (
        <li key={service.id} className="service-list__item">
          <h3 className="kern-heading-small">
            <Link to={`/dienstleistungen/${encodeURIComponent(service.id)}`} className="kern-link">
              {localizedName(service, language)}
            </Link>
          </h3>
          <p className="kern-body">
            <span className={`presence presence--${service.presence}`}>
              {t(`presence.${service.presence}`)}
            </span>{' '}
            {t(`online.${service.onlineAvailable}`)}
          </p>
        </li>
      ))}
    </ul>
  );
}
