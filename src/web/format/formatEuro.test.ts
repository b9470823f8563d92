import { describe, expect, it } from 'vitest';
import { formatEuro } from './formatEuro.ts';

// Intl puts a no-break space between amount and sign.
const normalise = (text: string) => text.replace(/\u00a0/g, ' ');

describe('formatEuro', () => {
  it('writes euro amounts the German way with two decimals', () => {
    expect(normalise(formatEuro(46))).toBe('46,00 €');
    expect(normalise(formatEuro(27.6))).toBe('27,60 €');
    expect(normalise(formatEuro(0.06))).toBe('0,06 €');
  });

  it('groups thousands with a dot', () => {
    expect(normalise(formatEuro(1234.5))).toBe('1.234,50 €');
  });
});
