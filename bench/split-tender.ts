// Runtime: Node. Checkout commit with a split tender (issue 10), beside the cash-only commit measured in the
// same run on the same kind of database (synchronous=FULL, one transaction per sale): member balance + cash,
// and member balance + a WeChat payment code already confirmed + cash. The code payment is made paid before
// the timed commit (as the cloud's answer arrives before the till commits); the commit then does what
// payments/tender.ts does inside the sale's transaction: mark the code payment used and close the tender.
// The member's balance is the live one read before the commit (the online rule), so no member query is timed.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fen, type Fen } from '../shared/money';
import { openDatabases } from '../electron/backend/db/open';
import { createJournal } from '../electron/backend/payments/journal';
import { createCheckout, type PaymentPart } from '../electron/backend/sales/checkout';
import { createOutbox } from '../electron/backend/sync/outbox';
import { sampleCart } from './catalog';
import { percentile, timeFigure, type Figure } from './harness';

const EMPLOYEE = '00000000-0000-4000-8000-0000000000e1';
// discountBps is the price kept (10000 = no discount; 9000 = 九折)
const MEMBER = { id: '00000000-0000-4000-8000-0000000000a1', discountBps: 10_000 };

type Kind = 'cash' | 'member+cash' | 'member+code+cash';

function run(dir: string, kind: Kind, count: number): number[] {
  const dbs = openDatabases(dir);
  dbs.sales.pragma('synchronous = FULL');
  const checkout = createCheckout(dbs.sales, createOutbox(dbs.sales));
  const journal = createJournal(dbs.sales);
  // untimed: what happened before each commit (the tender opened, the code charged and confirmed); one tender
  // is open at a time on a till, so each is prepared right before its own commit
  const prepare = (i: number) => {
    const c = sampleCart(i);
    const parts: PaymentPart[] = [];
    let tenderId: string | null = null;
    if (kind !== 'cash') parts.push({ method: 'member', amount: fen(Math.floor(c.total / 3)) });
    if (kind === 'member+code+cash') {
      tenderId = randomUUID();
      journal.openTender({ id: tenderId, openedAt: Date.now(), employeeId: EMPLOYEE, total: c.total, plan: {} });
      const amount = fen(Math.floor(c.total / 3));
      const row = journal.insert({
        id: randomUUID(),
        purpose: 'sale',
        tenderId,
        memberId: null,
        topupId: null,
        method: 'wechat_code',
        amount,
        codeMasked: '1345********0000',
        employeeId: EMPLOYEE,
        now: Date.now(),
      });
      if (!journal.update(row, { status: 'paid', provider_trade_no: `4200${i}`, paid_at: Date.now() }, Date.now()))
        throw new Error('could not mark the bench payment paid');
      parts.push({ method: 'wechat_code', amount, paymentId: row.id, providerTradeNo: `4200${i}` });
    }
    return { c, parts, tenderId };
  };
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const { c, parts, tenderId } = prepare(i);
    const t0 = process.hrtime.bigint();
    checkout({
      cart: c,
      tendered: 100_000 as Fen,
      employeeId: EMPLOYEE,
      timeZone: 'Asia/Shanghai',
      now: Date.now(),
      parts,
      ...(kind === 'cash' ? {} : { member: MEMBER, memberLimit: { mode: 'online' as const, available: () => 1e9 } }),
      ...(tenderId
        ? {
            within: (orderId: string, shiftId: string) => {
              for (const p of parts) if (p.paymentId) journal.use(p.paymentId, orderId, shiftId, Date.now());
              if (!journal.closeTender({ id: tenderId, at: Date.now(), outcome: 'sold', orderId, reason: null }))
                throw new Error('the bench tender is not open');
            },
          }
        : {}),
    });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  dbs.close();
  return times.sort((a, b) => a - b);
}

export function benchSplitCheckout(dir: string, count: number): Figure[] {
  const cash = percentile(run(join(dir, 'cash'), 'cash', count), 99);
  const baseline = { name: 'cash only, same run', value: cash };
  return [
    timeFigure(
      'checkout commit p99, split: member balance + cash (FULL)',
      percentile(run(join(dir, 'member'), 'member+cash', count), 99),
      baseline,
      '≤ 20 ms',
    ),
    timeFigure(
      'checkout commit p99, split: member + WeChat code (confirmed) + cash (FULL)',
      percentile(run(join(dir, 'code'), 'member+code+cash', count), 99),
      baseline,
      '≤ 20 ms',
    ),
  ];
}
