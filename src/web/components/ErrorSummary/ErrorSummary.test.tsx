// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';

const errors = [{ fieldId: 'query', message: 'Der Suchbegriff ist zu lang.' }];

function Form({ submission = 0, withErrors = true }: { submission?: number; withErrors?: boolean }) {
  return (
    <form>
      <ErrorSummary errors={withErrors ? errors : []} submission={submission} />
      <label htmlFor="query">Suchbegriff</label>
      <input id="query" />
      <button type="submit">Suchen</button>
    </form>
  );
}

describe('ErrorSummary', () => {
  it('renders nothing without errors', () => {
    renderWithProviders(<Form withErrors={false} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('lists each error as a link to its field, under a heading', () => {
    renderWithProviders(<Form />);
    expect(screen.getByRole('heading', { name: 'Es gibt ein Problem' })).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Der Suchbegriff ist zu lang.' });
    expect(link.getAttribute('href')).toBe('#query');
  });

  it('takes the focus when it appears and again after the next submission', () => {
    const { rerender } = renderWithProviders(<Form />);
    const summary = screen.getByRole('alert').parentElement;
    expect(document.activeElement).toBe(summary);

    screen.getByRole('textbox').focus();
    rerender(<Form submission={1} />);
    expect(document.activeElement).toBe(screen.getByRole('alert').parentElement);
  });

  it('moves the focus to the field when its link is followed', () => {
    renderWithProviders(<Form />);
    fireEvent.click(screen.getByRole('link', { name: 'Der Suchbegriff ist zu lang.' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Suchbegriff'));
  });
});
