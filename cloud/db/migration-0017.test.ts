// Migration 0017 (limits on money the counter takes in) on a database holding employees from before it:
// those handling cash at the counter (members, shifts) without a cap get ¥20,000 a day, so their top-ups and
// pay-outs keep working now that they count; the master, those who may move the prepaid balance and those
// with a cap of their own keep theirs. Outlets get the ¥5,000 member top-up maximum; transfers stay transfers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASH_HANDLER_DAILY_CAP_FEN, DEFAULT_MEMBER_TOPUP_MAX_FEN } from '../../shared/limits';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { loadMigrations, migrate } from './migrate';
import type { CloudDb } from './types';

let database: TestDatabase;
let db: CloudDb;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open({ migrate: false });
});
afterAll(async () => {
  await database.drop();
});

const OUTLET = '00000000-0000-4000-8000-000000001301';
const emp = (n: number) => `00000000-0000-4000-8000-0000000013${String(n).padStart(2, '0')}`;

describe('0017_money_limits', () => {
  it('gives cash handlers without a cap a starting cap, and nobody else', async () => {
    await migrate(db, loadMigrations(), 16);
    await db.query("INSERT INTO organizations (id, type, name, created_at) VALUES ($1, 'outlet', '老网点', 0)", [
      OUTLET,
    ]);
    const people: [number, boolean, string[], number][] = [
      [1, true, [], 0], // the master
      [2, false, ['sale.sell', 'shift.manage'], 0], // a cashier
      [3, false, ['member.manage'], 0], // a member clerk
      [4, false, ['shift.manage', 'money.transfer'], 0], // may move the prepaid balance: keeps 0
      [5, false, ['shift.manage'], 50_000], // a cap of their own
      [6, false, ['report.view'], 0], // no cash at the counter
    ];
    for (const [n, master, perms, cap] of people)
      await db.query(
        'INSERT INTO employees (id, org_id, username, name, password_hash, is_master, permissions, daily_transfer_cap_fen, created_at) VALUES ($1, $2, $3, $3, $4, $5, $6, $7, 0)',
        [emp(n), OUTLET, `e${n}`, 'x', master, perms, cap],
      );
    await db.query(
      "INSERT INTO money_movements (id, org_id, employee_id, to_account, amount, created_at) VALUES (gen_random_uuid(), $1, $2, 'acct', 100, 0)",
      [OUTLET, emp(4)],
    );
    expect(await migrate(db, loadMigrations(), 17)).toEqual([17]);
    const caps = await db.query<{ username: string; cap: string }>(
      'SELECT username, daily_transfer_cap_fen::text AS cap FROM employees ORDER BY username',
    );
    expect(caps.rows.map((r) => [r.username, Number(r.cap)])).toEqual([
      ['e1', 0],
      ['e2', CASH_HANDLER_DAILY_CAP_FEN],
      ['e3', CASH_HANDLER_DAILY_CAP_FEN],
      ['e4', 0],
      ['e5', 50_000],
      ['e6', 0],
    ]);
    const org = await db.query<{ m: string }>('SELECT member_topup_max_fen::text AS m FROM organizations');
    expect(Number(org.rows[0]!.m)).toBe(DEFAULT_MEMBER_TOPUP_MAX_FEN);
    expect((await db.query<{ kind: string }>('SELECT kind FROM money_movements')).rows).toEqual([{ kind: 'transfer' }]);
  });
});
