// Seeded randomness for the chaos suite: every fault, kill instant and clock jump comes from one seed, so a
// failing run replays with CHAOS_SEED=<seed>. mulberry32: tiny, fast, good enough for test schedules.

export interface Rng {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  /** integer in [min, max] */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** an independent stream for a sub-task, derived from this one's seed and a label */
  fork(label: string): Rng;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(label: string, seed: number): number {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) >>> 0;
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const rng: Rng = {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    fork: (label) => createRng(hash(label, seed)),
  };
  return rng;
}

/** The run's seed: CHAOS_SEED when set (replay), else a fresh one. Printed so any run can be replayed. */
export function chaosSeed(suite: string): number {
  const env = process.env.CHAOS_SEED;
  const seed = env && /^\d+$/.test(env) ? Number(env) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`[chaos] ${suite}: seed ${seed} (replay with CHAOS_SEED=${seed})`);
  return seed;
}

/** Bounded inside `npm test`; CHAOS_FULL=1 (npm run test:chaos) runs the long version. */
export const FULL = process.env.CHAOS_FULL === '1';
