// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { Layout } from './Layout.tsx';

describe('Layout', () => {
  it('starts with the skip link, which moves the focus to main', () => {
    renderWithProviders(
      <Layout>
        <p>Inhalt</p>
      </Layout>,
    );
    const focusable = document.querySelectorAll('a[href], button');
    expect(focusable[0]?.textContent).toBe('Zum Inhalt springen');

    fireEvent.click(screen.getByRole('link', { name: 'Zum Inhalt springen' }));
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('has a main navigation, the language switch and footer links', () => {
    renderWithProviders(
      <Layout>
        <p>Inhalt</p>
      </Layout>,
      { path: '/dienstleistungen' },
    );
    const navigation = screen.getByRole('navigation', { name: 'Hauptmenü' });
    expect(navigation.textContent).toContain('Standorte');
    expect(screen.getByRole('link', { name: 'Dienstleistungen' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('group', { name: 'Sprache wählen' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Impressum' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Barrierefreiheit' })).toBeTruthy();
  });
});
