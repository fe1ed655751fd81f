// A game card's code (卡密) on the POS lives here and nowhere else: in memory, for PRINT_WINDOW_MS after
// the cloud handed it over, so the cashier can print it while it is on screen. It is never written to
// sales.db, catalog.db, logs or any file; closing the backend (or the window passing) forgets it. The
// cloud hands a code out once, so after that the customer's printed slip is the only copy outside the cloud.
import type { CardSlip } from '../print/card-slip';

export const PRINT_WINDOW_MS = 10 * 60_000;

export interface CardVault {
  keep(slip: CardSlip): void;
  /** the slip, when its code arrived within the print window */
  get(orderId: string): CardSlip | undefined;
}

export function createCardVault(now: () => number): CardVault {
  const slips = new Map<string, CardSlip>();
  const prune = () => {
    for (const [id, s] of slips) if (now() - s.deliveredAt > PRINT_WINDOW_MS) slips.delete(id);
  };
  return {
    keep(slip) {
      prune();
      slips.set(slip.orderId, slip);
    },
    get(orderId) {
      prune();
      return slips.get(orderId);
    },
  };
}
