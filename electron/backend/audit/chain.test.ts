import { afterEach, describe, expect, it } from 'vitest';
import { openDatabases, type Databases } from '../db/open';
import { tempDir } from '../testing/harness';
import { appendAudit, verifyAuditChain } from './chain';

describe('sales.db audit chain', () => {
  let t: ReturnType<typeof tempDir>;
  let dbs: Databases;
  afterEach(() => {
    dbs?.close();
    t?.cleanup();
  });

  it('commits with the act, verifies, refuses UPDATE, and finds a row tampered after dropping the trigger', () => {
    t = tempDir();
    dbs = openDatabases(t.dir);
    const db = dbs.sales;
    appendAudit(db, { at: 1, actorId: 'e1', deviceId: 'd1', action: 'auth.login', outcome: 'ok' });
    // an act that rolls back takes its audit row with it
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { at: 2, actorId: 'e1', action: 'sale.checkout', outcome: 'ok', details: { total: 350 } });
        throw new Error('checkout failed');
      })(),
    ).toThrow('checkout failed');
    db.transaction(() =>
      appendAudit(db, {
        at: 3,
        actorId: 'e1',
        action: 'sale.checkout',
        target: 'order-1',
        outcome: 'ok',
        details: { total: 350 },
      }),
    )();
    appendAudit(db, { at: 4, actorId: 'e1', action: 'auth.logout', outcome: 'ok' });
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 3 });

    expect(() =>
      db.prepare("UPDATE audit_log SET details = '{\"total\":1}' WHERE action = 'sale.checkout'").run(),
    ).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.exec(
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{\"total\":1}' WHERE action = 'sale.checkout'",
    );
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'hash' });
  });
});
