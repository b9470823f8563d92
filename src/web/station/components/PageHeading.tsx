import { useEffect, useRef, type ReactNode } from 'react';

/** The page's h1; it takes the focus when the page changes, so screen readers start at the top. */
export function PageHeading({ children, className = '' }: { children: ReactNode; className?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} className={`kern-heading-large page-heading ${className}`.trim()}>
      {children}
    </h1>
  );
}
