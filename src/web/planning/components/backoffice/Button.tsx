import type { ButtonHTMLAttributes, ReactNode } from 'react';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className' | 'children'> {
  /** The KERN look: primary for the one main action of a form, secondary (default), tertiary for minor ones. */
  appearance?: 'primary' | 'secondary' | 'tertiary';
  /** The visible text; where a row's button must say more, give `aria-label` or put the row's name in it. */
  children: ReactNode;
}

/** A KERN button; `type="button"` unless given (a form's submit button says `type="submit"`). */
export function Button({ appearance = 'secondary', type = 'button', children, ...props }: ButtonProps) {
  return (
    <button type={type} className={`kern-btn kern-btn--${appearance}`} {...props}>
      <span className="kern-label">{children}</span>
    </button>
  );
}
