// Runtime: DOM-free (renderer state). The payments the backend found unfinished at start (the till was closed or
// crashed while a payment code was under way) and resolved by itself — sold when the paid parts covered the
// total, otherwise abandoned with every paid code sent back to the customer (electron/backend/payments/tender.ts
// recover()). The cashier is told each one once: the notice lists those not yet acknowledged on this till.
import type { PayOptions } from '../../shared/api/contract';

export type Recovered = PayOptions['recovered'][number];

/** what one resolved payment says to the cashier: its i18n key and the values for it */
export function recoveredLine(r: Recovered): { key: string; values: Record<string, string | number> } {
  if (r.outcome === 'sold')
    return { key: 'pay.recoveredSold', values: { total: r.total, number: r.orderNumber ?? '' } };
  if (r.reversed > 0) return { key: 'pay.recoveredReversed', values: { total: r.total, reversed: r.reversed } };
  return { key: 'pay.recoveredNothing', values: { total: r.total } };
}

/** the resolved payments still to show: not acknowledged yet, newest first */
export function unacknowledged(all: readonly Recovered[], acknowledged: ReadonlySet<string>): Recovered[] {
  return all.filter((r) => !acknowledged.has(r.tenderId)).sort((a, b) => b.at - a.at);
}
