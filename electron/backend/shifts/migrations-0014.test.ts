// sales 0014 adds the covers of a shift (代班), the covering mark on cash movements and the float of an
// auto-opened shift. Earlier movements stay the opener's (covering 0); covers are append-only.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { syncKinds } from '../db/kinds';
import { migrate } from '../db/migrate';
import { SALES_MIGRATIONS } from '../db/migrations/index';

describe('migration sales 0014 (shift covers)', () => {
  it('keeps earlier movements as the opener’s, and keeps covers append-only', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const v14 = SALES_MIGRATIONS.findIndex((m) => m.version === 14);
    expect(SALES_MIGRATIONS[v14]!.name).toBe('0014_shift_covers');
    migrate(db, SALES_MIGRATIONS.slice(0, v14), 'sales.db');
    syncKinds(db);
    db.prepare(
      "INSERT INTO shifts (id, opened_by, opened_at, opening_float, auto_opened) VALUES ('s1', 'e', 1, 0, 1)",
    ).run();
    db.prepare(
      "INSERT INTO cash_movements (id, shift_id, kind, amount, ref, employee_id, at) VALUES ('m1', 's1', 'sale', 200, 'o1', 'e', 1)",
    ).run();
    expect(migrate(db, SALES_MIGRATIONS.slice(0, v14 + 1), 'sales.db')).toContain(14);
    expect(db.prepare('SELECT id, covering FROM cash_movements').all()).toEqual([{ id: 'm1', covering: 0 }]);
    expect(db.prepare('SELECT float_set_at FROM shifts').pluck().get()).toBeNull();

    const cover = db.prepare('INSERT INTO shift_covers (shift_id, employee_id, at) VALUES (?, ?, 2)');
    cover.run('s1', 'f');
    expect(() => cover.run('s1', 'f')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => cover.run('nope', 'f')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('UPDATE shift_covers SET at = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM shift_covers').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO cash_movements (id, shift_id, kind, amount, ref, employee_id, at, covering) VALUES ('m2', 's1', 'sale', 1, 'o2', 'f', 2, 2)",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
