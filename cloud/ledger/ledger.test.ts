// The ledger on a fresh database (PGlite, or PostgreSQL with DATABASE_URL): accounts, single / pending /
// post / void transfers, idempotency, linked chains, hostile input, and concurrent spends that never
// overdraw. The invariant check runs after every scenario.
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CloudDb } from '../db/types';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import {
  balance,
  checkLedgerInvariants,
  createAccount,
  createTransfers,
  ensureOrgAccount,
  postPending,
  transfer,
  voidPending,
} from './index';

let database: TestDatabase;
let db: CloudDb;
const now = 1_700_000_000_000;
let bank: string; // platform bank account: the other side of deposits, may go "negative"

async function org(type: string): Promise<string> {
  const id = uuidv4();
  await db.query('INSERT INTO organizations (id, type, name, created_at) VALUES ($1, $2, $3, $4)', [
    id,
    type,
    `${type} ${id.slice(0, 4)}`,
    now,
  ]);
  return id;
}
/** A fresh outlet prepaid account holding `amount` (deposited from the platform bank). */
async function funded(amount: number): Promise<string> {
  const acc = await ensureOrgAccount(db, 'outlet_prepaid', await org('outlet'), now);
  if (amount > 0)
    await db.tx((q) =>
      transfer(q, { id: uuidv7(), debitAccountId: bank, creditAccountId: acc.id, amount, code: 'deposit' }, now),
    );
  return acc.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open({ poolSize: 12 });
  bank = (await ensureOrgAccount(db, 'platform', await org('platform'), now, 'bank')).id;
});
afterAll(async () => {
  await database.drop();
});
afterEach(async () => {
  expect(await checkLedgerInvariants(db)).toEqual([]);
});

