// Orders and closed shifts share one outbox (sales 0007). The engine cuts what is due into runs of one kind
// and sends them in queue order, each to its route: a shift never overtakes the orders ahead of it, a run that
// fails as a whole stops everything behind it, and shift verdicts (duplicate, conflict, transient INTERNAL,
// PAYLOAD_TOO_LARGE) get the same handling as order verdicts. Real sales.db; the cloud is a recording stub.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { Fen } from '../../../shared/money';
import type { OrderWire, ShiftWire } from '../../../shared/sync/protocol';
import { openDatabases, type Databases } from '../db/open';
import { tempDir } from '../testing/harness';
import type { CloudClient } from './cloud-client';
import { createSyncEngine, MAX_TRANSIENT_VERDICTS } from './engine';
import { createOutbox, parseRecord, type Outbox } from './outbox';

const order = (): OrderWire => ({
  clientOrderId: newId(),
  number: '20250101-0001',
  createdAt: 1_700_000_000_000,
  employeeId: newId(),
  lines: [
    { lineNo: 1, productId: newId(), sku: 'S', name: '水', qty: 1, unitPrice: 300 as Fen, lineTotal: 300 as Fen },
  ],
  subtotal: 300 as Fen,
  discount: 0 as Fen,
  total: 300 as Fen,
  payments: [{ method: 'cash', amount: 300 as Fen, tendered: 300 as Fen, change: 0 as Fen }],
});
const shift = (over: Partial<ShiftWire> = {}): ShiftWire => ({
  clientShiftId: newId(),
  openedBy: newId(),
  openedAt: 1_700_000_000_000,
  openingFloat: 10_000 as Fen,
  autoOpened: false,
  closedBy: newId(),
  closedAt: 1_700_000_100_000,
  cashByKind: { sale: 300, virtual_sale: 0, virtual_refund: 0, member_topup: 0, sale_return: 0, pay_in: 0, pay_out: 0 },
  expectedCash: 10_300,
  countedCash: 10_100 as Fen,
  difference: -200,
  salesCount: 1,
  salesTotal: 300 as Fen,
  note: null,
  ...over,
});

type Call = { kind: 'order' | 'shift'; ids: string[] };

