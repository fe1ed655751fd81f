// The cloud's clock as seen from this PC. Signed requests carry a timestamp the cloud accepts only within
// SIGNATURE_WINDOW_MS of its own clock, and a counter PC's clock can be a day off or jump while it runs.
// So the POS learns the cloud's time from its answers and anchors it to the MONOTONIC clock: once learned,
// a jump of the wall clock (or of the injected `now` in tests) changes nothing about what is signed.
// Until anything is learned, the local clock is the best guess. Only what is signed uses this clock;
// orders keep the local createdAt they were rung up with (never rejected or doubled for the clock).
import { performance } from 'node:perf_hooks';

export interface CloudClock {
  /** best estimate of the cloud's epoch ms now */
  now(): number;
  /** learn from a precise server time observed while a request ran between monotonic t0 and t1 */
  learn(serverTime: number, t0: number, t1: number, precise: boolean): void;
  /** estimated cloud time minus local wall time (ms), null until learned; for status and tests */
  offset(): number | null;
  mono(): number;
}

export function createCloudClock(localNow: () => number, mono: () => number = () => performance.now()): CloudClock {
  let serverMinusMono: number | null = null;
  let precise = false;
  return {
    now: () => (serverMinusMono === null ? localNow() : Math.round(mono() + serverMinusMono)),
    learn(serverTime, t0, t1, isPrecise) {
      if (!Number.isFinite(serverTime) || serverTime <= 0) return;
      // A coarse source (the HTTP Date header, whole seconds) never overrides a precise one.
      if (precise && !isPrecise) return;
      precise ||= isPrecise;
      // The cloud read its clock somewhere between t0 and t1: the midpoint halves the error.
      serverMinusMono = serverTime - (t0 + t1) / 2;
    },
    offset: () => (serverMinusMono === null ? null : Math.round(mono() + serverMinusMono - localNow())),
    mono,
  };
}
