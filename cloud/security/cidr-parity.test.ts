// The till's CIDR check (shared/net/cidr.ts) against the cloud's parseCidr (node:net): same verdict on every sample.
import { describe, expect, it } from 'vitest';
import { isCidr } from '../../shared/net/cidr';
import { parseCidr } from './ip';

const GOOD = [
  '10.1.0.0/16',
  '127.0.0.1',
  '127.0.0.1/32',
  '0.0.0.0/0',
  '192.168.1.7/24',
  '::1',
  '::1/128',
  '2001:db8::/32',
  'fe80::1/64',
  '::ffff:10.0.0.1/128',
  '1:2:3:4:5:6:7:8',
  '::',
  '2001:db8:0:0:1::/80',
];
const BAD = [
  '',
  '10.1.0.0/33',
  '256.1.1.1',
  '10.1.1',
  '10.1.1.1/',
  '10.1.1.1/1/2',
  '10.1.1.1/-1',
  '2001:db8::/129',
  '1::2::3',
  '1:2:3:4:5:6:7:8:9',
  'abc',
  'g::1',
  '1.2.3.4::',
  '01.2.3.4',
  '10.1.1.1/ab',
];

const cloudAccepts = (s: string) => {
  try {
    parseCidr(s);
    return true;
  } catch {
    return false;
  }
};

describe('isCidr', () => {
  it.each(GOOD)('accepts %s as the cloud does', (s) => {
    expect(isCidr(s)).toBe(true);
    expect(cloudAccepts(s)).toBe(true);
  });
  it.each(BAD)('refuses %s as the cloud does', (s) => {
    expect(isCidr(s)).toBe(false);
    expect(cloudAccepts(s)).toBe(false);
  });
  it('is stricter than the cloud only on zone ids (they name an interface, not an address)', () => {
    expect(isCidr('fe80::1%eth0')).toBe(false);
  });
});
