import type { MouseEvent, ReactNode } from 'react';

/** The skip link at the top of a page: off screen until it has the focus; it moves the focus to main. */
export function SkipLink({ targetId, children }: { targetId: string; children: ReactNode }) {
  const skipToTarget = (event: MouseEvent<HTMLAnchorElement>) => {
    // Focus the target directly: a #fragment would also be a navigation for the router.
    event.preventDefault();
    document.getElementById(targetId)?.focus();
  };
  return (
    <a className="skip-link kern-link" href={`#${targetId}`} onClick={skipToTarget}>
      {children}
    </a>
  );
}
