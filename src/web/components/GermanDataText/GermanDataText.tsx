import type { ReactNode } from 'react';
import { useLanguage } from '../../useLanguage.ts';

interface GermanDataTextProps {
  children: ReactNode;
  as?: 'span' | 'li' | 'p' | 'dd';
  className?: string;
}

/**
 * A text from the city's data that exists in German only (a site's access information, a service's name on a
 * Turkish page). On pages in another language it is marked as German, so screen readers pronounce it right
 * (WCAG 3.1.2).
 */
export function GermanDataText({ children, as: Element = 'span', className }: GermanDataTextProps) {
  const language = useLanguage();
  return (
    <Element lang={language === 'de' ? undefined : 'de'} className={className}>
      {children}
    </Element>
  );
}
