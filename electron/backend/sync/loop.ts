// The background loop: push soon after each checkout and every few seconds; pull the catalog less often.
// Timers are unref'd so they never keep a process alive, and stop() ends them for close().
export interface LoopOptions {
  push: () => Promise<unknown>;
  pullCatalog: () => Promise<unknown>;
  pushEveryMs?: number;
  pullEveryMs?: number;
  kickDelayMs?: number;
}

/** How often the outbox is pushed: a record younger than this counts as "on its way" (the update policy). */
export const PUSH_EVERY_MS = 10_000;

export function startSyncLoop(o: LoopOptions) {
  let stopped = false;
  let kickTimer: NodeJS.Timeout | null = null;
  let kickCatalog = false;
  const swallow = (p: Promise<unknown>) => p.catch(() => {});
  const pushTimer = setInterval(() => void swallow(o.push()), o.pushEveryMs ?? PUSH_EVERY_MS);
  const pullTimer = setInterval(() => void swallow(o.pullCatalog()), o.pullEveryMs ?? 60_000);
  pushTimer.unref();
  pullTimer.unref();
  // First round right away: catalog then outbox.
  const first = setTimeout(() => void swallow(o.pullCatalog().finally(() => o.push())), 0);
  first.unref();

  return {
    /** Push soon; with `catalog`, pull the catalog first (after registration or login). */
    kick(p: { catalog?: boolean } = {}) {
      if (p.catalog) kickCatalog = true;
      if (stopped || kickTimer) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        const pull = kickCatalog ? o.pullCatalog() : Promise.resolve();
        kickCatalog = false;
        void swallow(pull.finally(() => o.push()));
      }, o.kickDelayMs ?? 300);
      kickTimer.unref();
    },
    stop() {
      stopped = true;
      clearInterval(pushTimer);
      clearInterval(pullTimer);
      clearTimeout(first);
      if (kickTimer) clearTimeout(kickTimer);
    },
  };
}