describe('accounts', () => {
  it('are created idempotently; the same id with other fields is a CONFLICT', async () => {
    const o = await org('agent');
    const a = await ensureOrgAccount(db, 'agent_commission', o, now);
    const again = await ensureOrgAccount(db, 'agent_commission', o, now);
    expect(again.id).toBe(a.id);
    expect(a.noOverdraft).toBe(true);
    await expect(
      createAccount(db, { id: a.id, kind: 'agent_commission', orgId: o, noOverdraft: false }, now),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(balance(db, uuidv4())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('single transfers', () => {
  it('move posted balances on both sides', async () => {
    const a = await funded(10_000);
    expect(await balance(db, a)).toMatchObject({ posted: 10_000, available: 10_000, pendingDebits: 0 });
  });

  it('refuse an overdraft of a no-overdraft account and write nothing', async () => {
    const a = await funded(500);
    const b = await funded(0);
    const r = await createTransfers(
      db,
      [{ id: uuidv7(), debitAccountId: a, creditAccountId: b, amount: 501, code: 'spend' }],
      now,
    );
    expect(r[0]!.result).toBe('exceeds_credits');
    expect((await balance(db, a)).posted).toBe(500);
    await expect(
      db.tx((q) =>
        transfer(q, { id: uuidv7(), debitAccountId: a, creditAccountId: b, amount: 501, code: 'spend' }, now),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    const ok = await createTransfers(
      db,
      [{ id: uuidv7(), debitAccountId: a, creditAccountId: b, amount: 500, code: 'spend' }],
      now,
    );
    expect(ok[0]!.result).toBe('ok');
    expect((await balance(db, a)).available).toBe(0);
  });

  it('are idempotent on the client id: same fields → exists, other fields → CONFLICT', async () => {
    const a = await funded(1_000);
    const b = await funded(0);
    const t = { id: uuidv7(), debitAccountId: a, creditAccountId: b, amount: 300, code: 'spend', ref: 'order-1' };
    expect((await createTransfers(db, [t], now))[0]!.result).toBe('ok');
    expect((await createTransfers(db, [t], now + 5))[0]!.result).toBe('exists');
    expect((await createTransfers(db, [{ ...t, amount: 301 }], now))[0]!.result).toBe('exists_with_different_fields');
    expect((await createTransfers(db, [{ ...t, ref: 'order-2' }], now))[0]!.result).toBe(
      'exists_with_different_fields',
    );
    await expect(db.tx((q) => transfer(q, { ...t, amount: 1 }, now))).rejects.toMatchObject({ code: 'CONFLICT' });
    // the same id twice in one batch: the second finds the first
    const u = { ...t, id: uuidv7() };
    expect((await createTransfers(db, [u, u], now)).map((r) => r.result)).toEqual(['ok', 'exists']);
    expect((await balance(db, a)).posted).toBe(400);
    expect((await balance(db, b)).posted).toBe(600);
  });

  it('answer hostile input with a result code and write nothing', async () => {
    const a = await funded(1_000);
    const b = await funded(0);
    const base = { debitAccountId: a, creditAccountId: b, code: 'spend' };
    const r = await createTransfers(
      db,
      [
        { ...base, id: uuidv7(), amount: -5 },
        { ...base, id: uuidv7(), amount: 0 },
        { ...base, id: uuidv7(), amount: 1.5 },
        { ...base, id: uuidv7(), amount: 10_000_000_001 },
        { ...base, id: uuidv7(), amount: Number.MAX_SAFE_INTEGER + 2 },
        { ...base, id: 'not-a-uuid', amount: 1 },
        { ...base, id: uuidv7(), amount: 1, debitAccountId: uuidv4() },
        { ...base, id: uuidv7(), amount: 1, creditAccountId: uuidv4() },
        { ...base, id: uuidv7(), amount: 1, creditAccountId: a },
        { ...base, id: uuidv7(), amount: '1' },
        null,
        { ...base, id: uuidv7(), amount: 1, code: '' },
      ],
      now,
    );
    expect(r.map((x) => x.result)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'debit_account_not_found',
      'credit_account_not_found',
      'accounts_must_be_different',
      'invalid',
      'invalid',
      'invalid',
    ]);
    expect((await balance(db, a)).posted).toBe(1_000);
  });
});

describe('two-phase transfers', () => {
  it('reserve, then post in full: the reserve counts against availability until posted', async () => {
    const a = await funded(10_000);
    const s = await funded(0);
    const pid = uuidv7();
    await db.tx((q) =>
      transfer(
        q,
        { id: pid, debitAccountId: a, creditAccountId: s, amount: 9_900, pending: true, code: 'virtual' },
        now,
      ),
    );
    expect(await balance(db, a)).toMatchObject({ posted: 10_000, pendingDebits: 9_900, available: 100 });
    expect(
      (
        await createTransfers(
          db,
          [{ id: uuidv7(), debitAccountId: a, creditAccountId: s, amount: 101, code: 'spend' }],
          now,
        )
      )[0]!.result,
    ).toBe('exceeds_credits');
    await db.tx((q) => postPending(q, { id: uuidv7(), postPendingId: pid, code: 'virtual_success' }, now));
    expect(await balance(db, a)).toMatchObject({ posted: 100, pendingDebits: 0, available: 100 });
    expect(await balance(db, s)).toMatchObject({ posted: 9_900, pendingCredits: 0 });
    // resolved once only
    const r = await createTransfers(
      db,
      [
        { id: uuidv7(), postPendingId: pid, code: 'again' },
        { id: uuidv7(), voidPendingId: pid, code: 'again' },
      ],
      now,
    );
    expect(r.map((x) => x.result)).toEqual(['pending_transfer_already_posted', 'pending_transfer_already_posted']);
  });

  it('void releases the whole reserve; a partial post releases the rest', async () => {
    const a = await funded(5_000);
    const s = await funded(0);
    const p1 = uuidv7();
    const p2 = uuidv7();
    await createTransfers(
      db,
      [
        { id: p1, debitAccountId: a, creditAccountId: s, amount: 2_000, pending: true, code: 'r' },
        { id: p2, debitAccountId: a, creditAccountId: s, amount: 3_000, pending: true, code: 'r' },
      ],
      now,
    );
    expect((await balance(db, a)).available).toBe(0);
    await db.tx((q) => voidPending(q, { id: uuidv7(), voidPendingId: p1, code: 'refund' }, now));
    expect((await balance(db, a)).available).toBe(2_000);
    const over = await createTransfers(db, [{ id: uuidv7(), postPendingId: p2, amount: 3_001, code: 'post' }], now);
    expect(over[0]!.result).toBe('exceeds_pending_transfer_amount');
    await db.tx((q) => postPending(q, { id: uuidv7(), postPendingId: p2, amount: 2_500, code: 'post' }, now));
    expect(await balance(db, a)).toMatchObject({ posted: 2_500, pendingDebits: 0, available: 2_500 });
    await expect(
      db.tx((q) => voidPending(q, { id: uuidv7(), voidPendingId: p1, code: 'again' }, now)),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuse post/void of an unknown or non-pending transfer', async () => {
    const a = await funded(100);
    const b = await funded(0);
    const single = uuidv7();
    await createTransfers(db, [{ id: single, debitAccountId: a, creditAccountId: b, amount: 10, code: 'x' }], now);
    const r = await createTransfers(
      db,
      [
        { id: uuidv7(), postPendingId: uuidv4(), code: 'p' },
        { id: uuidv7(), voidPendingId: single, code: 'v' },
      ],
      now,
    );
    expect(r.map((x) => x.result)).toEqual(['pending_transfer_not_found', 'pending_transfer_not_pending']);
  });
});

describe('linked transfers', () => {
  it('commit together or not at all', async () => {
    const a = await funded(1_000);
    const s = await funded(0);
    const g = await funded(0);
    const ok = await createTransfers(
      db,
      [
        { id: uuidv7(), debitAccountId: a, creditAccountId: s, amount: 985, code: 'supply', linked: true },
        { id: uuidv7(), debitAccountId: a, creditAccountId: g, amount: 5, code: 'markup' },
      ],
      now,
    );
    expect(ok.map((x) => x.result)).toEqual(['ok', 'ok']);
    const failed = await createTransfers(
      db,
      [
        { id: uuidv7(), debitAccountId: a, creditAccountId: s, amount: 5, code: 'supply', linked: true },
        { id: uuidv7(), debitAccountId: a, creditAccountId: g, amount: 6, code: 'markup', linked: true }, // 10 left: 5 + 6 > 10
        { id: uuidv7(), debitAccountId: s, creditAccountId: g, amount: 1, code: 'third' },
        { id: uuidv7(), debitAccountId: s, creditAccountId: g, amount: 1, code: 'independent' },
      ],
      now,
    );
    expect(failed.map((x) => x.result)).toEqual([
      'linked_event_failed',
      'exceeds_credits',
      'linked_event_failed',
      'ok',
    ]);
    expect((await balance(db, a)).posted).toBe(10);
    expect((await balance(db, s)).posted).toBe(984);
    const open = await createTransfers(
      db,
      [{ id: uuidv7(), debitAccountId: s, creditAccountId: g, amount: 1, code: 'x', linked: true }],
      now,
    );
    expect(open[0]!.result).toBe('linked_event_chain_open');
  });
});

describe('the database backs the rules', () => {
  it('transfers are immutable and a no-overdraft account cannot be overdrawn even by hand', async () => {
    const a = await funded(100);
    await expect(db.query('UPDATE ledger_transfers SET amount = amount + 1')).rejects.toThrow(/immutable/);
    await expect(db.query('DELETE FROM ledger_transfers')).rejects.toThrow(/immutable/);
    await expect(
      db.query('UPDATE ledger_accounts SET debits_posted = credits_posted + 1 WHERE id = $1', [a]),
    ).rejects.toThrow();
  });
});

describe('concurrency', () => {
  it('many devices spending one prepaid balance at once never overdraw it', async () => {
    // On PostgreSQL these run on 12 connections (and a second pool, as a second cloud process would);
    // on PGlite they interleave on its one connection. Either way exactly balance / price spends succeed.
    const a = await funded(1_000);
    const sink = await funded(0);
    const second = database.url ? await database.open({ poolSize: 6 }) : db;
    const attempts = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? db : second).tx(async (q) => {
        const [r] = await createTransfers(
          q,
          [{ id: uuidv7(), debitAccountId: a, creditAccountId: sink, amount: 100, code: 'spend' }],
          now,
        );
        return r!.result;
      }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r === 'exceeds_credits')).toHaveLength(30);
    expect(await balance(db, a)).toMatchObject({ posted: 0, available: 0 });
  });

  it('concurrent posts and voids of one reserve resolve it exactly once', async () => {
    const a = await funded(1_000);
    const s = await funded(0);
    const pid = uuidv7();
    await createTransfers(
      db,
      [{ id: pid, debitAccountId: a, creditAccountId: s, amount: 700, pending: true, code: 'r' }],
      now,
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.tx(async (q) => {
          const [r] = await createTransfers(
            q,
            [i % 2 ? { id: uuidv7(), postPendingId: pid, code: 'p' } : { id: uuidv7(), voidPendingId: pid, code: 'v' }],
            now,
          );
          return r!.result;
        }),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    const b = await balance(db, a);
    expect(b.pendingDebits).toBe(0);
    expect([300, 1_000]).toContain(b.posted);
  });
});
