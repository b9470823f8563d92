import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';

export interface PageHeadingBaseProps {
  children: ReactNode;
  /** The whole document title; without it the title stays as it is. */
  documentTitle?: string | undefined;
  /**
   * When the heading takes the focus, so a screen reader announces the new page: `navigation` after a
   * client-side navigation to another path (not on a visit's first page, and new query parameters do not
   * count), scrolling to the top; `mount` whenever the page is shown.
   */
  focus?: 'navigation' | 'mount';
  className: string;
  /** The heading's language where it differs from the page's (a German service name on a Turkish page). */
  lang?: string | undefined;
}

/** The h1 of a page in each of the three web apps; the apps' PageHeading set the title and the look. */
export function PageHeadingBase({
  children,
  documentTitle,
  focus = 'mount',
  className,
  lang,
}: PageHeadingBaseProps) {
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (documentTitle !== undefined) document.title = documentTitle;
  }, [documentTitle]);

  // On `mount`, the dependency never changes: the focus moves once, when the page is shown.
  const trigger = focus === 'navigation' ? location.pathname : undefined;
  useEffect(() => {
    if (focus === 'navigation') {
      // The router gives the first page of a visit the key 'default': nothing to announce there.
      if (location.key === 'default') return;
      window.scrollTo?.(0, 0);
    }
    heading.current?.focus({ preventScroll: true });
  }, [trigger]);

  return (
    <h1 ref={heading} tabIndex={-1} className={className} lang={lang}>
      {children}
    </h1>
  );
}
