import type { ReactNode } from 'react';
import { PageHeadingBase } from '../../components/PageHeading/PageHeadingBase.tsx';

/** The station's h1 (src/web/components/PageHeading): it takes the focus when the page changes. */
export function PageHeading({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <PageHeadingBase className={`kern-heading-large page-heading ${className}`.trim()}>
      {children}
    </PageHeadingBase>
  );
}
