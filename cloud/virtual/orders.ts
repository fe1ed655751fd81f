// Runtime: Node. Submitting a virtual order and reading it back.
//
// submit, in order:
//  1. one transaction: idempotency on (device, clientOrderId) — a repeat answers with the first order, the
//     same id with another payload is CONFLICT; price = the source's supply price + the outlet's agent markup;
//     the outlet's cost is RESERVED as two linked pending transfers (outlet → supplier receivable for the
//     supply price, outlet → agent commission for the markup); INSUFFICIENT_FUNDS stores nothing. A top-up needs
//     the phone, and a regional source (goods_sources.regions) refuses a phone whose province (phone-prefix
//     table) is not in its regions — or is unknown; a utility bill needs the account number (户号) instead.
//  2. after commit, the supplier is asked (never inside the transaction: a slow supplier must not hold row
//     locks). Its answer goes through the status machine (settle.ts); a thrown error leaves the order pending
//     for the automatic queries (sweep.ts).
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import { scaledPrice } from '../../shared/limits';
import type { VirtualOrder, VirtualSubmitRequest } from '../../shared/sync/protocol';
import type { CloudDb, Queryable } from '../db/types';
import { createTransfers, ensureOrgAccount, transferError } from '../ledger';
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';
import { ANSWER_RECENT_MS } from '../http/answers';
import { decryptCardCode } from './card-crypto';
import type { FulfilmentConfig } from './config';
import { orderTransferIds } from './ledger-ids';
import { lookupPhone } from './prefixes';
import { appendEvent, toWire, type ComplaintRow, type VirtualOrderRow } from './rows';
import { applyAnswer } from './settle';

export interface DeviceContext {
  deviceId: string;
  outletId: string;
  now: number;
}

interface PriceRow {
  product_id: string;
  kind: string;
  active: boolean;
  face_value: number | null;
  carrier: string | null;
  source_id: string | null;
  supplier_id: string | null;
  supply_price: number | null;
  source_active: boolean | null;
  regions: string[] | null;
  agent_id: string | null;
  markup: number | null;
}

