// What the counter's member acts leave on the till (members/store.ts), on a real sales.db and catalog.db: a
// cash top-up's audit row and its drawer movement commit together or not at all, the movement once per
// clientId; an act audited once per clientId; a new card in the snapshot loses to the feed's own row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/chain';
import { openDatabases, type Databases } from '../db/open';
import { createDrawer } from '../shifts/drawer';
import { tempDir } from '../testing/harness';
import { createMemberStore } from './store';
import { createMemberSnapshot } from './snapshot';
import { MAX_FEN } from '../../../shared/money';
import { zMember, type Member } from '../../../shared/sync/protocol';

const T = Date.UTC(2026, 2, 10, 2, 0, 0);
const entry = (clientId: string, at = T): AuditEntry & { details: { clientId: string } } => ({
  at,
  actorId: 'e1',
  deviceId: 'd1',
  action: 'member.topup',
  target: 'm1',
  outcome: 'ok',
  details: { clientId },
});

describe('the member store', () => {
  let dir: ReturnType<typeof tempDir>;
  let dbs: Databases;
  beforeAll(() => {
    dir = tempDir();
    dbs = openDatabases(dir.dir);
  });
  afterAll(() => {
    dbs.close();
    dir.cleanup();
  });
  const audits = () => dbs.sales.prepare("SELECT count(*) FROM audit_log WHERE action = 'member.topup'").pluck().get();
  const topupCash = () =>
    dbs.sales.prepare("SELECT coalesce(sum(amount), 0) FROM cash_movements WHERE kind = 'member_topup'").pluck().get();

  it('writes a top-up’s audit row and its cash in one transaction, the cash once per clientId', () => {
    const store = createMemberStore(dbs);
    store.recordTopup(entry('c1'), { memberId: 'm1', amountFen: 5_000, ref: 'c1', employeeId: 'e1' });
    // a retry the cloud answered with its first answer: audited again, no second movement
    store.recordTopup(entry('c1'), { memberId: 'm1', amountFen: 5_000, ref: 'c1', employeeId: 'e1' });
    expect(topupCash()).toBe(5_000);
    expect(audits()).toBe(2);
    // cash the shift cannot take (past its wire's limit): the audit row goes with it
    expect(() =>
      store.recordTopup(entry('c2'), { memberId: 'm1', amountFen: MAX_FEN, ref: 'c2', employeeId: 'e1' }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(topupCash()).toBe(5_000);
    expect(audits()).toBe(2);
    expect(createDrawer(dbs.sales).current()?.opened_by).toBe('e1');
  });

  it('audits an act once per clientId', () => {
    const store = createMemberStore(dbs);
    const refund = { ...entry('r1'), action: 'member.refund' as const };
    store.auditOnce(refund);
    store.auditOnce(refund);
    expect(dbs.sales.prepare("SELECT count(*) FROM audit_log WHERE action = 'member.refund'").pluck().get()).toBe(1);
  });

  it('writes a new card into the snapshot with seq 0, so the feed’s row wins', () => {
    const store = createMemberStore(dbs);
    const card: Member = zMember.parse({
      id: '01900000-0000-7000-8000-000000000001',
      cardNo: '8800001',
      phone: '13800138000',
      name: '张三',
      level: 'normal',
      discountBps: 10_000,
      balance: 0,
      offlineAllowance: 0,
    });
    store.upsertSnapshot({ ...card, balance: 2_000 }, 1); // the feed's row came first
    store.upsertSnapshot(card, 0);
    expect(createMemberSnapshot(dbs.catalog).get(card.id)?.balance).toBe(2_000);
  });
});
