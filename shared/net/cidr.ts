// Runtime: any (pure; the renderer uses it too, so no node:net). The shape check of an IP allowlist entry:
// "a.b.c.d/n" (n 0..32), an IPv6 address with "/n" (n 0..128), or a bare address (= one host). The cloud's
// parseCidr (node:net) stays the authority and normalises; this only lets the till refuse a typo early
// and in words. It must never accept what the cloud refuses for a well-formed CIDR.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX16 = /^[0-9a-f]{1,4}$/i;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** RFC 4291 text forms: eight groups, one "::" standing for one or more zero groups, an IPv4 tail. */
export function isIPv6(s: string): boolean {
  if (s.includes('%')) return false; // zone ids name an interface, not an address to bind
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | null => {
    if (part === '') return [];
    const g = part.split(':');
    const last = g[g.length - 1]!;
    // an embedded IPv4 address counts as two groups
    if (isIPv4(last)) g.splice(g.length - 1, 1, '0', '0');
    return g.every((x) => HEX16.test(x)) ? g : null;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return false;
  // an IPv4 tail is only allowed at the very end
  if (halves.length === 2 && halves[0]!.split(':').some(isIPv4)) return false;
  const n = head.length + tail.length;
  return halves.length === 2 ? n <= 7 : n === 8;
}

export function isCidr(text: string): boolean {
  const [addr = '', bits, extra] = text.trim().split('/');
  if (extra !== undefined) return false;
  const v4 = isIPv4(addr);
  if (!v4 && !isIPv6(addr)) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (v4 ? 32 : 128);
}
