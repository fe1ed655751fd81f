// sales 0007 rebuilds the outbox so it may carry closed shifts (kind 'shift'). Every existing row survives
// with its id and every column (acked, parked, waiting), the unacked index is back, AUTOINCREMENT goes on
// after the highest id, and the kind CHECK still refuses anything else.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { SALES_MIGRATIONS } from '../db/migrations/index';

describe('migration sales 0007 (outbox carries shifts)', () => {
  it('keeps every outbox row and index, and accepts kind shift', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const v7 = SALES_MIGRATIONS.findIndex((m) => m.version === 7);
    expect(SALES_MIGRATIONS[v7]!.name).toBe('0007_outbox_shifts');
    migrate(db, SALES_MIGRATIONS.slice(0, v7), 'sales.db');
    const ins = db.prepare(`INSERT INTO outbox (kind, ref_id, payload, created_at, attempts, next_attempt_at, last_error, acked_at, server_id, failed_at)
      VALUES ('order', ?, ?, 1, ?, 2, ?, ?, ?, ?)`);
    ins.run('o1', '{"a":1}', 1, null, 10, 'srv-1', null); // acked
    ins.run('o2', '{"a":2}', 3, '{"code":"OFFLINE","message":"x"}', null, null, null); // waiting
    ins.run('o3', '{"a":3}', 1, '{"code":"CONFLICT","message":"y"}', null, null, 20); // parked
    expect(() => db.prepare("INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('shift', 's0', '{}', 1, 1)").run()).toThrow(/CHECK/);
    const before = db.prepare('SELECT * FROM outbox ORDER BY id').all();

    expect(migrate(db, SALES_MIGRATIONS, 'sales.db')).toContain(7);
    expect(db.prepare('SELECT * FROM outbox ORDER BY id').all()).toEqual(before);
    const idx = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name NOT LIKE 'sqlite_autoindex%'").pluck().all();
    expect(idx).toEqual(['outbox_unacked']);
    // the queue goes on after the last id; a shift row is accepted, anything else is not, ref ids stay unique
    const id = db.prepare("INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('shift', 's1', '{}', 1, 1)").run().lastInsertRowid;
    expect(id).toBe(4);
    expect(() => db.prepare("INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('refund', 'r1', '{}', 1, 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO outbox (kind, ref_id, payload, created_at, next_attempt_at) VALUES ('order', 'o1', '{}', 1, 1)").run()).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT id FROM outbox WHERE acked_at IS NULL ORDER BY id").pluck().all()).toEqual([2, 3, 4]);
    db.close();
  });
});
