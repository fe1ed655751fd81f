// This device's virtual orders in sales.db (sales 0005 virtual_orders): a row is written BEFORE the cloud
// is asked, so an order whose answer was lost can be found again, and every answer or feed entry updates
// it. Status comes only from the cloud: the submit's answer, a status read, or the outlet's virtual-order
// feed (GET /v1/virtual/changes), which names orders by clientOrderId — the feed is read from a cursor kept
// here, so each change is fetched once, and rows of other devices in it are skipped.
// The cash the customer hands over is a drawer movement (shifts/drawer.ts) written in the same transaction
// as the journal row; an order that ends failed, or that the cloud refused, gets the opposite movement
// (the cash handed back) in the transaction that records that outcome — once, however often it arrives.
import type { RecentVirtualOrder, VirtualHistoryOrder } from '../../../shared/api/contract';
import type { Fen } from '../../../shared/money';
import type { VirtualChangesResponse, VirtualOrder } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';
import { createDrawer } from '../shifts/drawer';

interface Row {
  client_order_id: string;
  id: string | null;
  product_name: string;
  phone: string | null;
  submitted_at: number;
  status: RecentVirtualOrder['status'] | 'refused';
  status_reason: string | null;
  face_value: number | null;
  cost: number | null;
  escalated: number;
  complaint: string | null;
  updated_at: number;
}

/** Feed pages read per `virtual.recent` at most: a first read on an old outlet continues next time. */
export const FEED_PAGES_PER_CALL = 20;
const FEED_PAGE = 500;

