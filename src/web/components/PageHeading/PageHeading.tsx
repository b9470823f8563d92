import { useTranslation } from '../../i18n/react.tsx';
import { useMunicipality } from '../../municipality.tsx';
import { PageHeadingBase } from './PageHeadingBase.tsx';

interface PageHeadingProps {
  children: string;
  /** The page's part of the document title when it differs from the heading. */
  documentTitle?: string;
  /** The heading's language where it differs from the page's, e.g. `de` for a German name on a Turkish page. */
  lang?: string | undefined;
}

/**
 * The portal's h1: it names the document ("page – Mobiles Rathaus – municipality") and, after a client-side
 * navigation, takes the focus, so a screen reader announces the new page instead of staying silent on the link.
 */
export function PageHeading({ children, documentTitle, lang }: PageHeadingProps) {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  const title = [documentTitle ?? children, t('app.productName'), municipality?.name]
    .filter(Boolean)
    .join(' – ');
  return (
    <PageHeadingBase
      documentTitle={title}
      focus="navigation"
      className="kern-heading-x-large page-heading"
      lang={lang}
    >
      {children}
    </PageHeadingBase>
  );
}
