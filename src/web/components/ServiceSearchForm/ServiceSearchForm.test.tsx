// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { ServiceSearchForm } from './ServiceSearchForm.tsx';

const empty = { query: '', channel: '' as const };

describe('ServiceSearchForm', () => {
  it('searches with the trimmed term and the chosen channel', () => {
    const onSearch = vi.fn();
    renderWithProviders(<ServiceSearchForm value={empty} serverErrors={[]} onSearch={onSearch} />);
    fireEvent.change(screen.getByLabelText('Suchbegriff'), { target: { value: '  Ausweis ' } });
    fireEvent.click(screen.getByLabelText('Online'));
    fireEvent.click(screen.getByRole('button', { name: 'Suchen' }));
    expect(onSearch).toHaveBeenCalledWith({ query: 'Ausweis', channel: 'online' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows an error summary for a term over 100 characters and does not search', () => {
    const onSearch = vi.fn();
    renderWithProviders(<ServiceSearchForm value={empty} serverErrors={[]} onSearch={onSearch} />);
    fireEvent.change(screen.getByLabelText('Suchbegriff'), { target: { value: 'a'.repeat(101) } });
    fireEvent.click(screen.getByRole('button', { name: 'Suchen' }));

    expect(onSearch).not.toHaveBeenCalled();
    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('Es gibt ein Problem');
    expect(document.activeElement).toBe(summary.parentElement);

    const input = screen.getByRole('searchbox');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby')?.split(' ') ?? [];
    const fieldError = document.getElementById('service-search-query-error');
    expect(describedBy).toContain('service-search-query-error');
    expect(fieldError?.textContent).toContain('höchstens 100 Zeichen');
  });

  it('shows errors the server reported', () => {
    renderWithProviders(
      <ServiceSearchForm
        value={{ query: 'x'.repeat(101), channel: '' }}
        serverErrors={[{ field: 'q', reason: 'tooLong' }]}
        onSearch={vi.fn()}
      />,
    );
    expect(screen.getByRole('link', { name: /Der Suchbegriff ist zu lang/ }).getAttribute('href')).toBe(
      '#service-search-query',
    );
  });

  it('offers the channels as labelled radio buttons in a group', () => {
    renderWithProviders(<ServiceSearchForm value={empty} serverErrors={[]} onSearch={vi.fn()} />);
    const group = screen.getByRole('group', { name: 'Wie möchten Sie die Sache erledigen?' });
    expect(group).toBeTruthy();
    expect((screen.getByLabelText('Alle zeigen') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByLabelText('Vor Ort')).toBeTruthy();
  });
});
