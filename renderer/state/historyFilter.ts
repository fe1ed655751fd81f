// Runtime: DOM (pure; tested in historyFilter.test.ts). The filters of 历史订单 as a cashier sets them —
// the day (today, one earlier day, any day), an amount range in yuan, a member, a product, a status — turned
// into the backend's search input for either list: the till's sales (orders.search) or its top-ups, game
// cards and bills (virtual.history). Days are the outlet's (the one clock: renderer/format.ts).
import type { MethodInput } from '../../shared/api/contract';
import { ORDER_STATUSES } from '../../shared/api/history-methods';
import { VIRTUAL_STATUSES } from '../../shared/sync/protocol';
import { parseYuan, type Fen } from '../../shared/money';

export type HistoryList = 'goods' | 'virtual';
export type HistoryDay = 'today' | 'day' | 'all';
/** the statuses each list offers, as the list shows them */
export const LIST_STATUSES = {
  goods: ORDER_STATUSES,
  virtual: [...VIRTUAL_STATUSES, 'unconfirmed'],
} as const;

export interface HistoryFilter {
  day: HistoryDay;
  /** "2026-12-01" when day is 'day' */
  date: string;
  /** yuan as typed */
  min: string;
  max: string;
  member: string;
  product: string;
  status: string;
}
export const EMPTY_FILTER: HistoryFilter = {
  day: 'today',
  date: '',
  min: '',
  max: '',
  member: '',
  product: '',
  status: '',
};

/** "2026-12-31" → "2027-01-01" (calendar arithmetic, no zone involved) */
export function nextDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
export type FilterField = 'date' | 'min' | 'max';
export type Built<T> = { ok: true; input: T } | { ok: false; field: FilterField };

/** The day's bounds: today / the chosen day in the outlet's zone; nothing for any day. */
function range(
  f: HistoryFilter,
  today: string,
  dayStart: (iso: string) => number | undefined,
): { from?: number; to?: number } | null {
  if (f.day === 'all') return {};
  const day = f.day === 'today' ? today : f.date;
  const start = dayStart(day);
  if (start === undefined) return null;
  // to the next midnight in the zone, found from the calendar (a 23- or 25-hour day stays one day)
  return { from: start, to: dayStart(nextDay(day))! };
}

function amounts(f: HistoryFilter): { min?: Fen; max?: Fen } | FilterField {
  const min = f.min.trim() ? parseYuan(f.min) : undefined;
  if (min === null) return 'min';
  const max = f.max.trim() ? parseYuan(f.max) : undefined;
  if (max === null) return 'max';
  if (min !== undefined && max !== undefined && max < min) return 'max';
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

export function ordersInput(
  query: string,
  f: HistoryFilter,
  today: string,
  dayStart: (iso: string) => number | undefined,
): Built<MethodInput<'orders.search'>> {
  const r = range(f, today, dayStart);
  if (!r) return { ok: false, field: 'date' };
  const a = amounts(f);
  if (typeof a === 'string') return { ok: false, field: a };
  const status = (LIST_STATUSES.goods as readonly string[]).includes(f.status)
    ? (f.status as (typeof ORDER_STATUSES)[number])
    : undefined;
  return {
    ok: true,
    input: {
      ...(query.trim() ? { query: query.trim() } : {}),
      ...r,
      ...(a.min !== undefined ? { minTotal: a.min } : {}),
      ...(a.max !== undefined ? { maxTotal: a.max } : {}),
      ...(f.member.trim() ? { member: f.member.trim() } : {}),
      ...(f.product.trim() ? { product: f.product.trim() } : {}),
      ...(status ? { status } : {}),
      limit: 100,
    },
  };
}

/** The same filters for top-ups, game cards and bills: the product is part of the search text (its name),
 *  and the member does not apply (they are paid in cash). */
export function virtualInput(
  query: string,
  f: HistoryFilter,
  today: string,
  dayStart: (iso: string) => number | undefined,
): Built<MethodInput<'virtual.history'>> {
  const r = range(f, today, dayStart);
  if (!r) return { ok: false, field: 'date' };
  const a = amounts(f);
  if (typeof a === 'string') return { ok: false, field: a };
  const text = (query.trim() || f.product.trim()).slice(0, 64);
  const status = (LIST_STATUSES.virtual as readonly string[]).includes(f.status)
    ? (f.status as (typeof LIST_STATUSES.virtual)[number])
    : undefined;
  return {
    ok: true,
    input: {
      ...(text ? { query: text } : {}),
      ...r,
      ...(a.min !== undefined ? { minPaid: a.min } : {}),
      ...(a.max !== undefined ? { maxPaid: a.max } : {}),
      ...(status ? { status } : {}),
      limit: 100,
    },
  };
}