export async function submitVirtualOrder(
  db: CloudDb,
  cfg: FulfilmentConfig,
  ctx: DeviceContext,
  req: VirtualSubmitRequest,
): Promise<VirtualOrder> {
  // The account joins the hash only when given, so orders submitted before utilities existed keep their hash.
  const hash = sha256Hex(
    canonicalJson({
      productId: req.productId,
      phone: req.phone ?? null,
      ...(req.account ? { account: req.account } : {}),
      ...(req.amount !== undefined ? { amount: req.amount } : {}),
    }),
  );
  const { order, fresh } = await db.tx(async (q) => {
    const before = await byClientId(q, ctx.deviceId, req.clientOrderId);
    if (before) {
      if (before.payload_sha256 !== hash)
        throw new AppError(
          'CONFLICT',
          'A virtual order with this clientOrderId was already submitted with different fields',
          { orderId: before.id },
        );
      return { order: before, fresh: false };
    }
    const p = await priceOf(q, ctx.outletId, req.productId);
    if (p.kind === 'topup' && !req.phone)
      throw new AppError('VALIDATION', 'A top-up needs the phone number', [
        { path: 'phone', message: 'required for top-ups' },
      ]);
    if (p.kind === 'utility' && req.phone)
      throw new AppError('VALIDATION', 'A utility bill is paid to an account number, not a phone', [
        { path: 'phone', message: 'not for utility bills' },
      ]);
    if (p.kind === 'utility' && !req.account)
      throw new AppError('VALIDATION', 'A utility bill needs the account number (户号)', [
        { path: 'account', message: 'required for utility bills' },
      ]);
    if (p.kind !== 'utility' && req.account)
      throw new AppError('VALIDATION', 'Only utility bills take an account number', [
        { path: 'account', message: 'utility bills only' },
      ]);
    if (p.kind !== 'utility' && req.amount !== undefined)
      throw new AppError('VALIDATION', 'Only utility bills take an amount of their own', [
        { path: 'amount', message: 'utility bills only' },
      ]);
    // A bill of any amount: face value, supply price and markup all scale with it (the product's rate).
    if (req.amount !== undefined && req.amount !== p.faceValue) {
      const unit = p.faceValue;
      if (unit <= 0) throw new AppError('VALIDATION', 'This bill has no face value to price an amount by');
      p.supplyPrice = scaledPrice(req.amount, unit, p.supplyPrice);
      p.markup = scaledPrice(req.amount, unit, p.markup);
      p.faceValue = req.amount;
    }
    if (p.kind === 'topup' && p.regions) await assertInRegions(q, req.phone!, p.regions);
    const id = uuidv4();
    const ids = orderTransferIds(id);
    const outlet = await ensureOrgAccount(q, 'outlet_prepaid', ctx.outletId, ctx.now);
    const supplier = await ensureOrgAccount(q, 'supplier_receivable', p.supplierId, ctx.now);
    const agent = await ensureOrgAccount(q, 'agent_commission', p.agentId, ctx.now);
    const ref = `virtual:${id}`;
    const reserve = [
      {
        id: ids.reserveSupply,
        debitAccountId: outlet.id,
        creditAccountId: supplier.id,
        amount: p.supplyPrice,
        pending: true,
        code: 'virtual_reserve',
        ref,
        linked: p.markup > 0,
      },
      ...(p.markup > 0
        ? [
            {
              id: ids.reserveMarkup,
              debitAccountId: outlet.id,
              creditAccountId: agent.id,
              amount: p.markup,
              pending: true,
              code: 'virtual_reserve',
              ref,
            },
          ]
        : []),
    ];
    const results = await createTransfers(q, reserve, ctx.now);
    const bad = results.find((r) => r.result !== 'ok');
    if (bad) {
      const failed = results.find((r) => r.result !== 'ok' && r.result !== 'linked_event_failed') ?? bad;
      throw transferError(failed.result, failed.id);
    }
    const { rows } = await q.query<VirtualOrderRow>(
      `INSERT INTO virtual_orders (id, outlet_id, device_id, client_order_id, payload_sha256, product_id, source_id, supplier_id, agent_id, kind, phone,
                                   face_value, supply_price, markup, cost, status, pending_transfer_id, submitted_at, updated_at, sla_deadline, next_query_at, account)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'pending', $16, $17, $17, $18, $19, $20) RETURNING *`,
      [
        id,
        ctx.outletId,
        ctx.deviceId,
        req.clientOrderId,
        hash,
        req.productId,
        p.sourceId,
        p.supplierId,
        p.agentId,
        p.kind,
        req.phone ?? null,
        p.faceValue,
        p.supplyPrice,
        p.markup,
        p.supplyPrice + p.markup,
        ids.reserveSupply,
        ctx.now,
        ctx.now + cfg.slaMs,
        ctx.now + cfg.queryIntervalMs,
        req.account ?? null,
      ],
    );
    const row = rows[0]!;
    await appendEvent(q, row, null, 'pending', 'submit', null, ctx.now);
    return { order: row, fresh: true };
  });

  if (fresh) {
    const adapter = cfg.suppliers.get(order.supplier_id);
    if (adapter) {
      try {
        const answer = await adapter.submit({
          orderId: order.id,
          kind: order.kind,
          phone: order.phone,
          account: order.account,
          faceValue: Number(order.face_value),
          carrier: null,
          sourceId: order.source_id,
        });
        await applyAnswer(db, order.id, answer, 'supplier_answer', ctx.now, cfg.cardKey);
      } catch {
        // Lost answer or supplier down: the order stays pending; automatic queries decide (sweep.ts).
      }
    }
  }
  return getVirtualOrder(db, cfg, ctx, order.id);
}

async function priceOf(q: Queryable, outletId: string, productId: string) {
  const { rows } = await q.query<PriceRow>(
    `SELECT p.id AS product_id, p.kind, p.active, p.face_value, p.carrier, p.source_id, s.supplier_id, s.supply_price, s.active AS source_active, s.regions,
            ag.id AS agent_id, m.markup
       FROM products p
       JOIN organizations o ON o.id = p.outlet_id
       LEFT JOIN organizations ag ON ag.id = o.parent_id AND ag.type = 'agent'
       LEFT JOIN goods_sources s ON s.id = p.source_id
       LEFT JOIN agent_markups m ON m.agent_id = ag.id AND m.source_id = s.id
      WHERE p.id = $1 AND p.outlet_id = $2`,
    [productId, outletId],
  );
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND', 'No such product at this outlet');
  if (r.kind !== 'topup' && r.kind !== 'gamecard' && r.kind !== 'utility')
    throw new AppError('VALIDATION', 'Only top-ups, game cards and utility bills are virtual goods');
  if (!r.active || !r.source_id || !r.supplier_id || r.supply_price === null || !r.source_active)
    throw new AppError('NOT_FOUND', 'This product has no active goods source');
  if (!r.agent_id) throw new AppError('NOT_FOUND', 'This outlet has no agent to source virtual goods through');
  return {
    kind: r.kind as 'topup' | 'gamecard' | 'utility',
    regions: r.regions,
    faceValue: Number(r.face_value ?? 0),
    sourceId: r.source_id,
    supplierId: r.supplier_id,
    agentId: r.agent_id,
    supplyPrice: Number(r.supply_price),
    markup: Number(r.markup ?? 0),
  };
}

/**
 * A regional source sells only to numbers of its provinces. The prefix table is a hint (携号转网), but a
 * number it cannot place is refused too: the source's restriction must not be bypassed by an unknown prefix.
 */
