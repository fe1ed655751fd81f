// Every route after registration is signed by the device key: each way a request can be forged, replayed
// or sent by the wrong device is refused with its own code.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_WINDOW_MS } from '../../shared/sync/signing';
import { PATHS } from '../../shared/sync/protocol';
import { newDeviceKey, registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { makeOrder } from '../test-support/orders';
import { createWorld, type TestWorld } from '../test-support/world';

let w: TestWorld;
let dev: TestDevice;
const url = `${PATHS.catalogChanges}?cursor=0&limit=1`;

beforeAll(async () => {
  w = await createWorld();
  dev = await registerDevice(w.app);
});
afterAll(async () => {
  await w.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON body
const code = (res: { json(): any }) => res.json().error?.code;

describe('signed requests', () => {
  it('accepts a correctly signed request', async () => {
    const res = await signedInject(w.app, dev, { method: 'GET', url, now: w.clock.now });
    expect(res.statusCode).toBe(200);
    expect(res.json().changes).toHaveLength(1);
  });

  it('refuses a signature made by another key (BAD_SIGNATURE)', async () => {
    const other = newDeviceKey();
    const res = await signedInject(
      w.app,
      { id: dev.id, privateKey: other.privateKey },
      { method: 'GET', url, now: w.clock.now },
    );
    expect(res.statusCode).toBe(401);
    expect(code(res)).toBe('BAD_SIGNATURE');
  });

  it('refuses a tampered body (BAD_SIGNATURE) and stores nothing', async () => {
    const order = makeOrder();
    const body = JSON.stringify({ orders: [order] });
    const tampered = body.replace(`"discount":0`, `"discount":0 `);
    const { signRequest } = await import('../../electron/backend/device/signer');
    const headers = signRequest({
      deviceId: dev.id,
      privateKey: dev.privateKey,
      method: 'POST',
      pathWithQuery: PATHS.ordersBatch,
      body,
      now: w.clock.now,
    });
    const res = await w.app.inject({
      method: 'POST',
      url: PATHS.ordersBatch,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: tampered,
    });
    expect(code(res)).toBe('BAD_SIGNATURE');
    const { rows } = await w.db.query('SELECT 1 FROM orders');
    expect(rows).toHaveLength(0);
  });

  it('refuses a tampered path or query (BAD_SIGNATURE)', async () => {
    const res = await signedInject(w.app, dev, { method: 'GET', url, now: w.clock.now, mutate: () => {} });
    expect(res.statusCode).toBe(200);
    const { signRequest } = await import('../../electron/backend/device/signer');
    const headers = signRequest({
      deviceId: dev.id,
      privateKey: dev.privateKey,
      method: 'GET',
      pathWithQuery: url,
      body: '',
      now: w.clock.now,
    });
    const res2 = await w.app.inject({ method: 'GET', url: `${PATHS.catalogChanges}?cursor=0&limit=2`, headers });
    expect(code(res2)).toBe('BAD_SIGNATURE');
  });

  it('refuses a replayed nonce (REPLAYED)', async () => {
    const nonce = 'replay-nonce-0001';
    const first = await signedInject(w.app, dev, { method: 'GET', url, now: w.clock.now, nonce });
    expect(first.statusCode).toBe(200);
    const again = await signedInject(w.app, dev, { method: 'GET', url, now: w.clock.now, nonce });
    expect(again.statusCode).toBe(401);
    expect(code(again)).toBe('REPLAYED');
  });

  it('refuses a timestamp outside the window (CLOCK_SKEW), both stale and future', async () => {
    const stale = await signedInject(w.app, dev, { method: 'GET', url, now: w.clock.now - SIGNATURE_WINDOW_MS - 1000 });
    expect(code(stale)).toBe('CLOCK_SKEW');
    const future = await signedInject(w.app, dev, {
      method: 'GET',
      url,
      now: w.clock.now + SIGNATURE_WINDOW_MS + 1000,
    });
    expect(code(future)).toBe('CLOCK_SKEW');
  });

  it('refuses an unknown device (DEVICE_NOT_REGISTERED) and missing headers', async () => {
    const res = await signedInject(
      w.app,
      { id: randomUUID(), privateKey: dev.privateKey },
      { method: 'GET', url, now: w.clock.now },
    );
    expect(res.statusCode).toBe(401);
    expect(code(res)).toBe('DEVICE_NOT_REGISTERED');
    const bare = await w.app.inject({ method: 'GET', url });
    expect(code(bare)).toBe('DEVICE_NOT_REGISTERED');
    const noSig = await signedInject(w.app, dev, {
      method: 'GET',
      url,
      now: w.clock.now,
      mutate: (h) => delete h['x-pos-signature'],
    });
    expect(code(noSig)).toBe('BAD_SIGNATURE');
  });

  it('refuses revoked and pending devices', async () => {
    const d2 = await registerDevice(w.app);
    await w.db.query(`UPDATE devices SET status = 'revoked' WHERE id = $1`, [d2.id]);
    const revoked = await signedInject(w.app, d2, { method: 'GET', url, now: w.clock.now });
    expect(revoked.statusCode).toBe(403);
    expect(code(revoked)).toBe('DEVICE_REVOKED');
    await w.db.query(`UPDATE devices SET status = 'pending' WHERE id = $1`, [d2.id]);
    const pending = await signedInject(w.app, d2, { method: 'GET', url, now: w.clock.now });
    expect(code(pending)).toBe('DEVICE_PENDING');
  });

  it('prunes nonces older than twice the window', async () => {
    await signedInject(w.app, dev, { method: 'GET', url, now: w.clock.now });
    w.clock.now += 3 * SIGNATURE_WINDOW_MS;
    const res = await signedInject(w.app, dev, { method: 'GET', url, now: w.clock.now });
    expect(res.statusCode).toBe(200);
    const { rows } = await w.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM device_nonces WHERE device_id = $1',
      [dev.id],
    );
    expect(rows[0]!.n).toBe(1);
  });
});
