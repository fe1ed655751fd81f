// Long on purpose: the tender is one state machine over one sales.db row (its invariants below); its steps read
// best together.
// The tender: paying one cart with anything but a single lump of cash (split tender, payment codes, static QR
// codes, member balance). Invariants:
//  - the tender and its plan (the cart, seat, approvals: sales/sale-plan.ts) are in sales.db from its first
//    part on, and every payment code is journaled before it is sent: a crash at any instant leaves enough to
//    finish or undo it at the next start (recover());
//  - while a tender holds a part the cart cannot change (the cart's guard): the parts were taken for this total;
//  - the sale commits ONLY when the parts that are done cover the total — payment codes paid at the cloud, the
//    member and static parts taken in the commit's own transaction — or with sale.checkout taking the rest in
//    cash (change only from cash) or from the member; its payment codes become used in that same transaction;
//  - a part taken back, a tender abandoned (tender.cancel, the cart cleared, a logout) or a commit that cannot
//    happen after a restart sends every payment code's money back (codes.cancel: reversed at the provider) —
//    a customer's money is never kept without its sale.
import type { AuditAction } from '../../../shared/audit';
import type { CompletedOrder, TenderPart, TenderView } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { fen, type Fen } from '../../../shared/money';
import { hasPermission } from '../../../shared/permissions';
import type { App } from '../context';
import type { PaymentPart } from '../sales/checkout';
import type { SalePlan, SalePlanner } from '../sales/sale-plan';
import type { CodePayments } from './codes';
import type { CodePaymentRow, HeldPart, Journal, TenderRow } from './journal';

interface Current {
  row: TenderRow;
  plan: SalePlan;
  held: (HeldPart & { at: number })[];
}

export interface RecoveredTender {
  tenderId: string;
  outcome: 'sold' | 'abandoned';
  total: Fen;
  orderNumber: string | null;
  /** payment-code money sent back to the customer */
  reversed: Fen;
  at: number;
}

const FINAL_OR_GONE = new Set(['failed', 'cancelled', 'cancelling']);

