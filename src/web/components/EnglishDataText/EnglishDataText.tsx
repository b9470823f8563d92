import type { ReactNode } from 'react';
import { useLanguage } from '../../useLanguage.ts';

interface EnglishDataTextProps {
  children: ReactNode;
  as?: 'span' | 'li' | 'p' | 'dd';
  className?: string;
}

/**
 * Text from the research data, which exists in English only. On German pages it is marked as English
 * so that screen readers pronounce it correctly (WCAG 3.1.2).
 */
export function EnglishDataText({ children, as: Element = 'span', className }: EnglishDataTextProps) {
  const language = useLanguage();
  return (
    <Element lang={language === 'en' ? undefined : 'en'} className={className}>
      {children}
    </Element>
  );
}
