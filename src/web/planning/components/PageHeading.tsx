import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { PageHeadingBase } from '../../components/PageHeading/PageHeadingBase.tsx';

/** The planner's h1 (src/web/components/PageHeading): names the document and takes the focus on a new page. */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const { t } = useTranslation();
  return (
    <PageHeadingBase documentTitle={`${title} – ${t('app.title')}`} className="kern-heading-large">
      {children}
    </PageHeadingBase>
  );
}
