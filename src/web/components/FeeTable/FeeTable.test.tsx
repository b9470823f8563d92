// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n, renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { FeeTable } from './FeeTable.tsx';

const idCardFees = {
  fees: [
    { variant: 'age_24_plus', labelDe: 'ab 24 Jahren', labelEn: 'age 24 and over', eur: 46 },
    { variant: 'under_24', labelDe: 'unter 24 Jahren', labelEn: 'under 24', eur: 27.6 },
    { variant: 'confirmation', labelDe: 'Bestätigung', labelEn: 'confirmation', eur: 0 },
  ],
  feeExtras: [
    { labelDe: 'digitales Foto, vor Ort gemacht', labelEn: 'digital photo taken on site', eur: 6 },
    { labelDe: '', eur: 9 },
  ],
  feeValidFrom: '2026-02-07',
};

const cellText = (rowName: string) =>
  within(screen.getByRole('row', { name: new RegExp(rowName) }))
    .getByRole('cell')
    .textContent?.replace(/\u00a0/g, ' ');

describe('FeeTable', () => {
  it('shows each fee in euro the German way, 0 as free of charge', () => {
    renderWithProviders(<FeeTable {...idCardFees} />);
    expect(cellText('ab 24 Jahren')).toBe('46,00 €');
    expect(cellText('unter 24 Jahren')).toBe('27,60 €');
    expect(cellText('Bestätigung')).toBe('kostenlos');
    expect(screen.getByText('Diese Kosten gelten seit dem 7. Februar 2026.')).toBeTruthy();
  });

  it('shows extra costs in the page language and skips one without a label', () => {
    renderWithProviders(<FeeTable {...idCardFees} />);
    expect(screen.getByText(/digitales Foto, vor Ort gemacht/).textContent?.replace(/\u00a0/g, ' ')).toBe(
      'digitales Foto, vor Ort gemacht: 6,00 €',
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it('uses the English labels and English number format on English pages', async () => {
    renderWithProviders(<FeeTable {...idCardFees} />);
    await act(() => i18n.changeLanguage('en'));
    expect(cellText('age 24 and over')).toBe('€46.00');
    expect(screen.getByText(/digital photo taken on site/).textContent).toBe(
      'digital photo taken on site: €6.00',
    );
    await act(() => i18n.changeLanguage('de'));
  });

  it('names each fee case in Turkish and writes amounts the Turkish way on Turkish pages', async () => {
    renderWithProviders(<FeeTable {...idCardFees} />);
    await act(() => i18n.changeLanguage('tr'));
    expect(cellText('24 yaş ve üzeri')).toBe('€46,00');
    expect(cellText('24 yaş altı')).toBe('€27,60');
    expect(screen.getByRole('rowheader', { name: '24 yaş ve üzeri' }).getAttribute('lang')).toBeNull();
    // Texts the message files have no words for stay German, marked as German.
    expect(screen.getByText('digitales Foto, vor Ort gemacht').getAttribute('lang')).toBe('de');
    await act(() => i18n.changeLanguage('de'));
  });

  it('names the fee cases in Ukrainian and Arabic; a case without a translation stays German, marked so', async () => {
    const fees = [
      ...idCardFees.fees,
      { variant: 'city_special', labelDe: 'Sonderfall der Stadt', labelEn: 'city special case', eur: 5 },
    ];
    renderWithProviders(<FeeTable {...idCardFees} fees={fees} />);
    await act(() => i18n.changeLanguage('uk'));
    expect(screen.getByRole('rowheader', { name: 'від 24 років' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Sonderfall der Stadt' }).getAttribute('lang')).toBe('de');
    await act(() => i18n.changeLanguage('ar'));
    expect(screen.getByRole('rowheader', { name: 'أقل من 24 سنة' })).toBeTruthy();
    await act(() => i18n.changeLanguage('de'));
  });

  it('says so when there are no fees', () => {
    renderWithProviders(<FeeTable fees={[]} feeExtras={[]} feeValidFrom={null} />);
    expect(screen.getByText('Dazu haben wir keine Angaben.')).toBeTruthy();
  });
});
