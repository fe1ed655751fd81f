// Runtime: DOM (pure; tested in customerDisplay.test.ts). What the customer display (客显) shows, from the
// backend's DisplayState (electron/backend/payments/display.ts) and when it arrived: the finished sale with its
// change stays up for DONE_SHOW_MS, then the greeting — the backend keeps the last sale until the next line is
// scanned, but a customer walking away should not leave the previous customer's change on the screen.
import type { DisplayState } from '../../shared/api/contract';

export const DONE_SHOW_MS = 20_000;

export type DisplayScene =
  { kind: 'idle'; outletName: string } | { kind: 'cart' | 'paying' | 'done'; state: DisplayState };

export function displayScene(s: DisplayState | null, receivedAt: number, now: number): DisplayScene {
  if (!s || s.phase === 'idle') return { kind: 'idle', outletName: s?.outletName ?? '' };
  if (s.phase === 'done' && now - receivedAt >= DONE_SHOW_MS) return { kind: 'idle', outletName: s.outletName };
  return { kind: s.phase, state: s };
}

/** How long until the scene changes on its own (null: only a new state changes it). */
export function msUntilIdle(s: DisplayState | null, receivedAt: number, now: number): number | null {
  if (s?.phase !== 'done') return null;
  return Math.max(0, receivedAt + DONE_SHOW_MS - now);
}

/** The newest lines first fit the screen: the customer watches the last item scanned. */
export function visibleLines<T>(lines: readonly T[], max: number): { shown: T[]; hidden: number } {
  const hidden = Math.max(0, lines.length - max);
  return { shown: lines.slice(hidden), hidden };
}

/** The same state whatever order its keys came in (an event's payload and display.get's parsed answer differ). */
export function sameState(a: DisplayState | null, b: DisplayState | null): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}
