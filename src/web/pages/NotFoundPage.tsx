import { useTranslation } from '../i18n/react.tsx';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p className="kern-body">{t('notFound.text')}</p>
      <p className="kern-body">
        <Link to="/" className="kern-link">
          {t('notFound.homeLink')}
        </Link>
      </p>
    </>
  );
}
