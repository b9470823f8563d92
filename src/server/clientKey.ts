import { isIPv6 } from 'node:net';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { keyedHash } from './keyedHash.ts';

/**
 * The part of a client address that identifies one client for limits: an IPv4 address as it is, an IPv6
 * address by its /64 prefix (one household or phone usually has a whole /64 and could rotate within it).
 */
export function clientAddressPrefix(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Keyed hash of the client's address (see keyedHash.ts): what holds and walk-in tickets store, never the address. */
export const clientKey = (db: Kysely<Database> | Transaction<Database>, ip: string) =>
  keyedHash(db, 'client', clientAddressPrefix(ip));
