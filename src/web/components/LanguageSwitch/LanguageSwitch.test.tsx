// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { useTranslation } from '../../i18n/react.tsx';
import { describe, expect, it } from 'vitest';
import { languageStorageKey } from '../../i18n/i18n.ts';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

function NavigationLabel() {
  const { t } = useTranslation();
  return <p>{t('nav.services')}</p>;
}

describe('LanguageSwitch', () => {
  it('starts in German with the German button pressed', () => {
    renderWithProviders(<LanguageSwitch />);
    expect(screen.getByRole('button', { name: 'Deutsch' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.lang).toBe('de');
  });

  it('labels each button in its own language', () => {
    renderWithProviders(<LanguageSwitch />);
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('lang')).toBe('en');
    expect(screen.getByRole('button', { name: 'Deutsch' }).getAttribute('lang')).toBe('de');
  });

  it('switches texts and <html lang>, and remembers the choice', async () => {
    renderWithProviders(
      <>
        <LanguageSwitch />
        <NavigationLabel />
      </>,
    );
    expect(screen.getByText('Dienstleistungen')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'English' }));

    // English is loaded on first use.
    expect(await screen.findByText('Services')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(languageStorageKey)).toBe('en');
    expect(screen.getByRole('group', { name: 'Choose language' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
  });
});