async function assertInRegions(q: Queryable, phone: string, regions: string[]): Promise<void> {
  const hit = await lookupPhone(q, phone);
  const province = hit?.province ?? null;
  if (province !== null && regions.includes(province)) return;
  throw new AppError(
    'VALIDATION',
    province === null
      ? `This top-up is sold only in ${regions.join('、')}; the number's province is unknown`
      : `This top-up is sold only in ${regions.join('、')}, not in ${province}`,
    [
      {
        path: 'phone',
        message: province === null ? 'province unknown' : `province ${province} not in the source's regions`,
        province,
        regions,
      },
    ],
  );
}

async function byClientId(q: Queryable, deviceId: string, clientOrderId: string): Promise<VirtualOrderRow | undefined> {
  const { rows } = await q.query<VirtualOrderRow>(
    'SELECT * FROM virtual_orders WHERE device_id = $1 AND client_order_id = $2',
    [deviceId, clientOrderId],
  );
  return rows[0];
}

async function complaintOf(q: Queryable, orderId: string): Promise<ComplaintRow | null> {
  const { rows } = await q.query<ComplaintRow>(
    'SELECT status, resolution FROM virtual_complaints WHERE order_id = $1',
    [orderId],
  );
  return rows[0] ?? null;
}

/**
 * One order as its outlet sees it. A game card's code is decrypted only for the device that ordered it: the
 * first time it asks once the code exists (card_delivered_at records that hand-out), and again on every
 * repeat for ANSWER_RECENT_MS after it — a till whose answer was lost asks again and must not lose the
 * customer's card (http/answers.ts). Another device of the outlet never gets it; after that, nobody does.
 */
export async function getVirtualOrder(
  db: CloudDb,
  cfg: FulfilmentConfig,
  ctx: DeviceContext,
  orderId: string,
): Promise<VirtualOrder> {
  const { rows } = await db.query<VirtualOrderRow>('SELECT * FROM virtual_orders WHERE id = $1 AND outlet_id = $2', [
    orderId,
    ctx.outletId,
  ]);
  let o = rows[0];
  if (!o) throw new AppError('NOT_FOUND', 'No such virtual order at this outlet');
  let code: string | undefined;
  if (o.card_code_enc && o.device_id === ctx.deviceId) {
    if (o.card_delivered_at === null) {
      const first = await db.query<VirtualOrderRow>(
        'UPDATE virtual_orders SET card_delivered_at = $2 WHERE id = $1 AND card_delivered_at IS NULL RETURNING *',
        [o.id, ctx.now],
      );
      o =
        first.rows[0] ??
        (await db.query<VirtualOrderRow>('SELECT * FROM virtual_orders WHERE id = $1', [o.id])).rows[0]!;
    }
    if (ctx.now - Number(o.card_delivered_at) < ANSWER_RECENT_MS) code = decryptCardCode(cfg.cardKey, o.card_code_enc!);
  }
  return toWire(o, await complaintOf(db, o.id), code);
}

/** The outlet's orders whose status changed after `cursor` (event seq), oldest change first. */
export async function virtualChanges(
  db: CloudDb,
  outletId: string,
  cursor: number,
  limit: number,
): Promise<{ orders: VirtualOrder[]; nextCursor: number; hasMore: boolean }> {
  const { rows } = await db.query<{ order_id: string; seq: number }>(
    'SELECT order_id, seq FROM virtual_order_events WHERE outlet_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [outletId, cursor, limit + 1],
  );
  const hasMore = rows.length > limit;
  const events = rows.slice(0, limit);
  if (events.length === 0) return { orders: [], nextCursor: cursor, hasMore: false };
  // Each order once, at the position of its last change in this page.
  const last = new Map<string, number>();
  for (const e of events) last.set(e.order_id, Number(e.seq));
  const page = [...last].sort((a, b) => a[1] - b[1]).map(([order_id]) => ({ order_id }));
  const orders = await db.query<VirtualOrderRow>('SELECT * FROM virtual_orders WHERE id = ANY($1::uuid[])', [
    page.map((r) => r.order_id),
  ]);
  const complaints = await db.query<ComplaintRow & { order_id: string }>(
    'SELECT order_id, status, resolution FROM virtual_complaints WHERE order_id = ANY($1::uuid[])',
    [page.map((r) => r.order_id)],
  );
  const byId = new Map(orders.rows.map((o) => [o.id, o]));
  const cById = new Map(complaints.rows.map((c) => [c.order_id, c]));
  return {
    orders: page.map((r) => toWire(byId.get(r.order_id)!, cById.get(r.order_id) ?? null)),
    nextCursor: Number(events[events.length - 1]!.seq),
    hasMore,
  };
}
