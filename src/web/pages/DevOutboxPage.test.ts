import { describe, expect, it } from 'vitest';
import { linkify } from './DevOutboxPage.tsx';

describe('linkify', () => {
  it('turns the addresses in a mail into links and keeps the rest as text', () => {
    const parts = linkify('Bitte bestätigen:\nhttp://localhost:3000/termin/abc/bestaetigen#tok_1-x\nDanke.');
    expect(parts).toEqual([
      { text: 'Bitte bestätigen:\n' },
      {
        text: 'http://localhost:3000/termin/abc/bestaetigen#tok_1-x',
        href: 'http://localhost:3000/termin/abc/bestaetigen#tok_1-x',
      },
      { text: '\nDanke.' },
    ]);
  });
});
