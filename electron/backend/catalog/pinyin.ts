// Search keys computed once at import: full pinyin (no tones, no spaces), the most likely initials
// (pinyin-pro reads in context, e.g. 银行 → yh), and alternative initials for multi-reading characters
// so a cashier who types the "other" reading still finds the product.
import { pinyin } from 'pinyin-pro';

/** Bounds the cartesian product of readings: a long name full of 多音字 must not explode. */
const MAX_ALTERNATIVES = 8;

export interface PinyinKeys {
  full: string;
  initials: string;
  /** space-separated, the primary first */
  initialsAll: string;
}

const HAN = /\p{Script=Han}/u;

/**
 * Keys of a whole name, computed per whitespace-separated segment and cached: catalog names at scale
 * are built from a small vocabulary (brand, flavour, size, packaging), so a 500k-item initial sync runs
 * pinyin-pro a few thousand times instead of 500k. Readings never depend on context across a space.
 */
export function pinyinKeys(name: string): PinyinKeys {
  const segments = name.split(/\s+/).filter(Boolean);
  if (!HAN.test(name) || segments.length <= 1) return segmentKeys(name);
  const parts = segments.map(cachedSegmentKeys);
  let combos: string[] = [''];
  for (const p of parts) {
    const next: string[] = [];
    for (const c of combos)
      for (const o of p.initialsAll.split(' ')) if (next.length < MAX_ALTERNATIVES) next.push(c + o);
    combos = next;
  }
  const initials = parts.map((p) => p.initials).join('');
  return {
    full: parts.map((p) => p.full).join(''),
    initials,
    initialsAll: unique([initials, ...combos]).join(' '),
  };
}

const SEGMENT_CACHE_MAX = 50_000;
const segmentCache = new Map<string, PinyinKeys>();
function cachedSegmentKeys(segment: string): PinyinKeys {
  let k = segmentCache.get(segment);
  if (!k) {
    // A Latin/digit segment inside a Chinese name keeps all its characters (e.g. "550ml"), as before.
    k = HAN.test(segment)
      ? segmentKeys(segment)
      : { full: segment.toLowerCase(), initials: segment.toLowerCase(), initialsAll: segment.toLowerCase() };
    if (segmentCache.size >= SEGMENT_CACHE_MAX) segmentCache.clear();
    segmentCache.set(segment, k);
  }
  return k;
}

function segmentKeys(name: string): PinyinKeys {
  if (!HAN.test(name)) {
    const plain = name.toLowerCase().replace(/\s+/g, '');
    return { full: plain, initials: initialsOfLatin(name), initialsAll: initialsOfLatin(name) };
  }
  const full = (pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[])
    .join('')
    .toLowerCase()
    .replace(/\s+/g, '');
  const primary = initialsArray(name, false).map((s) => s[0] ?? '');
  const perChar = initialsArray(name, true);
  const alts = new Set<string>([primary.join('')]);
  let combos: string[] = [''];
  for (let i = 0; i < perChar.length; i++) {
    const options = unique([primary[i] ?? '', ...(perChar[i] ?? [])]).filter(Boolean);
    const next: string[] = [];
    for (const c of combos) for (const o of options) if (next.length < MAX_ALTERNATIVES) next.push(c + o);
    combos = next.length ? next : combos;
  }
  for (const c of combos) alts.add(c);
  return { full, initials: primary.join(''), initialsAll: [...alts].join(' ') };
}

/** Per character: its initial(s). Non-Han runs are kept as their lower-cased letters/digits. */
function initialsArray(name: string, multiple: boolean): string[][] {
  const chars = [...name];
  return chars
    .filter((ch) => !/\s/.test(ch))
    .map((ch) => {
      if (!HAN.test(ch)) return [ch.toLowerCase()];
      if (!multiple) return [];
      const out = pinyin(ch, { pattern: 'first', toneType: 'none', multiple: true, type: 'array' }) as string[];
      return unique(out.map((s) => s.toLowerCase()));
    })
    .map((v, i) => (multiple ? v : v.length ? v : [primaryInitialAt(name, i)]));
}

const primaryCache = new Map<string, string[]>();
function primaryInitialAt(name: string, index: number): string {
  let arr = primaryCache.get(name);
  if (!arr) {
    const stripped = [...name].filter((ch) => !/\s/.test(ch)).join('');
    arr = (pinyin(stripped, { pattern: 'first', toneType: 'none', type: 'array' }) as string[]).map((s) =>
      s.toLowerCase(),
    );
    if (primaryCache.size > 1000) primaryCache.clear();
    primaryCache.set(name, arr);
  }
  return arr[index] ?? '';
}

function initialsOfLatin(name: string): string {
  return name
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0])
    .join('');
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
