// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../testing/fakeApi.ts';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { Layout } from './Layout.tsx';

afterEach(() => vi.unstubAllGlobals());

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

  it('has links to the dates and to booking in the navigation', () => {
    fakeApi({});
    renderWithProviders(
      <Layout>
        <p>Inhalt</p>
      </Layout>,
      { path: '/termine' },
    );
    const navigation = screen.getByRole('navigation', { name: 'Hauptmenü' });
    expect(within(navigation).getByRole('link', { name: 'Termine' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(within(navigation).getByRole('link', { name: 'Termin buchen' }).getAttribute('href')).toBe(
      '/buchen',
    );
  });

  it('links the development outbox in the footer only when the API has one', async () => {
    fakeApi({});
    const { unmount } = renderWithProviders(
      <Layout>
        <p>Inhalt</p>
      </Layout>,
    );
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByRole('link', { name: 'Postausgang (Entwicklung)' })).toBeNull();
    unmount();

    fakeApi({ 'GET /api/v1/dev/outbox': () => ({ body: { items: [] } }) });
    renderWithProviders(
      <Layout>
        <p>Inhalt</p>
      </Layout>,
    );
    const footer = screen.getByRole('navigation', { name: 'Service-Links' });
    expect(
      (await within(footer).findByRole('link', { name: 'Postausgang (Entwicklung)' })).getAttribute('href'),
    ).toBe('/dev/postausgang');
  });
});
