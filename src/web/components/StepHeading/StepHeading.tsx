import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { useLocation } from 'react-router';
import { useMunicipality } from '../../municipality.tsx';

interface StepHeadingProps {
  step: number;
  total: number;
  /** the name of the whole process, for the document title */
  process: string;
  children: string;
}

/**
 * The h1 of one step of a form in several steps, with "Schritt 2 von 4" above it. When the step changes
 * the heading takes the focus, so screen-reader users hear where they are, and the document title follows.
 */
export function StepHeading({ step, total, process, children }: StepHeadingProps) {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(step);
  const progress = t('steps.progress', { step, total });

  useEffect(() => {
    document.title = [`${progress}: ${children}`, process, t('app.productName'), municipality?.name]
      .filter(Boolean)
      .join(' – ');
  }, [progress, children, process, t, municipality?.name]);

  useEffect(() => {
    // As PageHeading: no focus on the first page of a visit (router key 'default'), but after a link
    // to this page and after every change of step.
    if (step === firstStep.current && location.key === 'default') return;
    firstStep.current = -1;
    window.scrollTo?.(0, 0);
    heading.current?.focus({ preventScroll: true });
  }, [step]);

  return (
    <div className="step-heading">
      <p className="kern-body kern-body--small step-heading__progress">{progress}</p>
      <h1 ref={heading} tabIndex={-1} className="kern-heading-x-large page-heading">
        {children}
      </h1>
    </div>
  );
}
