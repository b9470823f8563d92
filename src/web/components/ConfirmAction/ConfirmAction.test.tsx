// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmAction } from './ConfirmAction.tsx';

afterEach(cleanup);

const texts = {
  label: 'Fahrplan pausieren',
  question: 'Fahrplan wirklich pausieren?',
  consequence: 'Es entstehen keine neuen Halte mehr.',
  yes: 'Ja, pausieren',
  no: 'Nein',
};

describe('ConfirmAction', () => {
  it('asks first: the question takes the focus, "no" returns to the button without acting', () => {
    const onConfirm = vi.fn();
    render(<ConfirmAction {...texts} onConfirm={onConfirm} />);
    fireEvent.click(screen.getByRole('button', { name: 'Fahrplan pausieren' }));
    expect(screen.getByRole('group', { name: 'Fahrplan wirklich pausieren?' }).textContent).toContain(
      'Es entstehen keine neuen Halte mehr.',
    );
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Ja, pausieren' }));
    fireEvent.click(screen.getByRole('button', { name: 'Nein' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Fahrplan pausieren' }));
  });

  it('acts on "yes" only', () => {
    const onConfirm = vi.fn();
    render(<ConfirmAction {...texts} ariaLabel="Fahrplan Rathausmobil pausieren" onConfirm={onConfirm} />);
    fireEvent.click(screen.getByRole('button', { name: 'Fahrplan Rathausmobil pausieren' }));
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Ja, pausieren' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