export function createVirtualJournal(db: Db) {
  const drawer = createDrawer(db);
  const insert =
    db.prepare(`INSERT INTO virtual_orders (client_order_id, product_id, product_name, phone, employee_id, submitted_at, status, updated_at)
    VALUES (@clientOrderId, @productId, @productName, @phone, @employeeId, @now, 'unconfirmed', @now) ON CONFLICT (client_order_id) DO NOTHING`);
  // Only a newer (or equal) cloud view replaces what is stored: the feed and a status read may cross.
  const apply =
    db.prepare(`UPDATE virtual_orders SET id = @id, status = @status, status_reason = @statusReason, face_value = @faceValue,
      cost = @cost, escalated = @escalated, complaint = @complaint, updated_at = @updatedAt
    WHERE client_order_id = @clientOrderId AND (id IS NULL OR updated_at <= @updatedAt)`);
  const refuse = db.prepare(
    `UPDATE virtual_orders SET status = 'refused', status_reason = ?, updated_at = ? WHERE client_order_id = ? AND status = 'unconfirmed'`,
  );
  const recent = db.prepare(
    `SELECT * FROM virtual_orders WHERE status <> 'refused' ORDER BY submitted_at DESC, client_order_id DESC LIMIT ?`,
  );
  const one = db.prepare(`${WITH_CASH} WHERE v.client_order_id = ?`);
  const getCursor = db.prepare('SELECT cursor FROM virtual_feed WHERE singleton = 1').pluck();
  const setCursor = db.prepare(
    'INSERT INTO virtual_feed (singleton, cursor) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET cursor = excluded.cursor',
  );

  const record = db.transaction((o: VirtualOrder, now: number) => {
    apply.run({
      clientOrderId: o.clientOrderId,
      id: o.id,
      status: o.status,
      statusReason: o.statusReason,
      faceValue: o.faceValue,
      cost: o.cost,
      escalated: o.escalated ? 1 : 0,
      complaint: o.complaint ? JSON.stringify(o.complaint) : null,
      updatedAt: o.updatedAt,
    });
    // 'failed' is final (the cloud released the reserve): the customer's cash goes back, once.
    if (o.status === 'failed') drawer.handBackVirtual(o.clientOrderId, now);
  });
  // A retry of a refused order (same id; the cashier takes the customer's cash again) asks the cloud anew.
  const reopen = db.prepare(
    "UPDATE virtual_orders SET status = 'unconfirmed', status_reason = NULL, updated_at = ? WHERE client_order_id = ? AND status = 'refused'",
  );
  const begin = db.transaction((p: BeginInput) => {
    const fresh = insert.run(p).changes === 1;
    const retried = !fresh && reopen.run(p.now, p.clientOrderId).changes === 1;
    if (fresh || retried) drawer.takeVirtual(p.clientOrderId, p.cash, p.employeeId, p.now);
    return fresh || retried;
  });
  const refused = db.transaction((clientOrderId: string, reason: string, now: number) => {
    if (refuse.run(reason.slice(0, 200), now, clientOrderId).changes === 1) drawer.handBackVirtual(clientOrderId, now);
  });
  /** A feed page and the cursor after it, in one transaction: a crash re-reads the page, never skips it. */
  const applyPage = db.transaction((page: VirtualChangesResponse, now: number) => {
    for (const o of page.orders) record(o, now);
    setCursor.run(page.nextCursor);
  });

  return {
    /** Before asking the cloud: the sale and its cash exist on this device from now on. True for a new ask (a new
     *  order, or a refused one asked again); false for a retry of an order the cloud may already hold (a no-op). */
    begin: (p: BeginInput): boolean => begin(p),
    /** An answer from the cloud (submit, status read, complaint). */
    record: (o: VirtualOrder, now: number) => void record(o, now),
    /** The cloud refused the submit on purpose (nothing charged): hidden from the recent list, its cash handed back. */
    refused: (clientOrderId: string, reason: string, now: number) => void refused(clientOrderId, reason, now),
    cursor: () => Number(getCursor.get() ?? 0),
    /** Reads the feed forward from the stored cursor, at most FEED_PAGES_PER_CALL pages. */
    async catchUp(
      changes: (cursor: number, limit: number) => Promise<VirtualChangesResponse>,
      now: () => number,
    ): Promise<void> {
      for (let i = 0; i < FEED_PAGES_PER_CALL; i++) {
        const page = await changes(Number(getCursor.get() ?? 0), FEED_PAGE);
        applyPage(page, now());
        if (!page.hasMore || page.orders.length === 0) return;
      }
    },
    recent(limit: number): RecentVirtualOrder[] {
      return (recent.all(limit) as Row[]).map(view);
    },
    /** 历史订单: the orders the filter matches, newest first, with the cash taken and handed back */
    search(f: HistoryFilter): VirtualHistoryOrder[] {
      const where = ["v.status <> 'refused'"];
      const args: unknown[] = [];
      const when = (sql: string, ...values: unknown[]) => {
        where.push(sql);
        args.push(...values);
      };
      if (f.from !== undefined) when('v.submitted_at >= ?', f.from);
      if (f.to !== undefined) when('v.submitted_at < ?', f.to);
      if (f.status) when('v.status = ?', f.status);
      if (f.query) {
        const like = `%${f.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        when(
          "(v.phone LIKE ? ESCAPE '\\' OR v.product_name LIKE ? ESCAPE '\\' OR v.id = ? OR v.client_order_id = ?)",
          like,
          like,
          f.query,
          f.query,
        );
      }
      const paid: string[] = [];
      for (const [sql, v] of [
        ['paid >= ?', f.minPaid],
        ['paid <= ?', f.maxPaid],
      ] as const)
        if (v !== undefined) {
          paid.push(sql);
          args.push(v);
        }
      const rows = db
        .prepare(
          `SELECT * FROM (${WITH_CASH} WHERE ${where.join(' AND ')}) ${paid.length ? `WHERE ${paid.join(' AND ')}` : ''}
           ORDER BY submitted_at DESC, client_order_id DESC LIMIT ?`,
        )
        .all(...args, f.limit) as (Row & CashCols)[];
      return rows.map(historyView);
    },
    /** one order with its cash (NOT_FOUND is the caller's: undefined here) */
    get(clientOrderId: string): VirtualHistoryOrder | undefined {
      const r = one.get(clientOrderId) as (Row & CashCols) | undefined;
      return r && r.status !== 'refused' ? historyView(r) : undefined;
    },
  };
}
export type VirtualJournal = ReturnType<typeof createVirtualJournal>;

/** the journal row with the cash this till took for the order and handed back (shifts/drawer.ts movements) */
const WITH_CASH = `SELECT v.*,
    coalesce((SELECT sum(m.amount) FROM cash_movements m WHERE m.ref = v.client_order_id AND m.kind = 'virtual_sale'), 0) AS paid,
    coalesce((SELECT -sum(m.amount) FROM cash_movements m WHERE m.ref = v.client_order_id AND m.kind = 'virtual_refund'), 0) AS handed_back
  FROM virtual_orders v`;
interface CashCols {
  paid: number;
  handed_back: number;
}
export interface HistoryFilter {
  query?: string;
  status?: RecentVirtualOrder['status'];
  from?: number;
  to?: number;
  minPaid?: number;
  maxPaid?: number;
  limit: number;
}

function historyView(r: Row & CashCols): VirtualHistoryOrder {
  return { ...view(r), paid: r.paid as Fen, handedBack: r.handed_back as Fen };
}

function view(r: Row): RecentVirtualOrder {
  return {
    clientOrderId: r.client_order_id,
    id: r.id,
    productName: r.product_name,
    phone: r.phone,
    faceValue: r.face_value as Fen | null,
    cost: r.cost as Fen | null,
    status: r.status as RecentVirtualOrder['status'],
    statusReason: r.status_reason,
    escalated: r.escalated === 1,
    complaint: r.complaint ? (JSON.parse(r.complaint) as RecentVirtualOrder['complaint']) : null,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
  };
}

interface BeginInput {
  clientOrderId: string;
  productId: string;
  productName: string;
  phone: string | null;
  employeeId: string;
  /** the cash taken from the customer: the product's retail price */
  cash: number;
  now: number;
}
