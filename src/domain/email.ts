/**
 * E-mail addresses: syntax check, the key for the per-person booking limit, and masking for logs.
 * The limit key is only for counting; mail is still sent to the address as entered (trimmed).
 * Runs in the browser and on the server (international domains go through the WHATWG URL parser).
 */
import { DomainError } from './errors.ts';

/** Providers that ignore dots in the local part, mapped to their canonical domain. */
const DOT_INSENSITIVE_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['gmail.com', 'gmail.com'],
  ['googlemail.com', 'gmail.com'],
]);

// RFC 5321 atext, plus (RFC 6531) any non-ASCII character that is neither a control, a separator nor unassigned.
const LOCAL_ATOM = "(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]|[^\\x00-\\x7f\\p{C}\\p{Z}])+";
const LOCAL_PART = new RegExp(`^${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*$`, 'iu');
const utf8Length = (text: string) => new TextEncoder().encode(text).length;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export interface ParsedEmail {
  /**
   * As entered (trimmed, Unicode NFC), with the domain lower-cased and in ASCII (IDNA punycode), so
   * `jörg@müller.de` and `jörg@xn--mller-kva.de` are one address. A non-ASCII local part stays as it is.
   */
  address: string;
  localPart: string;
  domain: string;
}

/** Parses and validates an address; returns undefined when it is not a plausible mailbox address. */
export function parseEmail(raw: string): ParsedEmail | undefined {
  // NFC: 'ö' typed as one code point or as 'o' + combining diaeresis is the same address.
  const trimmed = raw.trim().normalize('NFC');
  if (trimmed.length === 0 || trimmed.length > 254) return undefined;
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at !== trimmed.indexOf('@')) return undefined;
  const localPart = trimmed.slice(0, at);
  // The limits of RFC 5321 count octets, and a non-ASCII local part travels as UTF-8 (SMTPUTF8).
  if (utf8Length(localPart) > 64 || !LOCAL_PART.test(localPart)) return undefined;
  const domain = asciiDomain(trimmed.slice(at + 1));
  if (domain === undefined) return undefined;
  const address = `${localPart}@${domain}`;
  if (utf8Length(address) > 254) return undefined;
  return { address, localPart, domain };
}

export function isValidEmail(raw: string): boolean {
  return parseEmail(raw) !== undefined;
}

/** Throws `invalid_email` (400) on `field` when the address is not valid. */
export function assertValidEmail(raw: string, field = 'email'): ParsedEmail {
  const parsed = parseEmail(raw);
  if (!parsed) throw new DomainError('invalid_email', { field, message: 'not a valid e-mail address' });
  return parsed;
}

/**
 * The key one person's bookings are counted under: lower-cased, plus-tag removed (`a+x@b` → `a@b`), and for
 * Gmail dots removed and googlemail.com folded into gmail.com.
 */
export function emailLimitKey(raw: string, field = 'email'): string {
  const { localPart, domain } = assertValidEmail(raw, field);
  let local = localPart.toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const canonicalDomain = DOT_INSENSITIVE_DOMAINS.get(domain);
  if (canonicalDomain !== undefined) {
    const withoutDots = local.replaceAll('.', '');
    return `${withoutDots.length > 0 ? withoutDots : local}@${canonicalDomain}`;
  }
  return `${local}@${domain}`;
}

/** 'max.mustermann@example.org' → 'm***@e***.org'. Never reveals more than two characters and the TLD. */
export function maskEmail(raw: string): string {
  const parsed = parseEmail(raw);
  if (!parsed) return '***';
  const dot = parsed.domain.lastIndexOf('.');
  const topLevel = parsed.domain.slice(dot);
  return `${parsed.localPart.charAt(0)}***@${parsed.domain.charAt(0)}***${topLevel}`;
}

function asciiDomain(rawDomain: string): string | undefined {
  if (rawDomain.length === 0 || rawDomain.length > 253 || /[\s/\\?#@:[\]%]/.test(rawDomain)) return undefined;
  let domain = rawDomain.toLowerCase();
  // eslint-disable-next-line no-control-regex -- the test is for non-ASCII, i.e. outside \x00-\x7f
  if (/[^\x00-\x7f]/.test(domain)) {
    try {
      domain = new URL(`http://${domain}`).hostname;
    } catch {
      return undefined;
    }
  }
  if (domain.endsWith('.')) return undefined;
  const labels = domain.split('.');
  const topLevel = labels.at(-1) ?? '';
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL.test(topLevel)) {
    return undefined;
  }
  return domain;
}
