import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Fen } from '../../../shared/money';
import type { OrderWire } from '../../../shared/sync/protocol';
import type { OrdersBatchResponse } from '../../../shared/sync/records';
import { openDatabases, type Databases } from '../db/open';
import { tempDir } from '../testing/harness';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from './backoff';
import type { CloudClient } from './cloud-client';
import { createSyncEngine, MAX_TRANSIENT_VERDICTS } from './engine';
import { createOutbox, parseRecord, type Outbox } from './outbox';

const order = (over: Partial<OrderWire> = {}): OrderWire => ({
  clientOrderId: newId(),
  number: '20250101-0001',
  createdAt: 1_700_000_000_000,
  employeeId: newId(),
  lines: [
    { lineNo: 1, productId: newId(), sku: 'S', name: '水', qty: 2, unitPrice: 200 as Fen, lineTotal: 400 as Fen },
  ],
  subtotal: 400 as Fen,
  discount: 0 as Fen,
  total: 400 as Fen,
  payments: [{ method: 'cash', amount: 400 as Fen, tendered: 500 as Fen, change: 100 as Fen }],
  ...over,
});

describe('backoffDelay', () => {
  it('grows exponentially, is jittered within [ceiling/2, ceiling] and capped', () => {
    expect(backoffDelay(1, () => 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffDelay(1, () => 1)).toBe(BACKOFF_BASE_MS);
    expect(backoffDelay(3, () => 1)).toBe(BACKOFF_BASE_MS * 4);
    expect(backoffDelay(50, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(50, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  });
});

describe('parseRecord', () => {
  it('accepts a valid order and refuses an inconsistent one', () => {
    expect(parseRecord('order', order()).total).toBe(400);
    expect(() => parseRecord('order', order({ total: 500 as Fen }))).toThrow(AppError);
    expect(() => parseRecord('order', {})).toThrow(/Invalid order/);
  });
});

describe('outbox and sync engine', () => {
  let dbs: Databases;
  let outbox: Outbox;
  let dir: ReturnType<typeof tempDir>;
  let now = 1_000_000;
  let reply: (orders: unknown[]) => Promise<OrdersBatchResponse>;
  const sent: number[] = [];
  const cloud = {
    pushRecords: (_kind: 'order', orders: unknown[]) => (sent.push(orders.length), reply(orders)),
  } as unknown as CloudClient;
  const statuses: string[] = [];
  const engine = () =>
    createSyncEngine({
      outbox,
      cloud,
      now: () => now,
      canSync: () => true,
      sessionToken: () => undefined,
      onStatus: (s) => statuses.push(s.state),
    });

  beforeEach(() => {
    dir = tempDir();
    dbs = openDatabases(dir.dir);
    outbox = createOutbox(dbs.sales, { random: () => 1 });
    sent.length = 0;
    statuses.length = 0;
  });
  afterEach(() => {
    dbs.close();
    dir.cleanup();
  });
  const accept = async (orders: unknown[]): Promise<OrdersBatchResponse> => ({
    results: orders.map((o) => ({
      clientOrderId: (o as OrderWire).clientOrderId,
      status: 'accepted' as const,
      serverOrderId: newId(),
    })),
  });

  it('sends oldest first in batches of 100 and acks, keeping the rows', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 230; i++) {
      const o = order({ createdAt: 1_700_000_000_000 + i });
      ids.push(o.clientOrderId);
      outbox.enqueue('order', o, now - 1000 + i);
    }
    const seen: string[] = [];
    reply = async (orders) => {
      seen.push(...orders.map((o) => (o as OrderWire).clientOrderId));
      return accept(orders);
    };
    const s = await engine().push();
    expect(sent).toEqual([100, 100, 30]);
    expect(seen).toEqual(ids);
    expect(s).toMatchObject({ state: 'online', unsent: 0, oldestUnsentAt: null, lastError: null });
    expect(statuses).toContain('syncing');
    expect(
      dbs.sales
        .prepare('SELECT count(*) FROM outbox WHERE acked_at IS NOT NULL AND server_id IS NOT NULL')
        .pluck()
        .get(),
    ).toBe(230);
    // a second run sends nothing
    await engine().push(true);
    expect(sent).toEqual([100, 100, 30]);
  });

  it('one sync at a time: a second request joins the running one', async () => {
    outbox.enqueue('order', order(), now);
    let release!: () => void;
    reply = (orders) => new Promise((r) => (release = () => r(accept(orders))));
    const e = engine();
    const a = e.push();
    const b = e.push();
    await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all([a, b]);
    expect(sent).toEqual([1]);
  });

  it('offline: backs off, keeps the row, and retries when due', async () => {
    outbox.enqueue('order', order(), now);
    reply = async () => {
      throw new AppError('OFFLINE', 'down');
    };
    const e = engine();
    const s = await e.push();
    expect(s).toMatchObject({ state: 'offline', unsent: 1, lastError: { code: 'OFFLINE' } });
    const row = outbox.get(1)!;
    expect(row.attempts).toBe(1);
    expect(row.nextAttemptAt).toBe(now + BACKOFF_BASE_MS);
    // not due yet: nothing is sent
    await e.push();
    expect(sent).toEqual([1]);
    now += BACKOFF_BASE_MS;
    reply = accept;
    expect((await e.push()).state).toBe('online');
    expect(sent).toEqual([1, 1]);
    expect(outbox.stats().unsent).toBe(0);
  });

  it('a failing cloud is never a verdict on an order: retries forever with capped backoff, state error', async () => {
    outbox.enqueue('order', order(), now);
    reply = async () => {
      throw new AppError('CLOUD_ERROR', 'HTTP 500');
    };
    const e = engine();
    for (let i = 0; i < 40; i++) await e.push(true);
    expect(sent).toHaveLength(40);
    const row = outbox.get(1)!;
    expect(row.failedAt).toBeNull();
    expect(row.attempts).toBe(40);
    expect(row.nextAttemptAt - now).toBe(BACKOFF_CAP_MS);
    expect(e.status()).toMatchObject({
      state: 'error',
      unsent: 1,
      lastError: { code: 'CLOUD_ERROR' },
      nextAttemptAt: now + BACKOFF_CAP_MS,
    });
    reply = accept;
    expect(await e.push(true)).toMatchObject({ state: 'online', unsent: 0, lastError: null });
  });

  it('in order: nothing overtakes a head that is backing off, even orders rung up later', async () => {
    const first = order();
    outbox.enqueue('order', first, now);
    reply = async () => {
      throw new AppError('OFFLINE', 'down');
    };
    const e = engine();
    await e.push();
    const later = order();
    outbox.enqueue('order', later, now + 1);
    await e.push();
    expect(sent).toEqual([1]); // the later order is due but waits behind the head
    now += BACKOFF_BASE_MS;
    const seen: string[] = [];
    reply = async (orders) => (seen.push(...orders.map((o) => (o as OrderWire).clientOrderId)), accept(orders));
    await e.push();
    expect(seen).toEqual([first.clientOrderId, later.clientOrderId]);
  });

  it('a clock jumping back a day does not stall the queue behind a schedule set by the old clock', async () => {
    outbox.enqueue('order', order(), now);
    reply = async () => {
      throw new AppError('OFFLINE', 'down');
    };
    const e = engine();
    await e.push();
    now -= 24 * 3_600_000;
    reply = accept;
    expect(await e.push()).toMatchObject({ state: 'online', unsent: 0 });
    now += 24 * 3_600_000;
  });

  it('halves a batch the cloud finds too large, and parks only a single order that can never fit', async () => {
    const orders = Array.from({ length: 5 }, () => order());
    for (const o of orders) outbox.enqueue('order', o, now);
    const seen: string[] = [];
    reply = async (batch) => {
      if (batch.length > 2) throw new AppError('PAYLOAD_TOO_LARGE', 'too big');
      if (batch.some((o) => (o as OrderWire).clientOrderId === orders[3]!.clientOrderId))
        throw new AppError('PAYLOAD_TOO_LARGE', 'too big');
      seen.push(...batch.map((o) => (o as OrderWire).clientOrderId));
      return accept(batch);
    };
    const s = await engine().push();
    expect(seen).toEqual([0, 1, 2, 4].map((i) => orders[i]!.clientOrderId));
    expect(s).toMatchObject({ unsent: 1, state: 'error', lastError: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(outbox.get(4)!.failedAt).not.toBeNull();
  });

  it('stats: unsent total (for the offline cap) counts only unacknowledged orders', () => {
    expect(outbox.stats()).toMatchObject({ unsent: 0, unsentTotal: 0, nextAttemptAt: null });
  });

  it('conflict and rejected results park the row with the typed error; duplicate acks', async () => {
    const [a, b, c] = [order(), order(), order()];
    for (const o of [a, b, c]) outbox.enqueue('order', o, now);
    reply = async () => ({
      results: [
        { clientOrderId: a.clientOrderId, status: 'duplicate', serverOrderId: newId() },
        {
          clientOrderId: b.clientOrderId,
          status: 'conflict',
          error: { code: 'CONFLICT', message: 'different payload' },
        },
        { clientOrderId: c.clientOrderId, status: 'rejected', error: { code: 'VALIDATION', message: 'bad' } },
      ],
    });
    const s = await engine().push();
    expect(s.unsent).toBe(2);
    expect(s.state).toBe('error');
    expect(s.lastError?.code).toMatch(/CONFLICT|VALIDATION/);
    expect(outbox.get(1)!.ackedAt).not.toBeNull();
    expect(outbox.get(2)!.lastError).toEqual({ code: 'CONFLICT', message: 'different payload' });
    expect(outbox.get(3)!.failedAt).not.toBeNull();
    expect(dbs.sales.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(3);
  });

  it('a transient cloud verdict (INTERNAL) is retried with backoff, then parked after MAX_TRANSIENT_VERDICTS in a row', async () => {
    const [a, b] = [order(), order()];
    for (const o of [a, b]) outbox.enqueue('order', o, now);
    const internal = { code: 'INTERNAL', message: 'The order could not be stored' };
    // First answer: a is not stored this time, b is accepted.
    reply = async () => ({
      results: [
        { clientOrderId: a.clientOrderId, status: 'rejected', error: internal },
        { clientOrderId: b.clientOrderId, status: 'accepted', serverOrderId: newId() },
      ],
    });
    await engine().push();
    expect(outbox.get(1)!.failedAt).toBeNull();
    expect(outbox.get(1)!.lastError).toEqual({ ...internal, repeats: 1 });
    expect(outbox.get(1)!.nextAttemptAt).toBeGreaterThan(now);
    expect(outbox.get(2)!.ackedAt).not.toBeNull();
    // A network failure in between resets the count: only consecutive verdicts count.
    reply = async () => {
      throw new AppError('OFFLINE', 'no network');
    };
    await engine().push(true);
    expect(outbox.get(1)!.lastError?.code).toBe('OFFLINE');
    reply = async () => ({ results: [{ clientOrderId: a.clientOrderId, status: 'rejected', error: internal }] });
    for (let i = 1; i < MAX_TRANSIENT_VERDICTS; i++) {
      await engine().push(true);
      expect(outbox.get(1)!.failedAt).toBeNull();
      expect(outbox.get(1)!.lastError?.repeats).toBe(i);
    }
    await engine().push(true);
    expect(outbox.get(1)!.failedAt).not.toBeNull();
    expect(outbox.get(1)!.lastError).toEqual({ ...internal, repeats: MAX_TRANSIENT_VERDICTS });
    // Parked, it is never sent again automatically, and it is still there.
    sent.length = 0;
    await engine().push(true);
    expect(sent).toEqual([]);
    expect(outbox.stats().parked).toBe(1);
  });

  it('parks a corrupt payload without sending it', async () => {
    outbox.enqueue('order', order(), now);
    dbs.sales.prepare('UPDATE outbox SET payload = \'{"nope":1}\'').run();
    reply = accept;
    await engine().push();
    expect(sent).toEqual([]);
    expect(outbox.get(1)!.lastError?.code).toBe('VALIDATION');
  });
});
