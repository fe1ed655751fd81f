// Capped exponential backoff with full jitter: retries spread out so a fleet of counters coming back
// online together does not hammer the cloud in lockstep.
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Delay before attempt number `attempts + 1`, given `attempts` failures so far (≥ 1). */
export function backoffDelay(
  attempts: number,
  random: () => number = Math.random,
  base = BACKOFF_BASE_MS,
  cap = BACKOFF_CAP_MS,
): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  // Half fixed, half jitter: never retry immediately, never exceed the cap.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
