// sales 0004 rebuilds `payments` (method 'member' + member_id) and adds seats and the virtual-order
// journal; catalog 0004 adds the members snapshot. Existing sales survive the rebuild unchanged.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { CATALOG_MIGRATIONS, SALES_MIGRATIONS } from '../db/migrations/index';

describe('migrations 0004 (members, seats, virtual journal)', () => {
  it('sales: keeps every existing payment, then takes member payments with their member only', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      SALES_MIGRATIONS.filter((m) => m.version < 4),
      'sales.db',
    );
    db.prepare(
      "INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total) VALUES ('o1', 'N1', 1, 'e', 500, 0, 500)",
    ).run();
    db.prepare(
      "INSERT INTO payments (order_id, method, amount, tendered, change) VALUES ('o1', 'cash', 500, 1000, 500)",
    ).run();
    migrate(
      db,
      SALES_MIGRATIONS.filter((m) => m.version <= 4),
      'sales.db',
    );
    expect(db.prepare('SELECT id, order_id, method, amount, tendered, change, member_id FROM payments').all()).toEqual([
      { id: 1, order_id: 'o1', method: 'cash', amount: 500, tendered: 1000, change: 500, member_id: null },
    ]);
    db.prepare(
      "INSERT INTO orders (id, number, created_at, employee_id, subtotal, discount, total, seat) VALUES ('o2', 'N2', 2, 'e', 300, 30, 270, 'A23')",
    ).run();
    db.prepare("INSERT INTO payments (order_id, method, amount, member_id) VALUES ('o2', 'member', 270, 'm1')").run();
    expect(() =>
      db.prepare("INSERT INTO payments (order_id, method, amount) VALUES ('o2', 'member', 1)").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO payments (order_id, method, amount, member_id) VALUES ('o2', 'cash', 1, 'm1')").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO payments (order_id, method, amount, member_id) VALUES ('nope', 'member', 1, 'm1')").run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE orders SET seat = '123456789' WHERE id = 'o2'").run()).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO virtual_orders (client_order_id, product_id, product_name, employee_id, submitted_at, status, updated_at) VALUES ('c', 'p', 'x', 'e', 1, 'lost', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('catalog: the members snapshot with its lookup indexes', () => {
    const db = new Database(':memory:');
    migrate(db, CATALOG_MIGRATIONS, 'catalog.db');
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining(['members_card_no', 'members_name', 'members_phone', 'members_phone_rev']),
    );
    expect(() =>
      db
        .prepare(
          "INSERT INTO members (id, card_no, name, level, discount_bps, balance, offline_allowance, seq) VALUES ('m', 'c', 'n', 'l', 10001, 0, 0, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
