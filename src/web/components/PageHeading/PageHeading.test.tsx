// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { Link, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { PageHeading } from './PageHeading.tsx';

function Pages() {
  return (
    <>
      <Link to="/zweite">Zur zweiten Seite</Link>
      <Routes>
        <Route path="/" element={<PageHeading documentTitle="Start">Willkommen</PageHeading>} />
        <Route path="/zweite" element={<PageHeading>Zweite Seite</PageHeading>} />
      </Routes>
    </>
  );
}

describe('PageHeading', () => {
  it('is the h1 and names the document', () => {
    renderWithProviders(<Pages />);
    expect(screen.getByRole('heading', { level: 1, name: 'Willkommen' })).toBeTruthy();
    expect(document.title).toBe('Start – Mobiles Rathaus');
  });

  it('leaves the focus alone on the first page of a visit', () => {
    renderWithProviders(<Pages />);
    expect(document.activeElement).toBe(document.body);
  });

  it('takes the focus after a client-side navigation', () => {
    renderWithProviders(<Pages />);
    fireEvent.click(screen.getByRole('link', { name: 'Zur zweiten Seite' }));
    const heading = screen.getByRole('heading', { level: 1, name: 'Zweite Seite' });
    expect(document.activeElement).toBe(heading);
    expect(heading.getAttribute('tabindex')).toBe('-1');
    expect(document.title).toBe('Zweite Seite – Mobiles Rathaus');
  });
});
