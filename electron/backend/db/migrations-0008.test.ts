// sales 0008 moves the lists of kinds (record kinds, cash movement kinds, payment methods) out of CHECK lists
// into the `kinds` table, copied from shared/ at every open (db/kinds.ts). Every row of the three rebuilt
// tables survives with its id; the old rules still hold (now as triggers reading each kind's spec); and a
// kind that shared/ adds later is accepted without any migration or table rebuild.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { declaredKinds, syncKinds } from './kinds';
import { migrate } from './migrate';
import { SALES_MIGRATIONS } from './migrations/index';
import { openDatabases, type Db } from './open';

const upTo = (v: number) => SALES_MIGRATIONS.filter((m) => m.version <= v);

function seeded(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, upTo(7), 'sales.db');
  db.exec(`INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total) VALUES
      ('o1', 'N1', 1, 'e', 500, 0, 500), ('o2', 'N2', 2, 'e', 300, 0, 300);
    INSERT INTO payments (order_id, method, amount, tendered, change) VALUES ('o1', 'cash', 500, 1000, 500);
    INSERT INTO payments (order_id, method, amount, member_id) VALUES ('o2', 'member', 300, 'm1');
    INSERT INTO shifts (id, opened_by, opened_at, opening_float) VALUES ('s1', 'e', 1, 0);
    INSERT INTO cash_movements (id, shift_id, kind, amount, ref, member_id, reason, employee_id, at) VALUES
      ('c1', 's1', 'sale', 500, 'o1', NULL, NULL, 'e', 1),
      ('c2', 's1', 'pay_out', -100, NULL, NULL, '买零钱', 'e', 2),
      ('c3', 's1', 'member_topup', 800, 't1', 'm1', NULL, 'e', 3);
    INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at, acked_at, server_id) VALUES ('order', 'o1', '{}', 1, 1, 5, 'srv');
    INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at, failed_at, last_error) VALUES ('order', 'o2', '{}', 2, 2, 6, '{"code":"CONFLICT","message":"x"}');`);
  return db;
}

describe('migration sales 0008 (kinds table instead of CHECK lists)', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps every row, id and index of outbox, cash_movements and payments', () => {
    const db = seeded();
    const before = ['outbox', 'cash_movements', 'payments'].map((t) => db.prepare(`SELECT rowid, * FROM ${t}`).all());
    expect(migrate(db, upTo(8), 'sales.db')).toContain(8);
    const after = ['outbox', 'cash_movements', 'payments'].map((t) => db.prepare(`SELECT rowid, * FROM ${t}`).all());
    expect(after).toEqual(before);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'cash_movements_once',
        'cash_movements_ref',
        'cash_movements_shift',
        'outbox_unacked',
        'payments_member',
        'payments_order',
      ]),
    );
    // AUTOINCREMENT goes on after the highest id
    const id = db
      .prepare(
        "INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('shift', 's1', '{}', 1, 1)",
      )
      .run().lastInsertRowid;
    expect(id).toBe(3);
  });

  it('still refuses what the CHECK lists refused, now from the kinds table', () => {
    const db = seeded();
    migrate(db, SALES_MIGRATIONS, 'sales.db');
    const outbox = (kind: string, ref: string) =>
      db
        .prepare('INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES (?, ?, ?, 1, 1)')
        .run(kind, ref, '{}');
    expect(() => outbox('refund', 'r1')).toThrow(/not a record kind/);
    expect(() => db.prepare("UPDATE outbox SET kind = 'shift' WHERE ref_id = 'o1'").run()).toThrow(/keeps its kind/);
    const move = db.prepare(
      "INSERT INTO cash_movements (id, shift_id, kind, amount, ref, member_id, reason, employee_id, at) VALUES (?, 's1', ?, ?, ?, ?, ?, 'e', 9)",
    );
    expect(() => move.run('m1', 'tip', 100, 'x', null, null)).toThrow(/not a cash movement kind/);
    expect(() => move.run('m2', 'sale', -200, 'o9', null, null)).toThrow(/wrong sign/);
    expect(() => move.run('m3', 'virtual_refund', 100, 'v1', null, null)).toThrow(/wrong sign/);
    expect(() => move.run('m4', 'pay_out', -100, null, null, null)).toThrow(/manual/); // a pay-out needs its reason
    expect(() => move.run('m5', 'pay_in', 100, 'x', null, 'r')).toThrow(/manual/); // and no ref
    expect(() => move.run('m6', 'sale', 100, 'o8', null, 'r')).toThrow(/manual/); // a sale has no reason
    expect(() => move.run('m7', 'member_topup', 100, 't2', null, null)).toThrow(/member/);
    expect(() => move.run('m8', 'sale', 100, 'o7', 'm1', null)).toThrow(/member/);
    expect(() => move.run('m9', 'sale', 500, 'o1', null, null)).toThrow(/UNIQUE/); // once per sale
    expect(move.run('m10', 'pay_in', 100, null, null, '备用金').changes).toBe(1);
    const pay = db.prepare('INSERT INTO payments (order_id, method, amount, member_id) VALUES (?, ?, 1, ?)');
    expect(() => pay.run('o2', 'wechat', null)).toThrow(/not a payment method/);
    expect(() => pay.run('o2', 'member', null)).toThrow(/member/);
    expect(() => pay.run('o2', 'cash', 'm1')).toThrow(/member/);
    expect(() => db.prepare("DELETE FROM kinds WHERE name = 'sale'").run()).toThrow(/never deleted/);
  });

  it('takes a kind added in shared/ at the next open, with no migration', () => {
    const db = seeded();
    migrate(db, SALES_MIGRATIONS, 'sales.db');
    syncKinds(db);
    const held = db.prepare('SELECT list, name, spec FROM kinds ORDER BY list, name').all();
    expect(held).toEqual(
      declaredKinds()
        .map(([list, name, spec]) => ({ list, name, spec }))
        .sort((a, b) => a.list.localeCompare(b.list) || a.name.localeCompare(b.name)),
    );
    // what a later build's syncKinds does for a new kind: one row, and the rules follow its spec at once
    db.prepare("INSERT INTO kinds (list, name, spec) VALUES ('record', 'refund', '{}')").run();
    db.prepare(
      "INSERT INTO kinds (list, name, spec) VALUES ('cash_movement', 'future_refund', '{\"sign\":-1,\"once\":true}')",
    ).run();
    db.prepare(
      "INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('refund', 'r1', '{}', 1, 1)",
    ).run();
    const move = db.prepare(
      "INSERT INTO cash_movements (id, shift_id, kind, amount, ref, employee_id, at) VALUES (?, 's1', 'future_refund', ?, 'ret1', 'e', 9)",
    );
    expect(() => move.run('n1', 300)).toThrow(/wrong sign/);
    expect(move.run('n2', -300).changes).toBe(1);
  });

  it('openDatabases copies the lists in, and writes nothing when they are current', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-kinds-'));
    dirs.push(dir);
    const first = openDatabases(dir);
    const n = first.sales.prepare('SELECT count(*) FROM kinds').pluck().get();
    expect(n).toBe(declaredKinds().length);
    first.close();
    const again = openDatabases(dir);
    const changes = again.sales.prepare('SELECT total_changes()').pluck().get();
    expect(changes).toBe(0);
    again.close();
  });
});
