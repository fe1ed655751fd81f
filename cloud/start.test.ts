// The cloud over real HTTP on a random port: register, login, pull a page, push an order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../electron/backend/device/signer';
import { PATHS, zCatalogChangesResponse, zLoginResponse, zRegisterResponse } from '../shared/sync/protocol';
import { zOrdersBatchResponse } from '../shared/sync/records';
import { DEMO } from './seed/demo';
import { startCloud, type RunningCloud } from './start';
import { newDeviceKey, registerPayload } from './test-support/device';
import { makeOrder } from './test-support/orders';
import { createTestDatabase, type TestDatabase } from './test-support/test-db';

let database: TestDatabase;
let cloud: RunningCloud;
beforeAll(async () => {
  database = await createTestDatabase();
  cloud = await startCloud({ port: 0, databaseUrl: database.url });
});
afterAll(async () => {
  await cloud.close();
  await cloud.close(); // idempotent
  await database.drop();
});

describe('startCloud over real HTTP', () => {
  it('listens on a free port and serves the whole device loop', async () => {
    expect(cloud.port).toBeGreaterThan(0);
    expect(cloud.url).toBe(`http://127.0.0.1:${cloud.port}`);
    expect(await (await fetch(`${cloud.url}${PATHS.health}`)).json()).toEqual({ ok: true, paymentMethodsVersion: 2 });

    const key = newDeviceKey();
    const reg = await fetch(`${cloud.url}${PATHS.register}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await registerPayload(cloud.url, key)),
    });
    expect(reg.status).toBe(200);
    const { deviceId } = zRegisterResponse.parse(await reg.json());

    const signedFetch = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = signRequest({
        deviceId,
        privateKey: key.privateKey,
        method,
        pathWithQuery: path,
        body: text,
        now: Date.now(),
      });
      return fetch(`${cloud.url}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : text,
      });
    };

    const login = await signedFetch('POST', PATHS.login, {
      username: DEMO.cashier.username,
      password: DEMO.cashier.password,
    });
    expect(login.status).toBe(200);
    expect(zLoginResponse.parse(await login.json()).employee.id).toBe(DEMO.cashier.id);

    const page = await signedFetch('GET', `${PATHS.catalogChanges}?cursor=0&limit=100`);
    const changes = zCatalogChangesResponse.parse(await page.json());
    expect(changes.changes).toHaveLength(100);
    expect(changes.hasMore).toBe(true);

    const order = makeOrder();
    const push = await signedFetch('POST', PATHS.ordersBatch, { orders: [order] });
    const { results } = zOrdersBatchResponse.parse(await push.json());
    expect(results[0]!.status).toBe('accepted');

    const bad = await fetch(`${cloud.url}${PATHS.ordersBatch}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });
});
