import { useEffect, useRef, type ReactNode } from 'react';

interface ActionResultProps {
  tone: 'success' | 'danger' | 'info' | 'warning';
  title: string;
  children?: ReactNode;
  /** an alert is announced at once; a status politely */
  urgent?: boolean;
  /** Takes the focus when shown: the button that led here is gone, the focus must not fall to the page. */
  focus?: boolean;
}

/** The outcome of an action (confirmed, cancelled, failed) as a KERN alert. */
export function ActionResult({
  tone,
  title,
  children,
  urgent = tone === 'danger',
  focus = true,
}: ActionResultProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) box.current?.focus();
  }, [focus]);
  return (
    <div ref={box} tabIndex={-1} className={`kern-alert kern-alert--${tone} action-result`}>
      <div role={urgent ? 'alert' : 'status'}>
        <div className="kern-alert__header">
          <span className={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
          <h2 className="kern-title">{title}</h2>
        </div>
        {children && <div className="kern-alert__body">{children}</div>}
      </div>
    </div>
  );
}
