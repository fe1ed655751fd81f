// Staff cards (员工卡): the owner binds and removes them (second factors, audited, never the number in clear); a
// card alone approves an override at a till (POST /v1/auth/override), counted as a guess per device before it
// is compared; the employee feed carries the outlet's cards (hashes only) for offline approval.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_CARD_PATHS, cloudPath } from '../../shared/api/cloud-routes';
import { PATHS, zCatalogChangesResponse, zOverrideResponse } from '../../shared/sync/protocol';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { DEMO } from '../seed/demo';
import { createWorld, type TestWorld } from '../test-support/world';
import { REFUSAL_LIMITS } from './refusal-limit';
import { EmployeeClient, injectSend } from './testing/client';

const SUPER = 'owner-super-pw';
const CARD = '0012345678';

describe('staff cards', () => {
  let w: TestWorld;
  let owner: EmployeeClient;
  let supId: string;
  const cardOf = (id: string) => cloudPath(STAFF_CARD_PATHS.card, { id });
  const removeOf = (id: string) => cloudPath(STAFF_CARD_PATHS.remove, { id });
  const override = (card: string, act = 'discount', cashierId = DEMO.cashier.id) =>
    owner.call('POST', PATHS.override, { card, act, cashierId }, { token: null });

  beforeAll(async () => {
    w = await createWorld();
    owner = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await owner.login('owner', 'owner888')).status).toBe(200);
    expect(
      (await owner.call('PUT', '/v1/me/super-password', { password: 'owner888', superPassword: SUPER })).status,
    ).toBe(200);
    supId = randomUUID();
    await w.db.query(
      "INSERT INTO employees (id, org_id, username, name, password_hash, permissions, created_at) VALUES ($1, $2, 'sup', '值班主管', $3, $4, 0)",
      [supId, DEMO.outletId, await hashPassword('sup-login'), ['sale.sell', 'sale.discount', 'sale.refund']],
    );
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it('binds a card with the second factors: only a salted hash and the last 4 are kept, audited without the number', async () => {
    const noFactor = await owner.call('PUT', cardOf(supId), { card: CARD });
    expect(noFactor.body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    // full-width digits from an IME and spaces around are the same card
    const r = await owner.call('PUT', cardOf(supId), { card: ' ００１２３４５６７８ ' }, { superPassword: SUPER });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.employee).toMatchObject({ id: supId, cardHint: '5678' });
    const row = (await w.db.query<{ card_hash: string }>('SELECT card_hash FROM employees WHERE id = $1', [supId]))
      .rows[0]!;
    expect(row.card_hash).toMatch(/^scrypt\$/);
    expect(row.card_hash).not.toContain(CARD);
    expect(await verifyPassword(CARD, row.card_hash)).toBe(true);
    const audit = await w.db.query<{ outcome: string; before: unknown; after: unknown }>(
      "SELECT outcome, before, after FROM audit_log WHERE action = 'employee.card_set' ORDER BY id",
    );
    expect(audit.rows.map((a) => a.outcome)).toEqual(['refused', 'ok']);
    expect(JSON.stringify(audit.rows)).not.toContain(CARD);
    expect(audit.rows[1]).toMatchObject({ before: { cardHint: null }, after: { cardHint: '5678' } });
    const list = await owner.call('GET', '/v1/employees');
    expect(list.body.employees.find((e: { id: string }) => e.id === supId).cardHint).toBe('5678');
  });

  it('refuses bad card numbers and a card that already belongs to someone else', async () => {
    for (const card of ['1234567', 'ABC-12345', 'x'.repeat(33)]) {
      const r = await owner.call('PUT', cardOf(DEMO.cashier.id), { card }, { superPassword: SUPER });
      expect(r.body.error.code, card).toBe('VALIDATION');
    }
    const dup = await owner.call('PUT', cardOf(DEMO.cashier.id), { card: CARD }, { superPassword: SUPER });
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'CARD_TAKEN', employee: 'sup' } });
    const cashier = await w.db.query('SELECT card_hash FROM employees WHERE id = $1', [DEMO.cashier.id]);
    expect(cashier.rows[0]).toEqual({ card_hash: null });
  });

  it('a card alone approves an override: the answer names the supervisor, audited by card', async () => {
    const r = await override(CARD.toLowerCase());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(zOverrideResponse.parse(r.body).employee).toMatchObject({ id: supId, username: 'sup' });
    const { rows } = await w.db.query(
      "SELECT actor_id, target, outcome, details FROM audit_log WHERE action = 'auth.override' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]).toMatchObject({
      actor_id: supId,
      target: DEMO.cashier.id,
      outcome: 'ok',
      details: { act: 'discount', by: 'card' },
    });
    // permission and self-override rules are the login's
    expect((await override(CARD, 'refund_no_receipt')).body.error).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'SUPERVISOR_LACKS_PERMISSION' },
    });
    expect((await override(CARD, 'discount', supId)).body.error.details.reason).toBe('SELF_OVERRIDE');
  });

  it('the feed carries the outlet’s cards as hashes with the employee; a disabled employee’s card is dropped and refused', async () => {
    const feed = async () =>
      zCatalogChangesResponse.parse(
        (await owner.call('GET', `${PATHS.catalogChanges}?cursor=999999999&limit=1`, undefined, { token: null })).body,
      );
    const before = await feed();
    expect(before.staffCards).toHaveLength(1);
    expect(before.staffCards![0]).toMatchObject({ employeeId: supId, employee: { username: 'sup' } });
    expect(before.staffCards![0]!.employee.permissions).toContain('sale.discount');
    expect(await verifyPassword(CARD, before.staffCards![0]!.verifier)).toBe(true);

    await w.db.query('UPDATE employees SET disabled_at = $2 WHERE id = $1', [supId, w.clock.now]);
    expect((await feed()).staffCards).toEqual([]);
    expect((await override(CARD)).body.error.code).toBe('BAD_CREDENTIALS');
    await w.db.query('UPDATE employees SET disabled_at = NULL WHERE id = $1', [supId]);
    expect((await override(CARD)).status).toBe(200);
  });

  it('a removed card (挂失) approves nothing and leaves the feed', async () => {
    const r = await owner.call('POST', removeOf(supId), {}, { superPassword: SUPER });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.employee.cardHint).toBeNull();
    expect((await override(CARD)).body.error.code).toBe('BAD_CREDENTIALS');
    const audit = await w.db.query(
      "SELECT before, after FROM audit_log WHERE action = 'employee.card_remove' AND outcome = 'ok'",
    );
    expect(audit.rows).toEqual([{ before: { cardHint: '5678' }, after: { cardHint: null } }]);
  });

  it('wrong cards are counted per device before any comparison, up to the refusal limit', async () => {
    const { rows } = await w.db.query<{ n: number }>(
      "SELECT n FROM refusal_counts WHERE scope = 'account' AND key = $1",
      [`card@${owner.device.id}`],
    );
    const used = rows.reduce((s, r) => s + Number(r.n), 0);
    expect(used).toBeGreaterThan(0);
    await w.db.query('DELETE FROM refusal_counts');
    for (let i = 0; i < REFUSAL_LIMITS.account.max; i++)
      expect((await override(`99999999${String(i).padStart(2, '0')}`)).body.error.code).toBe('BAD_CREDENTIALS');
    // the limit is reached: even a right card is now refused without being compared
    await owner.call('PUT', cardOf(supId), { card: CARD }, { superPassword: SUPER });
    expect((await override(CARD)).body.error.code).toBe('RATE_LIMITED');
  }, 60_000);
});
