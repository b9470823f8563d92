import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import type { OfferedService } from '../api/types.ts';
import type { ServiceQuantity } from '../offline/operations.ts';
import { WalkInForm } from './WalkInForm.tsx';

interface WalkInDialogProps {
  services: OfferedService[];
  onIssue: (input: {
    services: ServiceQuantity[];
    name?: string;
    originDistrictId?: string;
  }) => Promise<string>;
}

/**
 * The walk-in form as a modal dialog (native `<dialog>` opened with showModal: the page behind is inert).
 * The focus moves to the dialog's first field when it opens; Escape, "Abbrechen" and issuing a number close it,
 * and the focus goes back to the button that opened it. The number issued last stays on the page, announced.
 */
export function WalkInDialog({ services, onIssue }: WalkInDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  // A new form each time the dialog opens: no errors or half-filled fields from the last time.
  const [generation, setGeneration] = useState(0);
  const [issued, setIssued] = useState<string>();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      element.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    } else if (!open && element.open) {
      element.close();
      opener.current?.focus();
    }
  }, [open]);

  const show = () => {
    setGeneration((n) => n + 1);
    setOpen(true);
  };

  return (
    <div className="walkin">
      <button
        ref={opener}
        type="button"
        className="kern-btn kern-btn--secondary"
        aria-haspopup="dialog"
        onClick={show}
      >
        <span className="kern-label">{t('walkInDialog.open')}</span>
      </button>
      <div role="status" className="walkin-issued">
        {issued && (
          <p className="kern-body">
            {t('walkIn.issued')} <strong className="walkin-issued__number">{issued}</strong>
          </p>
        )}
      </div>
      <dialog
        ref={dialog}
        className="station-dialog"
        aria-labelledby="walkin-heading"
        // Escape: the browser would close the dialog by itself; close it through the state instead.
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
      >
        <h2 className="kern-heading-medium" id="walkin-heading">
          {t('walkIn.heading')}
        </h2>
        {open && (
          <WalkInForm
            key={generation}
            services={services}
            onIssue={onIssue}
            onIssued={(number) => {
              setIssued(number);
              setOpen(false);
            }}
            onCancel={() => setOpen(false)}
          />
        )}
      </dialog>
    </div>
  );
}
