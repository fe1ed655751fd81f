// How the counter follows a top-up, game card or bill until the cloud gives its final state
// (docs/counter-manual.md, "Top-ups and game cards"): the first look 1 s after submit, then twice as long
// each time up to 10 s while the supplier has not answered ('pending'); every 30 s once the cloud says
// 'stuck' (it queries the supplier itself about that often, so asking more often learns nothing). A look
// that fails (network down) counts as a look: the next one waits longer, never gives up. 'success' and
// 'failed' are final: nothing more to ask.
import type { VirtualStatus } from './sync/protocol';

export const VIRTUAL_POLL = { firstMs: 1_000, factor: 2, maxMs: 10_000, stuckMs: 30_000 } as const;

export const FINAL_VIRTUAL_STATUSES: ReadonlySet<VirtualStatus> = new Set<VirtualStatus>(['success', 'failed']);

export const isFinalVirtualStatus = (s: VirtualStatus): boolean => FINAL_VIRTUAL_STATUSES.has(s);

/** ms to wait before the next look at an order in `status`, after `looks` looks already made (0 = just submitted). */
export function virtualPollDelay(status: VirtualStatus, looks: number): number | null {
  if (isFinalVirtualStatus(status)) return null;
  if (status === 'stuck') return VIRTUAL_POLL.stuckMs;
  const n = Math.max(0, Math.min(looks, 16));
  return Math.min(VIRTUAL_POLL.firstMs * VIRTUAL_POLL.factor ** n, VIRTUAL_POLL.maxMs);
}
