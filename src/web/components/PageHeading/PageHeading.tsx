import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useMunicipality } from '../../municipality.tsx';

interface PageHeadingProps {
  children: string;
  /** The page's part of the document title when it differs from the heading. */
  documentTitle?: string;
}

/**
 * The h1 of a page. It names the document and, after a client-side navigation, takes the focus,
 * so a screen reader announces the new page instead of staying silent on the link just used.
 */
export function PageHeading({ children, documentTitle }: PageHeadingProps) {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const pageTitle = documentTitle ?? children;

  useEffect(() => {
    document.title = [pageTitle, t('app.productName'), municipality?.name].filter(Boolean).join(' – ');
  }, [pageTitle, t, municipality?.name]);

  useEffect(() => {
    // The router gives the first page of a visit the key 'default': nothing to announce there.
    if (location.key === 'default') return;
    window.scrollTo?.(0, 0);
    heading.current?.focus({ preventScroll: true });
    // Only a new page moves the focus; new query parameters (a search) do not.
  }, [location.pathname]);

  return (
    <h1 ref={heading} tabIndex={-1} className="kern-heading-x-large page-heading">
      {children}
    </h1>
  );
}
