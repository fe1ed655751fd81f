// Runtime: Node. Reconciliation (对账): each provider's daily bill, downloaded and kept line by line, against
// the cloud's own records of the same Beijing day:
//   payment lines  payments whose provider says they were paid that day (paid_at), whatever became of them;
//   refund lines   refunds that succeeded that day, and paid payments reversed (cancelled) that day.
// A line is matched on (kind, out_trade_no, out_refund_no); the owner sees what is in one list and not the
// other, and what is in both with another amount. A refund finished around midnight can land on the
// neighbouring day on one side — it then shows on both days until both bills are compared.
import type { ReconciliationLine, ReconciliationReport } from '../../shared/payments/owner';
import type { PaymentMethod } from '../../shared/payments/methods';
import type { ProviderId } from '../../shared/payments/wire';
import type { CloudDb, Queryable } from '../db/types';
import type { PaymentEngine } from './engine';
import { merchantRows } from './merchants';

/** [start, end) of a Beijing calendar day in epoch ms. */
export function beijingDay(date: string): { start: number; end: number } {
  const start = Date.parse(`${date}T00:00:00+08:00`);
  return { start, end: start + 86_400_000 };
}
export const beijingDate = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** Downloads one day's bill of every merchant account of the outlet; a failure is recorded, not thrown. */
export async function downloadBills(
  db: CloudDb,
  engine: PaymentEngine,
  outletId: string,
  date: string,
  now: number,
): Promise<void> {
  for (const m of await merchantRows(db, outletId)) {
    const provider = await engine.provider(outletId, m.provider);
    try {
      if (!provider) throw new Error('the merchant keys cannot be read');
      const lines = await provider.bill(date);
      await db.tx(async (q) => {
        await q.query('DELETE FROM payment_bill_lines WHERE outlet_id = $1 AND provider = $2 AND bill_date = $3', [
          outletId,
          m.provider,
          date,
        ]);
        await q.query(
          `INSERT INTO payment_bills (outlet_id, provider, bill_date, downloaded_at, line_count, tried_at, error) VALUES ($1, $2, $3, $4, $5, $4, NULL)
           ON CONFLICT (outlet_id, provider, bill_date) DO UPDATE SET downloaded_at = $4, line_count = $5, tried_at = $4, error = NULL`,
          [outletId, m.provider, date, now, lines.length],
        );
        for (const [i, l] of lines.entries())
          await q.query(
            `INSERT INTO payment_bill_lines (outlet_id, provider, bill_date, line_no, kind, out_trade_no, provider_trade_no, out_refund_no, amount, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [
              outletId,
              m.provider,
              date,
              i + 1,
              l.kind,
              l.outTradeNo,
              l.providerTradeNo,
              l.outRefundNo,
              l.amountFen,
              l.at,
            ],
          );
      });
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).slice(0, 300);
      await db.query(
        `INSERT INTO payment_bills (outlet_id, provider, bill_date, tried_at, error) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (outlet_id, provider, bill_date) DO UPDATE SET tried_at = $4, error = $5`,
        [outletId, m.provider, date, now, why],
      );
    }
  }
}

interface Side {
  kind: 'payment' | 'refund';
  outTradeNo: string;
  outRefundNo: string | null;
  amountFen: number;
  paymentId: string | null;
  method: PaymentMethod | null;
}
const keyOf = (s: Pick<Side, 'kind' | 'outTradeNo' | 'outRefundNo'>) =>
  `${s.kind}|${s.outTradeNo}|${s.outRefundNo ?? ''}`;

async function cloudSide(q: Queryable, outletId: string, provider: ProviderId, date: string): Promise<Side[]> {
  const { start, end } = beijingDay(date);
  const { rows: paid } = await q.query<{ id: string; out_trade_no: string; amount: number; method: PaymentMethod }>(
    'SELECT id, out_trade_no, amount, method FROM payments WHERE outlet_id = $1 AND provider = $2 AND paid_at >= $3 AND paid_at < $4',
    [outletId, provider, start, end],
  );
  const { rows: reversed } = await q.query<{ id: string; out_trade_no: string; amount: number; method: PaymentMethod }>(
    `SELECT id, out_trade_no, amount, method FROM payments WHERE outlet_id = $1 AND provider = $2 AND status = 'cancelled'
       AND paid_at IS NOT NULL AND updated_at >= $3 AND updated_at < $4`,
    [outletId, provider, start, end],
  );
  const { rows: refunds } = await q.query<{
    id: string;
    out_trade_no: string;
    out_refund_no: string;
    amount: number;
    method: PaymentMethod;
  }>(
    `SELECT p.id, p.out_trade_no, r.out_refund_no, r.amount, p.method FROM payment_refunds r JOIN payments p ON p.id = r.payment_id
      WHERE p.outlet_id = $1 AND p.provider = $2 AND r.status = 'succeeded' AND r.updated_at >= $3 AND r.updated_at < $4`,
    [outletId, provider, start, end],
  );
  return [
    ...paid.map((r) => ({
      kind: 'payment' as const,
      outTradeNo: r.out_trade_no,
      outRefundNo: null,
      amountFen: Number(r.amount),
      paymentId: r.id,
      method: r.method,
    })),
    ...reversed.map((r) => ({
      kind: 'refund' as const,
      outTradeNo: r.out_trade_no,
      outRefundNo: null,
      amountFen: Number(r.amount),
      paymentId: r.id,
      method: r.method,
    })),
    ...refunds.map((r) => ({
      kind: 'refund' as const,
      outTradeNo: r.out_trade_no,
      outRefundNo: r.out_refund_no,
      amountFen: Number(r.amount),
      paymentId: r.id,
      method: r.method,
    })),
  ];
}

export async function reconciliation(q: Queryable, outletId: string, date: string): Promise<ReconciliationReport> {
  const report: ReconciliationReport = { date, providers: [] };
  for (const m of await merchantRows(q, outletId)) {
    const { rows: bills } = await q.query<{ downloaded_at: number | null; error: string | null }>(
      'SELECT downloaded_at, error FROM payment_bills WHERE outlet_id = $1 AND provider = $2 AND bill_date = $3',
      [outletId, m.provider, date],
    );
    const bill = bills[0];
    const entry: ReconciliationReport['providers'][number] = {
      provider: m.provider,
      downloadedAt:
        bill?.downloaded_at === null || bill?.downloaded_at === undefined ? null : Number(bill.downloaded_at),
      error: bill?.error ?? null,
      matched: 0,
      onlyInBill: [],
      onlyInCloud: [],
      amountDiffers: [],
    };
    report.providers.push(entry);
    if (entry.downloadedAt === null) continue;
    const { rows: lines } = await q.query<{
      kind: 'payment' | 'refund';
      out_trade_no: string;
      out_refund_no: string | null;
      amount: number;
    }>(
      'SELECT kind, out_trade_no, out_refund_no, amount FROM payment_bill_lines WHERE outlet_id = $1 AND provider = $2 AND bill_date = $3 ORDER BY line_no',
      [outletId, m.provider, date],
    );
    const ours = new Map((await cloudSide(q, outletId, m.provider, date)).map((s) => [keyOf(s), s]));
    const line = (
      s: Side | undefined,
      bill:
        { kind: 'payment' | 'refund'; outTradeNo: string; outRefundNo: string | null; amountFen: number } | undefined,
    ): ReconciliationLine => ({
      kind: (s ?? bill)!.kind,
      outTradeNo: (s ?? bill)!.outTradeNo,
      outRefundNo: (s ?? bill)!.outRefundNo,
      paymentId: s?.paymentId ?? null,
      method: s?.method ?? null,
      cloudFen: (s?.amountFen ?? null) as ReconciliationLine['cloudFen'],
      billFen: (bill?.amountFen ?? null) as ReconciliationLine['billFen'],
    });
    for (const l of lines) {
      const b = { kind: l.kind, outTradeNo: l.out_trade_no, outRefundNo: l.out_refund_no, amountFen: Number(l.amount) };
      const k = keyOf(b);
      const s = ours.get(k);
      if (!s) {
        // a bill line for a payment we know but did not count that day still names it
        const known = await q.query<{ id: string; method: PaymentMethod }>(
          'SELECT id, method FROM payments WHERE outlet_id = $1 AND out_trade_no = $2',
          [outletId, b.outTradeNo],
        );
        const row = line(undefined, b);
        entry.onlyInBill.push({ ...row, paymentId: known.rows[0]?.id ?? null, method: known.rows[0]?.method ?? null });
        continue;
      }
      ours.delete(k);
      if (s.amountFen === b.amountFen) entry.matched++;
      else entry.amountDiffers.push(line(s, b));
    }
    for (const s of ours.values()) entry.onlyInCloud.push(line(s, undefined));
  }
  return report;
}
