import { describe, expect, it } from 'vitest';
import { clientAddressPrefix } from './clientKey.ts';

describe('clientAddressPrefix', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped IPv6', () => {
    expect(clientAddressPrefix('192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressPrefix('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('groups IPv6 addresses by their /64 prefix, however written', () => {
    const prefix = clientAddressPrefix('2001:db8:0:1:aaaa:bbbb:cccc:dddd');
    expect(prefix).toBe('2001:db8:0:1::/64');
    expect(clientAddressPrefix('2001:0db8:0000:0001::1')).toBe(prefix);
    expect(clientAddressPrefix('2001:db8:0:2::1')).not.toBe(prefix);
    expect(clientAddressPrefix('::1')).toBe('0:0:0:0::/64');
  });
});
