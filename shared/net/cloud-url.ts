// Runtime: any (pure; the first-run screen checks as the installer types, the backend checks again before it
// stores). Which cloud URL a till may be pointed at: HTTPS anywhere; plain HTTP only on this PC (loopback)
// or the shop's own network (a private deployment on the LAN: 10/8, 172.16/12, 192.168/16, 169.254/16,
// IPv6 unique-local fc00::/7 and link-local fe80::/10, or a *.local / *.lan name) — never plain HTTP across
// the internet, where the device's signed requests and the cashier's passwords would travel readable.
import { isIPv4, isIPv6 } from './cidr';

/** The WHATWG URL both runtimes have, declared as far as used here (shared/ sees neither Node's nor the DOM's types). */
interface ParsedUrl {
  protocol: string;
  hostname: string;
  username: string;
  password: string;
  search: string;
  hash: string;
  href: string;
}
declare const URL: new (input: string) => ParsedUrl;

export const CLOUD_URL_PROBLEMS = ['INVALID', 'SCHEME', 'HTTP_NOT_LOCAL', 'HAS_CREDENTIALS', 'HAS_QUERY'] as const;
export type CloudUrlProblem = (typeof CLOUD_URL_PROBLEMS)[number];

export type CloudUrlCheck = { ok: true; url: string } | { ok: false; problem: CloudUrlProblem };

function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.lan')) return true;
  if (isIPv4(h)) {
    const [a, b] = h.split('.').map(Number) as [number, number];
    return (
      a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
    );
  }
  if (isIPv6(h)) return h === '::1' || /^f[cd]/i.test(h) || /^fe[89ab]/i.test(h);
  return false;
}

/** Checks and normalises (no trailing slash) a cloud URL typed by a person. */
export function checkCloudUrl(text: string): CloudUrlCheck {
  let u: ParsedUrl;
  try {
    u = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'INVALID' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, problem: 'SCHEME' };
  if (!u.hostname) return { ok: false, problem: 'INVALID' };
  if (u.username || u.password) return { ok: false, problem: 'HAS_CREDENTIALS' };
  if (u.search || u.hash) return { ok: false, problem: 'HAS_QUERY' };
  if (u.protocol === 'http:' && !isLocalHost(u.hostname)) return { ok: false, problem: 'HTTP_NOT_LOCAL' };
  return { ok: true, url: u.href.replace(/\/+$/, '') };
}
