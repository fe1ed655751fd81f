// sales 0006 adds shifts, cash movements and orders.shift_id. Existing sales survive with no shift; the
// file itself keeps one open shift at most, signs the amounts by kind, one movement per (kind, ref), and
// refuses to edit history.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { SALES_MIGRATIONS } from '../db/migrations/index';

describe('migration sales 0006 (shifts and cash movements)', () => {
  it('keeps earlier sales (no shift), and enforces the drawer rules in SQL', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const v6 = SALES_MIGRATIONS.findIndex((m) => m.version === 6);
    expect(SALES_MIGRATIONS[v6]!.name).toBe('0006_shifts_and_cash');
    migrate(db, SALES_MIGRATIONS.slice(0, v6), 'sales.db');
    db.prepare(
      "INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total) VALUES ('o1', 'N1', 1, 'e', 500, 0, 500)",
    ).run();
    expect(migrate(db, SALES_MIGRATIONS.slice(0, v6 + 1), 'sales.db')).toContain(6);
    expect(db.prepare('SELECT id, total, shift_id FROM orders').all()).toEqual([
      { id: 'o1', total: 500, shift_id: null },
    ]);

    const openShift = db.prepare('INSERT INTO shifts (id, opened_by, opened_at, opening_float) VALUES (?, ?, 1, 0)');
    openShift.run('s1', 'e');
    expect(() => openShift.run('s2', 'e')).toThrow(/UNIQUE/); // one open shift per till
    expect(() =>
      db.prepare("INSERT INTO shifts (id, opened_by, opened_at, opening_float) VALUES ('s3', 'e', 1, -1)").run(),
    ).toThrow(/CHECK/);

    const move = db.prepare(
      "INSERT INTO cash_movements (id, shift_id, kind, amount, ref, member_id, reason, employee_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, 'e', 1)",
    );
    move.run('m1', 's1', 'sale', 200, 'o1', null, null);
    expect(() => move.run('m2', 's1', 'sale', 200, 'o1', null, null)).toThrow(/UNIQUE/); // once per (kind, ref)
    expect(() => move.run('m3', 's1', 'sale', -200, 'o9', null, null)).toThrow(/CHECK/); // a sale brings cash in
    expect(() => move.run('m4', 's1', 'virtual_refund', 100, 'c1', null, null)).toThrow(/CHECK/); // a hand-back takes it out
    expect(() => move.run('m5', 's1', 'pay_out', -100, null, null, null)).toThrow(/CHECK/); // a pay-out needs its reason
    expect(() => move.run('m6', 's1', 'member_topup', 100, 'c2', null, null)).toThrow(/CHECK/); // and a member top-up its member
    expect(() => move.run('m7', 'nope', 'pay_in', 100, null, null, '备用金')).toThrow(/FOREIGN KEY/);
    move.run('m8', 's1', 'pay_out', -100, null, null, '买零钱');
    move.run('m9', 's1', 'member_topup', 5_000, 't1', 'member-1', null);
    expect(() => move.run('m10', 's1', 'member_topup', 5_000, 't1', 'member-1', null)).toThrow(/UNIQUE/);
    // a virtual order's cash may go out and in again (refused, retried): kept by its running sum in code
    move.run('m11', 's1', 'virtual_sale', 100, 'c3', null, null);
    move.run('m12', 's1', 'virtual_refund', -100, 'c3', null, null);
    move.run('m13', 's1', 'virtual_sale', 100, 'c3', null, null);
    expect(() => db.prepare("UPDATE cash_movements SET amount = 1 WHERE id = 'm1'").run()).toThrow(/append-only/);

    // closing must fill every closing column, with difference = counted − expected; then the row is frozen
    expect(() => db.prepare("UPDATE shifts SET closed_at = 2, closed_by = 'e' WHERE id = 's1'").run()).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "UPDATE shifts SET closed_at = 2, closed_by = 'e', counted_cash = 100, expected_cash = 100, difference = 5 WHERE id = 's1'",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      "UPDATE shifts SET closed_at = 2, closed_by = 'e', counted_cash = 90, expected_cash = 100, difference = -10 WHERE id = 's1'",
    ).run();
    expect(() => db.prepare("UPDATE shifts SET note = 'x' WHERE id = 's1'").run()).toThrow(/closed shift/);
    expect(() => db.prepare("DELETE FROM shifts WHERE id = 's1'").run()).toThrow(/never deleted/);
    openShift.run('s2', 'e'); // the next shift may open once the last one is closed
    db.close();
  });
});
