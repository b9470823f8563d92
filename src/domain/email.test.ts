import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidEmail, emailLimitKey, isValidEmail, maskEmail, parseEmail } from './email.ts';

describe('emailLimitKey', () => {
  it.each([
    ['  Max.Mustermann@Example.ORG ', 'max.mustermann@example.org'],
    ['anna+termine@stadt-guetersloh.de', 'anna@stadt-guetersloh.de'],
    ['An.Na+x+y@GoogleMail.com', 'anna@gmail.com'],
    ['a.n.n.a@gmail.com', 'anna@gmail.com'],
    ['first.last@web.de', 'first.last@web.de'],
    ['+only@example.org', '+only@example.org'],
    ['joerg@Müller.de', 'joerg@xn--mller-kva.de'],
    ['Jörg@müller.de', 'jörg@xn--mller-kva.de'],
    ['jörg@xn--mller-kva.de', 'jörg@xn--mller-kva.de'],
    // 'ö' as 'o' + combining diaeresis is the same person.
    ['jo\u0308rg+post@MÜLLER.de', 'jörg@xn--mller-kva.de'],
  ])('%s → %s', (raw, key) => {
    expect(emailLimitKey(raw)).toBe(key);
  });

  it('property: the key is idempotent and insensitive to case, whitespace and plus-tags', () => {
    const localArb = fc.stringMatching(/^[a-z0-9]{1,10}(\.[a-z0-9]{1,8})?$/);
    const domainArb = fc.constantFrom('example.org', 'gmail.com', 'googlemail.com', 'guetersloh.de');
    fc.assert(
      fc.property(
        localArb,
        fc.stringMatching(/^[a-z0-9]{0,6}$/),
        domainArb,
        fc.boolean(),
        (local, tag, domain, upper) => {
          const plain = `${local}@${domain}`;
          const tagged = ` ${local}${tag ? `+${tag}` : ''}@${domain}  `;
          const variant = upper ? tagged.toUpperCase() : tagged;
          const key = emailLimitKey(plain);
          expect(emailLimitKey(variant)).toBe(key);
          expect(emailLimitKey(key)).toBe(key);
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe('validation', () => {
  it.each([
    'plain',
    '@example.org',
    'a@',
    'a@@example.org',
    'a@b@example.org',
    'a b@example.org',
    '.a@example.org',
    'a..b@example.org',
    'a.@example.org',
    'a@example',
    'a@-example.org',
    'a@example-.org',
    'a@example..org',
    'a@example.org.',
    'a@example.1',
    'a@[127.0.0.1]',
    `${'x'.repeat(65)}@example.org`,
    // 33 × 'ö' is 66 octets in UTF-8: over the 64 of a local part.
    `${'ö'.repeat(33)}@example.org`,
    'jö rg@example.org',
    'jörg\u200b@example.org',
    'a\u0000b@example.org',
    `a@${'x'.repeat(64)}.org`,
    '',
  ])('rejects %j', (raw) => {
    expect(isValidEmail(raw)).toBe(false);
    expect(() => assertValidEmail(raw, 'contact.email')).toThrow(
      expect.objectContaining({ code: 'invalid_email', field: 'contact.email', status: 400 }),
    );
  });

  it('accepts common shapes and keeps the local part as entered', () => {
    expect(parseEmail(' Max.Mustermann@Example.ORG')).toEqual({
      address: 'Max.Mustermann@example.org',
      localPart: 'Max.Mustermann',
      domain: 'example.org',
    });
    expect(isValidEmail("o'brien+a@sub.domain.co.uk")).toBe(true);
    expect(isValidEmail('info@xn--mller-kva.de')).toBe(true);
  });

  it('accepts international addresses (RFC 6531): Unicode before the @, IDNA domains after it', () => {
    expect(parseEmail('jörg@müller.de')).toEqual({
      address: 'jörg@xn--mller-kva.de',
      localPart: 'jörg',
      domain: 'xn--mller-kva.de',
    });
    expect(isValidEmail('δοκιμή@παράδειγμα.δοκιμή')).toBe(true);
    expect(isValidEmail('用户@例子.广告')).toBe(true);
    expect(isValidEmail('user@bücher.example')).toBe(true);
  });
});

describe('maskEmail', () => {
  it('keeps only the first characters and the top-level domain', () => {
    expect(maskEmail('max.mustermann@example.org')).toBe('m***@e***.org');
    expect(maskEmail('a@b.de')).toBe('a***@b***.de');
  });

  it('never echoes invalid input', () => {
    expect(maskEmail('not an address, but secret')).toBe('***');
  });
});
