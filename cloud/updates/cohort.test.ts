// Runtime: Node (Vitest). The rollout cohort: a 10 % release reaches 10 % ± 1 % of 10,000 devices, and
// raising it to 30 % keeps every device of the first 10 % (no device is taken away when a rollout grows).
// The ids come from a seeded generator, so the counts are the same on every run (random ids made this test
// fail about once in thirty runs at ±1 %).
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { BUCKETS, cohortBucket, inRollout } from './cohort';

/** mulberry32: a small seeded PRNG, so the "random" device ids are the same on every run */
function seededBytes(seed: number): () => Uint8Array {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return () => Uint8Array.from({ length: 16 }, next);
}

describe('rollout cohorts', () => {
  // Device ids are UUIDv4 from the cloud today; v7 (time-ordered) ids must spread as well.
  const v4 = seededBytes(20261203);
  const v7 = seededBytes(7);
  let msecs = Date.UTC(2026, 0, 1);
  for (const [kind, make] of [
    ['v4', () => uuidv4({ random: v4() })],
    ['v7', () => uuidv7({ msecs: (msecs += 37_000), random: v7() })],
  ] as const) {
    it(`10 % of 10,000 ${kind} device ids land at 10 % ± 1 %, and 30 % keeps them all`, () => {
      const ids = Array.from({ length: 10_000 }, () => make());
      expect(new Set(ids).size).toBe(ids.length);
      const at10 = ids.filter((id) => inRollout(id, 1_000));
      const at30 = new Set(ids.filter((id) => inRollout(id, 3_000)));
      expect(at10.length).toBeGreaterThanOrEqual(900);
      expect(at10.length).toBeLessThanOrEqual(1_100);
      expect(at30.size).toBeGreaterThanOrEqual(2_900);
      expect(at30.size).toBeLessThanOrEqual(3_100);
      for (const id of at10) expect(at30.has(id)).toBe(true);
    });
  }

  it('is fixed per device, whatever the case of its id, and covers 0..9999', () => {
    const id = uuidv4();
    expect(cohortBucket(id)).toBe(cohortBucket(id.toUpperCase()));
    const seen = new Set(Array.from({ length: 20_000 }, () => cohortBucket(uuidv4())));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...seen)).toBeLessThan(BUCKETS);
    expect(inRollout(id, 0)).toBe(false);
    expect(inRollout(id, BUCKETS)).toBe(true);
  });
});