describe('outbox with closed shifts', () => {
  let dbs: Databases;
  let outbox: Outbox;
  let dir: ReturnType<typeof tempDir>;
  const now = 1_000_000;
  const calls: Call[] = [];
  let shiftReply: (ids: string[]) => Promise<{
    results: {
      clientShiftId: string;
      status: 'accepted' | 'duplicate' | 'conflict' | 'rejected';
      serverShiftId?: string;
      error?: { code: string; message: string };
    }[];
  }>;
  let orderReply: (ids: string[]) => Promise<unknown>;
  const cloud = {
    pushRecords: (kind: 'order' | 'shift', records: (OrderWire | ShiftWire)[]) => {
      if (kind === 'order') {
        const ids = (records as OrderWire[]).map((o) => o.clientOrderId);
        calls.push({ kind: 'order', ids });
        return orderReply(ids);
      }
      const ids = (records as ShiftWire[]).map((s) => s.clientShiftId);
      calls.push({ kind: 'shift', ids });
      return shiftReply(ids);
    },
  } as unknown as CloudClient;
  const engine = () =>
    createSyncEngine({
      outbox,
      cloud,
      now: () => now,
      canSync: () => true,
      sessionToken: () => undefined,
      onStatus: () => {},
    });
  const acceptOrders = async (ids: string[]) => ({
    results: ids.map((id) => ({ clientOrderId: id, status: 'accepted', serverOrderId: newId() })),
  });
  const acceptShifts = async (ids: string[]) => ({
    results: ids.map((id) => ({ clientShiftId: id, status: 'accepted' as const, serverShiftId: newId() })),
  });
  const row = (ref: string) =>
    dbs.sales.prepare('SELECT kind, acked_at, failed_at, last_error FROM outbox WHERE ref_id = ?').get(ref) as {
      kind: string;
      acked_at: number | null;
      failed_at: number | null;
      last_error: string | null;
    };

  beforeEach(() => {
    dir = tempDir();
    dbs = openDatabases(dir.dir);
    outbox = createOutbox(dbs.sales, { random: () => 1 });
    calls.length = 0;
    orderReply = acceptOrders;
    shiftReply = acceptShifts;
  });
  afterEach(() => {
    dbs.close();
    dir.cleanup();
  });

  it('validates a shift payload before it is sent', () => {
    expect(parseRecord('shift', shift())).toMatchObject({ difference: -200 });
    expect(() => parseRecord('shift', shift({ difference: -100 }))).toThrow(/Invalid shift/);
    expect(() => parseRecord('shift', shift({ expectedCash: 1, difference: 10_099 }))).toThrow(AppError);
  });

  it('sends runs of one kind in queue order: orders, then the shift they were rung up in, then later orders', async () => {
    const [o1, o2, s1, o3, s2] = [order(), order(), shift(), order(), shift()];
    outbox.enqueue('order', o1, now);
    outbox.enqueue('order', o2, now);
    outbox.enqueue('shift', s1, now);
    outbox.enqueue('order', o3, now);
    outbox.enqueue('shift', s2, now);
    expect(outbox.stats().unsent).toBe(5); // shifts count as unsent: logout and reset wait for them too
    const s = await engine().push();
    expect(calls).toEqual([
      { kind: 'order', ids: [o1.clientOrderId, o2.clientOrderId] },
      { kind: 'shift', ids: [s1.clientShiftId] },
      { kind: 'order', ids: [o3.clientOrderId] },
      { kind: 'shift', ids: [s2.clientShiftId] },
    ]);
    expect(s).toMatchObject({ state: 'online', unsent: 0 });
    expect(row(s1.clientShiftId)).toMatchObject({ kind: 'shift', failed_at: null });
    expect(row(s1.clientShiftId).acked_at).toBe(now);
  });

  it('a shift is never sent while the orders ahead of it failed to go; nothing behind a failed shift goes either', async () => {
    const [o1, s1, o2] = [order(), shift(), order()];
    outbox.enqueue('order', o1, now);
    outbox.enqueue('shift', s1, now);
    outbox.enqueue('order', o2, now);
    orderReply = async () => {
      throw new AppError('OFFLINE', 'down');
    };
    expect(await engine().push(true)).toMatchObject({ state: 'offline', unsent: 3 });
    expect(calls).toEqual([{ kind: 'order', ids: [o1.clientOrderId] }]);

    calls.length = 0;
    orderReply = acceptOrders;
    shiftReply = async () => {
      throw new AppError('CLOUD_ERROR', 'HTTP 502');
    };
    expect(await engine().push(true)).toMatchObject({ state: 'error', unsent: 2 });
    expect(calls.map((c) => c.kind)).toEqual(['order', 'shift']);
    expect(row(s1.clientShiftId).failed_at).toBeNull(); // a failed request is no verdict: it waits, never parked

    calls.length = 0;
    shiftReply = acceptShifts;
    expect(await engine().push(true)).toMatchObject({ state: 'online', unsent: 0 });
    expect(calls).toEqual([
      { kind: 'shift', ids: [s1.clientShiftId] },
      { kind: 'order', ids: [o2.clientOrderId] },
    ]);
  });

  it('a cloud without the shift route (older than the till) holds the shift back, not the orders behind it', async () => {
    const [s1, o1] = [shift(), order()];
    outbox.enqueue('shift', s1, now);
    outbox.enqueue('order', o1, now);
    shiftReply = async () => {
      throw new AppError('NOT_FOUND', 'No route POST /v1/shifts/batch');
    };
    await engine().push(true);
    expect(calls.map((c) => c.kind)).toEqual(['shift', 'order']);
    expect(row(o1.clientOrderId).acked_at).not.toBeNull();
    expect(row(s1.clientShiftId)).toMatchObject({ acked_at: null, failed_at: null }); // waits, never parked
    expect(JSON.parse(row(s1.clientShiftId).last_error!).code).toBe('NOT_FOUND');
    // the cloud is updated: the shift goes
    calls.length = 0;
    shiftReply = acceptShifts;
    expect(await engine().push(true)).toMatchObject({ unsent: 0 });
    expect(calls).toEqual([{ kind: 'shift', ids: [s1.clientShiftId] }]);
  });

  it('duplicate acks, conflict parks, transient INTERNAL retries then parks, an invalid payload parks unsent', async () => {
    const [dup, conflict, internal] = [shift(), shift(), shift()];
    for (const x of [dup, conflict, internal]) outbox.enqueue('shift', x, now);
    dbs.sales
      .prepare(
        "INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('shift', 'broken', '{\"clientShiftId\":1}', ?, ?)",
      )
      .run(now, now);
    shiftReply = async (ids) => ({
      results: ids.map((id) =>
        id === dup.clientShiftId
          ? { clientShiftId: id, status: 'duplicate' as const, serverShiftId: newId() }
          : id === conflict.clientShiftId
            ? { clientShiftId: id, status: 'conflict' as const, error: { code: 'CONFLICT', message: 'other payload' } }
            : { clientShiftId: id, status: 'rejected' as const, error: { code: 'INTERNAL', message: 'db hiccup' } },
      ),
    });
    await engine().push(true);
    expect(calls).toEqual([
      { kind: 'shift', ids: [dup.clientShiftId, conflict.clientShiftId, internal.clientShiftId] },
    ]);
    expect(row(dup.clientShiftId).acked_at).toBe(now);
    expect(row(conflict.clientShiftId).failed_at).toBe(now);
    expect(row('broken').failed_at).toBe(now);
    expect(JSON.parse(row('broken').last_error!).code).toBe('VALIDATION');
    expect(row(internal.clientShiftId).failed_at).toBeNull();
    for (let i = 1; i < MAX_TRANSIENT_VERDICTS; i++) await engine().push(true);
    expect(row(internal.clientShiftId).failed_at).toBe(now);
    expect(outbox.stats()).toMatchObject({ unsent: 3, parked: 3 });
  });

  it('PAYLOAD_TOO_LARGE halves a run of shifts and sends the halves in order', async () => {
    const xs = [shift(), shift(), shift()];
    for (const x of xs) outbox.enqueue('shift', x, now);
    shiftReply = async (ids) => {
      if (ids.length > 1) throw new AppError('PAYLOAD_TOO_LARGE', 'too big');
      return acceptShifts(ids);
    };
    expect(await engine().push()).toMatchObject({ unsent: 0 });
    expect(calls.map((c) => c.ids.length)).toEqual([3, 2, 1, 1, 1]);
    expect(calls.slice(2).flatMap((c) => c.ids)).toEqual(xs.map((x) => x.clientShiftId));
  });
});
