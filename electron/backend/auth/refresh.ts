// Keeps the cloud session alive while the till is in use. The cloud ends a session after 30 min without
// use (and 12 h after login); every authorised call through the router calls maybeRefresh(), which
// rotates the token in the background once it is REFRESH_AFTER_MS old. So an active cashier never
// meets an expired token, an abandoned till's token dies within 30 min, and a token copied off this PC
// stops working at the next rotation. Never throws, never blocks the call that triggered it.
import { AppError } from '../../../shared/errors';
import type { CloudClient } from '../sync/cloud-client';
import type { SessionHolder } from './session';

export const REFRESH_AFTER_MS = 10 * 60 * 1000;

export function createSessionRefresher(p: {
  session: SessionHolder;
  cloud: Pick<CloudClient, 'refreshSession'>;
  now: () => number;
  log: (msg: string, e?: unknown) => void;
}) {
  let seen: { token: string; at: number } | null = null;
  let inflight: Promise<void> | null = null;

  function maybeRefresh(): void {
    const s = p.session.get();
    if (!s || s.offline || !s.token || inflight) return;
    const now = p.now();
    if (seen?.token !== s.token) seen = { token: s.token, at: now }; // a new login: its age starts now
    if (now - seen.at < REFRESH_AFTER_MS) return;
    const old = s.token;
    inflight = p.cloud
      .refreshSession(old)
      .then((r) => {
        const cur = p.session.get();
        // Only if the same session is still current (no logout / other login meanwhile).
        if (cur && cur.token === old) {
          p.session.set({ ...cur, token: r.token });
          seen = { token: r.token, at: p.now() };
        }
      })
      .catch((e: unknown) => {
        // Offline: try again on a later call. Refused: the cloud ended the session (idle, revoked, disabled);
        // the next cloud call will ask for a login. Either way selling goes on.
        if (!(e instanceof AppError && (e.code === 'OFFLINE' || e.code === 'UNAUTHENTICATED')))
          p.log('session refresh failed', e);
        if (seen?.token === old) seen = { token: old, at: p.now() }; // back off one period
      })
      .finally(() => {
        inflight = null;
      });
  }

  return {
    maybeRefresh,
    /** the refresh in flight, if any (tests and shutdown wait on it) */
    settled: () => inflight ?? Promise.resolve(),
  };
}
export type SessionRefresher = ReturnType<typeof createSessionRefresher>;
