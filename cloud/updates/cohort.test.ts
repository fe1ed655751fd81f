// Runtime: Node (Vitest). The rollout cohort: a 10 % release reaches 10 % ± 1 % of 10,000 devices, and
// raising it to 30 % keeps every device of the first 10 % (no device is taken away when a rollout grows).
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { BUCKETS, cohortBucket, inRollout } from './cohort';

describe('rollout cohorts', () => {
  // Device ids are UUIDv4 from the cloud today; v7 (time-ordered) ids must spread as well.
  for (const [kind, make] of [
    ['v4', uuidv4],
    ['v7', uuidv7],
  ] as const) {
    it(`10 % of 10,000 ${kind} device ids land at 10 % ± 1 %, and 30 % keeps them all`, () => {
      const ids = Array.from({ length: 10_000 }, () => make());
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