export function createTender(
  app: App,
  d: { planner: SalePlanner; codes: CodePayments; journal: Journal; emit: (t: TenderView | null) => void },
) {
  const { planner, codes, journal } = d;
  let current: Current | null = null;
  /** the tender that closed last (sold or abandoned), shown until the next one opens or the cart changes */
  let last: TenderView | null = null;
  let failure: TenderView['failure'] = null;
  let commitError: TenderView['commitError'] = null;
  let committing = false;
  /** tenders left open by an earlier run (a crash): resolved by recover() before any new payment code */
  let crashed = new Set(journal.openTenders().map((t) => t.id));
  const recovered: RecoveredTender[] = [];

  const codeRows = (tenderId: string) => journal.ofTender(tenderId);
  /** code parts that still pay or may pay (not failed, not abandoned) */
  const liveCodes = (tenderId: string) => codeRows(tenderId).filter((r) => !FINAL_OR_GONE.has(r.status));
  const waitingCodes = (tenderId: string) =>
    liveCodes(tenderId).filter((r) => r.status === 'submitting' || r.status === 'pending');

  function partsOf(c: Current): TenderPart[] {
    const codeParts = liveCodes(c.row.id).map((r) => ({
      at: r.created_at,
      part: {
        id: r.id,
        method: r.method,
        amount: fen(r.amount),
        status: r.status === 'paid' || r.status === 'used' ? ('done' as const) : ('waiting' as const),
        customerConfirming: r.confirming === 1,
        codeMasked: r.code_masked,
        confirmedBy: null,
      },
    }));
    const held = c.held.map((h) => ({
      at: h.at,
      part: {
        id: h.id,
        method: h.method,
        amount: fen(h.amount),
        status: 'done' as const,
        customerConfirming: false,
        codeMasked: null,
        confirmedBy: h.confirmedBy ?? null,
      },
    }));
    return [...held, ...codeParts].sort((a, b) => a.at - b.at).map((x) => x.part);
  }

  function viewOf(c: Current): TenderView {
    const parts = partsOf(c);
    const paid = parts.filter((p) => p.status === 'done').reduce((a, p) => a + p.amount, 0);
    const waiting = parts.filter((p) => p.status === 'waiting').reduce((a, p) => a + p.amount, 0);
    return {
      id: c.row.id,
      status: 'open',
      total: fen(c.row.total),
      paid: fen(paid),
      waiting: fen(waiting),
      remaining: fen(c.row.total - paid - waiting),
      parts,
      failure,
      commitError,
      completed: null,
    };
  }

  const view = (): TenderView | null => (current ? viewOf(current) : last);
  const changed = () => d.emit(view());

  function audit(action: AuditAction, target: string, details: unknown, actorId: string | null) {
    app.audit.append({
      at: app.now(),
      actorId,
      deviceId: app.device.record()?.deviceId ?? null,
      action,
      target,
      outcome: 'ok',
      details,
    });
  }

  // While a tender holds a part, the cart is what the parts were taken for: no change until they are taken back.
  app.cart.setGuard(() => {
    if (current)
      throw new AppError('CONFLICT', 'Payment has started: take the payments back (or cancel) to change the sale', {
        reason: 'TENDER_OPEN',
      });
  });
  // The cart emptied (cleared, parked, logout, another cashier): its payment is abandoned, codes reversed.
  app.cart.onCleared(() => {
    if (committing) return;
    last = null;
    failure = null;
    commitError = null;
    if (current) void abandon('the cart was cleared').catch((e) => app.log('tender abandon failed', e));
    else changed();
  });

  /** The open tender, opened now for the cart as it stands (its plan authorised once) when there is none. */
  function ensureOpen(p: { seat?: string | undefined; overrideId?: string | undefined }): Current {
    if (current) return current;
    if (crashed.size > 0)
      throw new AppError('CONFLICT', 'A payment from before the restart is still being resolved; try again shortly', {
        reason: 'RECOVERING',
      });
    const plan = planner.plan(p);
    const total = app.cart.view().total;
    if (total <= 0)
      throw new AppError('VALIDATION', 'Nothing to pay', [{ path: 'total', message: 'must be positive' }]);
    const row = journal.openTender({
      id: newId(),
      openedAt: app.now(),
      employeeId: plan.employeeId,
      total,
      plan,
    });
    current = { row, plan, held: [] };
    last = null;
    failure = null;
    commitError = null;
    return current;
  }

  const remainingOf = (c: Current) => viewOf(c).remaining;

  function amountFor(c: Current, asked: number | undefined): Fen {
    const rem = remainingOf(c);
    if (rem <= 0) throw new AppError('CONFLICT', 'Nothing is left to pay', { reason: 'NOTHING_DUE' });
    if (asked !== undefined && asked > rem)
      throw new AppError('VALIDATION', 'More than is left to pay', [
        { path: 'amount', code: 'too_big', origin: 'number', maximum: rem, message: `at most ${rem} fen` },
      ]);
    return fen(asked ?? rem);
  }

  /** A tender with no part left is closed (abandoned): the cart unlocks. */
  function closeIfEmpty(c: Current, reason: string): void {
    if (c.held.length > 0 || liveCodes(c.row.id).length > 0) return;
    journal.closeTender({ id: c.row.id, at: app.now(), outcome: 'abandoned', orderId: null, reason });
    current = null;
    // kept for the screen: why the last code failed, and that nothing is held any more
    last = { ...viewOf(c), status: 'abandoned' };
  }

  /** The parts that are done, in the order taken, as the commit pays them. */
  function doneParts(c: Current): PaymentPart[] {
    const codesPaid = codeRows(c.row.id)
      .filter((r) => r.status === 'paid')
      .map((r) => ({
        at: r.created_at,
        part: {
          method: r.method,
          amount: fen(r.amount),
          paymentId: r.id,
          providerTradeNo: r.provider_trade_no,
        } satisfies PaymentPart,
      }));
    const held = c.held.map((h) => ({
      at: h.at,
      part: {
        method: h.method,
        amount: fen(h.amount),
        ...(h.confirmedBy ? { confirmedBy: h.confirmedBy } : {}),
      } satisfies PaymentPart,
    }));
    return [...held, ...codesPaid].sort((a, b) => a.at - b.at).map((x) => x.part);
  }

  /** Commits the sale of an open tender: its done parts, then the rest (cash by default). */
  async function commit(
    c: Current,
    rest: { payment?: 'cash' | 'member'; tendered?: Fen; seat?: string | undefined },
    live: boolean,
  ): Promise<CompletedOrder> {
    const parts = doneParts(c);
    const plan = rest.seat ? { ...c.plan, seat: rest.seat } : c.plan;
    committing = true;
    try {
      const order = await planner.commit(plan, {
        cart: live ? app.cart.view() : planner.cartOf(c.plan),
        parts,
        payment: rest.payment ?? 'cash',
        tendered: rest.tendered ?? fen(0),
        live,
        within: (orderId, shiftId) => {
          for (const p of parts) if (p.paymentId) codes.use(p.paymentId, orderId, shiftId);
          if (!journal.closeTender({ id: c.row.id, at: app.now(), outcome: 'sold', orderId, reason: null }))
            throw new Error(`tender ${c.row.id} is not open`);
        },
      });
      if (current?.row.id === c.row.id) current = null;
      last = { ...viewOf(c), status: 'sold', remaining: fen(0), completed: order };
      commitError = null;
      return order;
    } finally {
      committing = false;
    }
  }

  /** Commits when the done parts cover the total; a refusal is kept for the screen, never thrown. */
  async function commitIfCovered(): Promise<void> {
    const c = current;
    if (!c || waitingCodes(c.row.id).length > 0) return;
    const v = viewOf(c);
    if (v.paid !== v.total) return;
    try {
      await commit(c, {}, true);
    } catch (e) {
      commitError = {
        code: e instanceof AppError ? e.code : 'INTERNAL',
        message: e instanceof Error ? e.message : String(e),
      };
      app.log('tender: the parts cover the total but the sale did not commit', e);
    }
    changed();
  }

  /** Abandons the open tender: every payment code it took is cancelled (the money goes back). */
  async function abandon(reason: string): Promise<void> {
    const c = current;
    if (!c) return;
    current = null;
    journal.closeTender({ id: c.row.id, at: app.now(), outcome: 'abandoned', orderId: null, reason });
    last = null;
    changed();
    await Promise.all(liveCodes(c.row.id).map((r) => codes.cancel(r.id)));
  }

  /** A code payment moved (the follower, a submit's answer): the tender follows. */
  function onCode(row: CodePaymentRow): void {
    if (row.purpose !== 'sale' || !row.tender_id) return;
    if (current?.row.id === row.tender_id) {
      if (row.status === 'failed')
        failure = {
          method: row.method,
          amount: fen(row.amount),
          reason: (row.failure_reason ?? 'declined') as NonNullable<TenderView['failure']>['reason'],
          message: row.failure_message ?? '',
        };
      if (row.status === 'paid' || row.status === 'failed') {
        if (row.status === 'failed') closeIfEmpty(current, 'the payment code failed');
        void commitIfCovered();
      }
      changed();
      return;
    }
    // paid for a tender that is no longer open here (abandoned meanwhile; crashed ones wait for recover())
    if (row.status === 'paid' && !crashed.has(row.tender_id)) {
      const t = journal.tender(row.tender_id);
      if (t && t.closed_at !== null && t.outcome !== 'sold') void codes.cancel(row.id).catch(() => {});
    }
  }

  /** Resolves the tenders an earlier run left open, before any new payment code (throws OFFLINE to retry). */
  async function recover(): Promise<void> {
    if (crashed.size === 0) return;
    await codes.settleAll();
    for (const id of [...crashed]) {
      const row = journal.tender(id);
      if (!row || row.closed_at !== null) {
        crashed.delete(id);
        continue;
      }
      const c: Current = {
        row,
        plan: JSON.parse(row.plan) as SalePlan,
        held: (JSON.parse(row.parts) as HeldPart[]).map((h, i) => ({ ...h, at: row.opened_at + i })),
      };
      const rows = codeRows(id);
      const paidCodes = rows.filter((r) => r.status === 'paid');
      const covered =
        c.held.reduce((a, h) => a + h.amount, 0) + paidCodes.reduce((a, r) => a + r.amount, 0) === row.total &&
        rows.every((r) => r.status !== 'submitting' && r.status !== 'pending');
      let outcome: RecoveredTender | null = null;
      if (covered) {
        try {
          const order = await commit(c, {}, false);
          outcome = {
            tenderId: id,
            outcome: 'sold',
            total: fen(row.total),
            orderNumber: order.number,
            reversed: fen(0),
            at: app.now(),
          };
        } catch (e) {
          app.log(`tender ${id}: the sale could not be completed at restart; abandoning it`, e);
        }
      }
      if (!outcome) {
        journal.closeTender({ id, at: app.now(), outcome: 'abandoned', orderId: null, reason: 'restart' });
        for (const r of paidCodes) await codes.cancel(r.id);
        outcome = {
          tenderId: id,
          outcome: 'abandoned',
          total: fen(row.total),
          orderNumber: null,
          reversed: fen(paidCodes.reduce((a, r) => a + r.amount, 0)),
          at: app.now(),
        };
      }
      audit('tender.recovered', id, outcome, row.employee_id);
      recovered.push(outcome);
      crashed.delete(id);
    }
    crashed = new Set();
  }

  function memberOf(): { id: string } {
    const session = app.session.get()!;
    if (!session.employee.isMaster && !hasPermission(session.employee.permissions, 'member.manage'))
      throw new AppError('FORBIDDEN', 'Your account lacks the permission member.manage', {
        permission: 'member.manage',
      });
    const m = app.cart.member();
    if (!m || !app.members)
      throw new AppError('VALIDATION', 'A member payment needs the member', [
        { path: 'memberId', message: 'required for payment member' },
      ]);
    return m;
  }

  return {
    view,
    recovered: () => [...recovered],
    recovering: () => crashed.size > 0,
    /** a paid code row this tender still means to use (the follower leaves it alone) */
    holds: (row: CodePaymentRow) =>
      row.tender_id !== null && (current?.row.id === row.tender_id || crashed.has(row.tender_id)),
    onCode,
    recover,

    async addCode(p: {
      code: string;
      amount?: number | undefined;
      paymentId?: string | undefined;
      seat?: string | undefined;
      overrideId?: string | undefined;
    }): Promise<TenderView> {
      // the same scan sent again (a lost answer): the same payment, never a second charge
      if (p.paymentId && codes.get(p.paymentId)) return view()!;
      if (current && waitingCodes(current.row.id).length > 0)
        throw new AppError('CONFLICT', 'A payment code is still waiting for its answer', { reason: 'PAYMENT_WAITING' });
      const { code, scheme } = await codes.check(p.code);
      const c = ensureOpen(p);
      const amount = amountFor(c, p.amount);
      failure = null;
      await codes.submit({
        paymentId: p.paymentId ?? newId(),
        code,
        scheme,
        amount,
        purpose: 'sale',
        tenderId: c.row.id,
        employeeId: app.session.get()!.employee.id,
      });
      return view()!;
    },

    async addMember(p: { amount?: number | undefined; seat?: string | undefined; overrideId?: string | undefined }) {
      const member = memberOf();
      const limit = await app.members.spendLimit(member.id);
      const c = ensureOpen(p);
      const inTender = c.held.filter((h) => h.method === 'member').reduce((a, h) => a + h.amount, 0);
      const available = Math.max(0, limit.available() - inTender);
      const rem = remainingOf(c);
      const amount = Math.min(p.amount ?? rem, rem, available);
      if (amount <= 0) {
        closeIfEmpty(c, 'nothing was taken');
        throw new AppError('MEMBER_BALANCE_LOW', "The member's balance does not cover any of this sale", {
          total: rem,
          available,
          mode: limit.mode,
        });
      }
      if (p.amount !== undefined && p.amount > available)
        throw new AppError('MEMBER_BALANCE_LOW', "The member's balance does not cover this amount", {
          total: p.amount,
          available,
          mode: limit.mode,
        });
      amountFor(c, amount);
      c.held.push({ id: newId(), method: 'member', amount, memberId: member.id, at: app.now() });
      journal.setParts(c.row.id, c.held);
      await commitIfCovered();
      changed();
      return view()!;
    },

    async addStatic(p: {
      method: 'wechat_static' | 'alipay_static';
      amount?: number | undefined;
      seat?: string | undefined;
      overrideId?: string | undefined;
    }) {
      const c = ensureOpen(p);
      const amount = amountFor(c, p.amount);
      const employeeId = app.session.get()!.employee.id;
      c.held.push({ id: newId(), method: p.method, amount, confirmedBy: employeeId, at: app.now() });
      journal.setParts(c.row.id, c.held);
      await commitIfCovered();
      changed();
      return view()!;
    },

    async remove(partId: string): Promise<TenderView | null> {
      const c = current;
      if (!c) throw new AppError('NOT_FOUND', 'No payment is under way');
      const h = c.held.findIndex((x) => x.id === partId);
      if (h >= 0) {
        c.held.splice(h, 1);
        journal.setParts(c.row.id, c.held);
      } else {
        const r = codes.get(partId);
        if (!r || r.tender_id !== c.row.id) throw new AppError('NOT_FOUND', 'No such part of this payment');
        await codes.cancel(partId);
      }
      commitError = null;
      closeIfEmpty(c, 'every part was taken back');
      changed();
      return view();
    },

    async cancel(): Promise<TenderView | null> {
      await abandon('cancelled by the cashier');
      return null;
    },

    /**
     * sale.checkout: with no tender, the cart in one payment (cash or the member's balance) as before; with an
     * open tender, its done parts and the rest (refused while a payment code waits).
     */
    async checkout(p: {
      payment: 'cash' | 'member';
      tendered: Fen;
      memberId?: string | undefined;
      seat?: string | undefined;
      overrideId?: string | undefined;
    }): Promise<CompletedOrder> {
      const c = current;
      if (!c) {
        if (p.memberId && app.cart.member()?.id !== p.memberId) planner.attachMember(p.memberId);
        if (p.payment === 'member') memberOf();
        const plan = planner.plan(p);
        const order = await planner.commit(plan, {
          cart: app.cart.view(),
          payment: p.payment,
          tendered: p.tendered,
          live: true,
        });
        last = null;
        return order;
      }
      if (waitingCodes(c.row.id).length > 0)
        throw new AppError('CONFLICT', 'A payment code is still waiting for its answer', { reason: 'PAYMENT_WAITING' });
      if (p.payment === 'member') memberOf();
      const order = await commit(c, { payment: p.payment, tendered: p.tendered, seat: p.seat }, true);
      changed();
      return order;
    },
  };
}
export type Tender = ReturnType<typeof createTender>;
