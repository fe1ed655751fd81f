// Runtime: Node. IP binding: CIDR allowlists checked with node:net BlockList. Addresses are normalised
// first so an IPv4 client seen through an IPv6 socket (::ffff:1.2.3.4) matches an IPv4 rule.
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../shared/errors';

export function normalizeIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return (m ? m[1]! : ip).toLowerCase();
}

/** Parses "a.b.c.d/n", "v6::/n" or a bare address (= /32 or /128). Throws VALIDATION otherwise. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [addr = '', bits, extra] = text.trim().split('/');
  const fam = isIP(addr);
  const max = fam === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (fam === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
    throw new AppError('VALIDATION', `Not an IP address or CIDR block: ${text.slice(0, 64)}`, [
      { path: 'cidrs', message: 'not a CIDR' },
    ]);
  }
  return { address: addr, prefix, family: fam === 4 ? 'ipv4' : 'ipv6' };
}

/** An empty list allows every address (the account is not IP-bound). */
export function ipAllowed(allowlist: readonly string[], clientIp: string): boolean {
  if (allowlist.length === 0) return true;
  const ip = normalizeIp(clientIp);
  const fam = isIP(ip);
  if (fam === 0) return false;
  const list = new BlockList();
  for (const c of allowlist) {
    const r = parseCidr(c);
    list.addSubnet(r.address, r.prefix, r.family);
  }
  return list.check(ip, fam === 4 ? 'ipv4' : 'ipv6');
}
