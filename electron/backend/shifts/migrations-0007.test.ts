// sales 0007 rebuilds the outbox so it may carry closed shifts (kind 'shift'). Every existing row survives
// with its id and every column (acked, parked, waiting), the unacked index is back, AUTOINCREMENT goes on
// after the highest id, and the kind CHECK still refuses anything else. Shifts closed before the upgrade are
// queued behind everything, with the very payload a close builds now (shifts/wire.ts).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { SALES_MIGRATIONS } from '../db/migrations/index';
import type { Db } from '../db/open';
import { parseRecord } from '../sync/outbox';
import { createDrawer } from './drawer';
import { shiftWire } from './wire';

describe('migration sales 0007 (outbox carries shifts)', () => {
  it('keeps every outbox row and index, and accepts kind shift', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const v7 = SALES_MIGRATIONS.findIndex((m) => m.version === 7);
    expect(SALES_MIGRATIONS[v7]!.name).toBe('0007_outbox_shifts');
    migrate(db, SALES_MIGRATIONS.slice(0, v7), 'sales.db');
    const ins =
      db.prepare(`INSERT INTO outbox (kind, ref_id, payload, created_at, attempts, next_attempt_at, last_error, acked_at, server_id, failed_at)
      VALUES ('order', ?, ?, 1, ?, 2, ?, ?, ?, ?)`);
    ins.run('o1', '{"a":1}', 1, null, 10, 'srv-1', null); // acked
    ins.run('o2', '{"a":2}', 3, '{"code":"OFFLINE","message":"x"}', null, null, null); // waiting
    ins.run('o3', '{"a":3}', 1, '{"code":"CONFLICT","message":"y"}', null, null, 20); // parked
    expect(() =>
      db
        .prepare(
          "INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('shift', 's0', '{}', 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    // two shifts closed before the upgrade (one with a sale, cash in and out; one auto-opened), one still open
    const emp = '0190f5a0-0000-7000-8000-000000000001';
    const drawer = createDrawer(db as unknown as Db);
    drawer.open({ employeeId: emp, openingFloat: 10_000, now: 100, auto: false });
    db.prepare(
      "INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total, shift_id) VALUES ('0190f5a0-0000-7000-8000-0000000000a1', 'N1', 101, ?, 800, 0, 800, ?)",
    ).run(emp, drawer.current()!.id);
    drawer.record({
      kind: 'sale',
      amount: 800,
      ref: '0190f5a0-0000-7000-8000-0000000000a1',
      employeeId: emp,
      now: 101,
    });
    drawer.record({ kind: 'pay_out', amount: -2_000, reason: '交给老板', employeeId: emp, now: 102 });
    drawer.record({ kind: 'pay_in', amount: 500, reason: '补零钱', employeeId: emp, now: 103 });
    const first = drawer.close({ employeeId: emp, countedCash: 9_000, note: '少了三块', now: 200 });
    drawer.record({ kind: 'sale', amount: 300, ref: 'o-x', employeeId: emp, now: 300 }); // auto-opens
    const second = drawer.close({ employeeId: emp, countedCash: 300, note: null, now: 400 });
    drawer.open({ employeeId: emp, openingFloat: 0, now: 500, auto: false });
    const wires = [first, second].map((r) => shiftWire(r, drawer.totals(r)));
    const before = db.prepare('SELECT * FROM outbox ORDER BY id').all();

    expect(migrate(db, SALES_MIGRATIONS.slice(0, v7 + 1), 'sales.db')).toContain(7);
    expect(db.prepare('SELECT * FROM outbox WHERE id <= 3 ORDER BY id').all()).toEqual(before);
    const queued = db
      .prepare("SELECT id, ref_id, payload, created_at FROM outbox WHERE kind = 'shift' ORDER BY id")
      .all() as { id: number; ref_id: string; payload: string; created_at: number }[];
    expect(queued.map((q) => [q.id, q.ref_id, q.created_at])).toEqual([
      [4, first.id, 200],
      [5, second.id, 400],
    ]);
    // a shift queued before takings by method existed carries none (the field is optional on the wire)
    queued.forEach((q, i) =>
      expect(parseRecord('shift', JSON.parse(q.payload))).toEqual({ ...wires[i], takingsByMethod: undefined }),
    );
    expect(wires[0]).toMatchObject({
      openingFloat: 10_000,
      expectedCash: 9_300,
      difference: -300,
      autoOpened: false,
      salesCount: 1,
      note: '少了三块',
    });
    expect(wires[1]).toMatchObject({ openingFloat: 0, autoOpened: true, cashByKind: { sale: 300 } });
    const idx = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name NOT LIKE 'sqlite_autoindex%'",
      )
      .pluck()
      .all();
    expect(idx).toEqual(['outbox_unacked']);
    // the queue goes on after the last id; a shift row is accepted, anything else is not, ref ids stay unique
    const id = db
      .prepare(
        "INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('shift', 's1', '{}', 1, 1)",
      )
      .run().lastInsertRowid;
    expect(id).toBe(6);
    expect(() =>
      db
        .prepare(
          "INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('refund', 'r1', '{}', 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('order', 'o1', '{}', 1, 1)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT id FROM outbox WHERE acked_at IS NULL ORDER BY id').pluck().all()).toEqual([
      2, 3, 4, 5, 6,
    ]);
    db.close();
  });
});
