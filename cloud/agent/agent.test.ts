// Done means: the agent's master registers a back-office PC to the agent and logs in on it (an outlet's
// account cannot); a +¥0.80 markup on the China Mobile ¥100 source makes the outlet's virtual order cost
// ¥98.50 + ¥0.80 and republishes the product in the outlet's feed; a category the agent adds under the
// outlet's tree (and renames) reaches the outlet's change feed; agent devices cannot push orders, read the
// catalog feed, order virtual goods, reach members or move money; outlet devices cannot call agent routes.
// (The agent's own employees, devices and security: own-organisation.test.ts; outlets' sources: outlet-sources.test.ts.)
// Real HTTP (inject), real database (PGlite, or PostgreSQL with DATABASE_URL).
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, VIRTUAL_PATHS } from '../../shared/sync/protocol';
import { DEMO, demoCatalog } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { feedAfter, lastFeedSeq } from '../test-support/feed';
import { hashPassword } from '../auth/passwords';
import { createVirtualWorld, PHONES, type VirtualWorld } from '../virtual/test-world';

const SUPER = 'agent-super-1';
const sp = { superPassword: SUPER };

describe('agent back office', () => {
  let w: VirtualWorld;
  let agent: EmployeeClient;
  let outlet: EmployeeClient;

  beforeAll(async () => {
    w = await createVirtualWorld();
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = ANY($2::uuid[])', [
      await hashPassword(SUPER),
      [DEMO.agentMaster.id, DEMO.master.id],
    ]);
    agent = await EmployeeClient.register(injectSend(w.app), () => w.clock.now, {
      username: DEMO.agentMaster.username,
      password: DEMO.agentMaster.password,
    });
    expect((await agent.login(DEMO.agentMaster.username, DEMO.agentMaster.password)).status).toBe(200);
    expect((await agent.call('GET', '/v1/me', undefined, sp)).status).toBe(200);
    outlet = await EmployeeClient.register(injectSend(w.app), () => w.clock.now);
    expect((await outlet.login(DEMO.master.username, DEMO.master.password)).status).toBe(200);
    expect((await outlet.call('GET', '/v1/me', undefined, sp)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const readFeed = (cursor: number) => feedAfter(outlet, cursor);
  const lastSeq = () => lastFeedSeq(w.db);

  it('the agent device logs in only the agent’s employees and sees its outlets', async () => {
    const other = agent.fork();
    expect((await other.login(DEMO.master.username, DEMO.master.password)).body.error.code).toBe('BAD_CREDENTIALS');
    const r = await agent.call('GET', '/v1/agent/outlets');
    expect(r.status).toBe(200);
    expect(r.body.outlets).toEqual([{ id: DEMO.outletId, name: DEMO.outletName, timezone: DEMO.timezone }]);
  });

  it('a +¥0.80 markup on China Mobile ¥100 makes the outlet’s cost ¥99.30 and reaches its feed', async () => {
    const productId = w.product('topup', 10000, 'cmcc');
    const sourceId = demoCatalog().products.find((p) => p.id === productId)!.sourceId!;
    const before = (await agent.call('GET', '/v1/agent/sources')).body.sources.find(
      (s: { id: string }) => s.id === sourceId,
    );
    expect(before).toMatchObject({
      kind: 'topup',
      carrier: 'cmcc',
      faceValue: 10000,
      supplyPrice: 9850,
      markup: 50,
      cost: 9900,
      rule: null,
    });

    const rule = { scope: 'source', target: sourceId, basis: 'fixed', value: 80 };
    expect((await agent.call('PUT', '/v1/agent/markup-rules', rule)).body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    expect(
      (await agent.call('PUT', '/v1/agent/markup-rules', { ...rule, basis: 'bps', value: 10_001 }, sp)).body.error.code,
    ).toBe('VALIDATION');
    const cursor = await lastSeq();
    const set = await agent.call('PUT', '/v1/agent/markup-rules', rule, sp);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ sources: 1, products: 1 });
    const after = (await agent.call('GET', '/v1/agent/sources')).body.sources.find(
      (s: { id: string }) => s.id === sourceId,
    );
    expect(after).toMatchObject({
      supplyPrice: 9850,
      markup: 80,
      cost: 9930,
      rule: { scope: 'source', basis: 'fixed', value: 80 },
    });
    expect(
      (await readFeed(cursor)).some((c) => c.entity === 'product' && c.op === 'upsert' && c.data.id === productId),
    ).toBe(true);

    await w.fund(100_000);
    const res = await w.call('POST', VIRTUAL_PATHS.submit, {
      clientOrderId: uuidv7(),
      productId,
      phone: PHONES.success,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ faceValue: 10000, cost: 9850 + 80 });
  });

  it('the agent adds and renames a category in the outlet’s tree; it reaches the outlet’s feed', async () => {
    const cursor = await lastSeq();
    const top = await agent.call(
      'POST',
      `/v1/agent/outlets/${DEMO.outletId}/categories`,
      { parentId: null, name: '区代推荐' },
      sp,
    );
    expect(top.status).toBe(200);
    const child = await agent.call(
      'POST',
      `/v1/agent/outlets/${DEMO.outletId}/categories`,
      { parentId: top.body.category.id, name: '话费' },
      sp,
    );
    expect(child.body.path).toEqual(['区代推荐', '话费']);
    const renamed = await agent.call(
      'PUT',
      `/v1/agent/outlets/${DEMO.outletId}/categories/${child.body.category.id}`,
      { name: '话费充值' },
      sp,
    );
    expect(renamed.body.path).toEqual(['区代推荐', '话费充值']);
    const cats = (await readFeed(cursor))
      .filter((c) => c.entity === 'category' && c.op === 'upsert')
      .map((c) => (c.entity === 'category' && c.op === 'upsert' ? c.data : null));
    expect(cats).toEqual([
      { id: top.body.category.id, parentId: null, name: '区代推荐', sort: 0 },
      { id: child.body.category.id, parentId: top.body.category.id, name: '话费', sort: 0 },
      { id: child.body.category.id, parentId: top.body.category.id, name: '话费充值', sort: 0 },
    ]);
    const tree = (await agent.call('GET', `/v1/agent/outlets/${DEMO.outletId}/categories`)).body.categories;
    expect(tree).toHaveLength(DEMO.categoryCount + 2);
    expect(tree).toContainEqual({
      id: child.body.category.id,
      parentId: top.body.category.id,
      name: '话费充值',
      sort: 0,
    });
    const edited = await w.db.query<{ edited_by: string }>('SELECT edited_by FROM categories WHERE id = $1', [
      child.body.category.id,
    ]);
    expect(edited.rows[0]!.edited_by).toBe(DEMO.agentId);
    // an outlet that is not the agent's: refused
    expect(
      (await agent.call('POST', `/v1/agent/outlets/${DEMO.supplierId}/categories`, { parentId: null, name: 'x' }, sp))
        .body.error.code,
    ).toBe('FORBIDDEN');
    expect((await agent.call('GET', `/v1/agent/outlets/${DEMO.supplierId}/categories`)).body.error.code).toBe(
      'FORBIDDEN',
    );
  });

  it('an outlet device cannot call agent routes', async () => {
    for (const [m, url, body] of [
      ['GET', '/v1/agent/outlets'],
      ['GET', '/v1/agent/sources'],
      ['PUT', '/v1/agent/markup-rules', { scope: 'kind', target: 'topup', basis: 'fixed', value: 1 }],
      ['POST', `/v1/agent/outlets/${DEMO.outletId}/categories`, { parentId: null, name: 'x' }],
    ] as const) {
      const r = await outlet.call(m, url, body, sp);
      expect(r.status, url).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', details: { orgKind: 'outlet' } });
    }
  });

  it('an agent device cannot push orders, read the catalog feed, order virtual goods or reach members and money', async () => {
    const calls = [
      ['POST', PATHS.ordersBatch, { orders: [] }],
      ['GET', `${PATHS.catalogChanges}?cursor=0`],
      [
        'POST',
        VIRTUAL_PATHS.submit,
        { clientOrderId: uuidv7(), productId: w.product('topup', 10000, 'cmcc'), phone: PHONES.success },
      ],
      ['GET', '/v1/members'],
      ['POST', '/v1/money/transfers', { toAccountId: uuidv7(), amountFen: 100 }],
      ['GET', '/v1/deposits'],
    ] as const;
    for (const [m, url, body] of calls) {
      const r = await agent.call(m, url, body, sp);
      expect(r.status, url).toBe(403);
      expect(r.body.error, url).toMatchObject({ code: 'FORBIDDEN', details: { orgKind: 'agent' } });
    }
  });
});
