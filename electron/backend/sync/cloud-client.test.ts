import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AppError } from '../../../shared/errors';
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import { createCloudClient } from './cloud-client';

let server: Server;
let url: string;
/** status 0: the connection is dropped without an answer (a kept-alive socket that died) */
let answer: (path: string) => { status: number; body: string } = () => ({ status: 200, body: '{}' });
const seenHeaders: Record<string, string | string[] | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenHeaders.push(req.headers);
    const a = answer(req.url ?? '');
    if (a.status === 0) return req.socket.destroy();
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = (base = url) =>
  createCloudClient({
    baseUrl: base,
    now: Date.now,
    credentials: () => ({
      deviceId: '0190a000-0000-7000-8000-0000000000d1',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    }),
    timeoutMs: 2000,
  });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  );

describe('cloud client', () => {
  it('signs requests and sends the session token for order pushes', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ results: [] }) });
    await client().pushRecords('order', [{}], 'tok_1234567890abcdef');
    const h = seenHeaders.at(-1)!;
    expect(h[SIGNATURE_HEADERS.signature]).toBeTruthy();
    expect(h[SIGNATURE_HEADERS.device]).toBe('0190a000-0000-7000-8000-0000000000d1');
    expect(h.authorization).toBe('Bearer tok_1234567890abcdef');
  });

  it('does not sign registration', async () => {
    answer = () => ({ status: 401, body: JSON.stringify({ error: { code: 'BAD_CREDENTIALS', message: 'nope' } }) });
    const req = {
      username: 'owner',
      password: 'xxxx',
      device: { name: 'n', fingerprint: 'a'.repeat(64), publicKey: 'k'.repeat(44), platform: 'linux' },
    };
    expect(await codeOf(client().register(req, generateKeyPairSync('ed25519').privateKey))).toBe('BAD_CREDENTIALS');
    expect(seenHeaders.at(-1)![SIGNATURE_HEADERS.signature]).toBeUndefined();
  });

  it('maps failures to typed errors', async () => {
    expect(await codeOf(client('http://127.0.0.1:1').catalogChanges(0, 10))).toBe('OFFLINE');
    answer = () => ({ status: 403, body: JSON.stringify({ error: { code: 'DEVICE_REVOKED', message: 'revoked' } }) });
    expect(await codeOf(client().catalogChanges(0, 10))).toBe('DEVICE_REVOKED');
    answer = () => ({ status: 500, body: JSON.stringify({ error: { code: 'SOMETHING_NEW', message: '?' } }) });
    expect(await codeOf(client().catalogChanges(0, 10))).toBe('CLOUD_ERROR');
    answer = () => ({ status: 502, body: '<html>bad gateway</html>' });
    expect(await codeOf(client().catalogChanges(0, 10))).toBe('CLOUD_ERROR');
    answer = () => ({ status: 200, body: JSON.stringify({ changes: 'nope' }) });
    expect(await codeOf(client().catalogChanges(0, 10))).toBe('CLOUD_ERROR');
  });

  // One transport for every route family (virtual goods, member cards, the back office): signing, the
  // session, the clock and the failures are handled once, the same way for all of them.
  it('call: any route signed with the session and extra headers; the cloud refusal keeps its details', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ ok: 1 }) });
    const c = client();
    expect(
      await c.call('PUT', '/v1/anything?x=1', { a: 1 }, z.object({ ok: z.number() }), {
        token: 'tok_1234567890abcdef',
        headers: { 'x-totp-code': '123456' },
      }),
    ).toEqual({ ok: 1 });
    const h = seenHeaders.at(-1)!;
    expect(h[SIGNATURE_HEADERS.signature]).toBeTruthy();
    expect(h.authorization).toBe('Bearer tok_1234567890abcdef');
    expect(h['x-totp-code']).toBe('123456');

    const details = { capFen: 50_000, amountFen: 60_000 };
    answer = () => ({
      status: 403,
      body: JSON.stringify({ error: { code: 'LIMIT_EXCEEDED', message: 'over', details } }),
    });
    const e = await c.call('POST', '/v1/anything', {}, z.unknown()).catch((x: AppError) => x);
    expect([(e as AppError).code, (e as AppError).details]).toEqual(['LIMIT_EXCEEDED', details]);
  });

  it('a CLOCK_SKEW refusal teaches the clock and the request is re-signed once, for every route', async () => {
    const serverTime = Date.now() + 3_600_000;
    const stamps: number[] = [];
    answer = () => {
      stamps.push(Number(seenHeaders.at(-1)![SIGNATURE_HEADERS.timestamp]));
      return stamps.length === 1
        ? {
            status: 401,
            body: JSON.stringify({ error: { code: 'CLOCK_SKEW', message: 'skew', details: { serverTime } } }),
          }
        : { status: 200, body: JSON.stringify({ ok: 1 }) };
    };
    expect(await client().call('GET', '/v1/members/m1', undefined, z.object({ ok: z.number() }))).toEqual({ ok: 1 });
    expect(stamps).toHaveLength(2);
    expect(stamps[1]! - serverTime).toBeGreaterThanOrEqual(0);
    expect(stamps[1]! - stamps[0]!).toBeGreaterThan(3_000_000);
    // a second refusal is reported as it is, not retried again
    stamps.length = 0;
    answer = () => {
      stamps.push(0);
      return {
        status: 401,
        body: JSON.stringify({ error: { code: 'CLOCK_SKEW', message: 'skew', details: { serverTime } } }),
      };
    };
    expect(await codeOf(client().call('GET', '/v1/x', undefined, z.unknown()))).toBe('CLOCK_SKEW');
    expect(stamps).toHaveLength(2);
  });

  it('a request that never reached the cloud is sent once more only when the route allows it', async () => {
    let n = 0;
    answer = () => (++n === 1 ? { status: 0, body: '' } : { status: 200, body: JSON.stringify({ ok: 1 }) });
    expect(await client().call('GET', '/v1/x', undefined, z.unknown(), { retryUnreached: true })).toEqual({ ok: 1 });
    expect(n).toBe(2);
    n = 0;
    const e = await client()
      .call('POST', '/v1/x', {}, z.unknown(), { offlineMessage: (why) => `Top-ups need the cloud, which ${why}` })
      .catch((x: AppError) => x);
    expect([(e as AppError).code, (e as AppError).message]).toEqual([
      'OFFLINE',
      'Top-ups need the cloud, which cannot be reached now',
    ]);
    expect(n).toBe(1);
  });
});
