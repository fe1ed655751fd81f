// The back office's one way to the cloud (owner-cloud.ts route), against a real HTTP server speaking the cloud's
// shapes: the declared path filled and encoded, the session and second factors as headers on session routes only,
// the answer parsed with the route's schema — an answer off the protocol is CLOUD_ERROR, never passed on.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_ROUTES as R } from '../../../shared/api/owner-routes';
import type { AppError } from '../../../shared/errors';
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import { createCloudClient } from '../sync/cloud-client';
import { createOwnerCloud } from './owner-cloud';

let server: Server;
let url: string;
let answer: unknown = {};
const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type Session = { token: string | null; offline: boolean } | null;
const cloudAs = (session: Session) => {
  const cloud = createCloudClient({
    baseUrl: url,
    now: Date.now,
    credentials: () => ({
      deviceId: '0190a000-0000-7000-8000-0000000000d1',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    }),
    timeoutMs: 5000,
  });
  return createOwnerCloud({ cloud, session: { get: () => session } } as never);
};
const online: Session = { token: 'tok_1234567890abcdef', offline: false };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  );
const ID = '0190a000-0000-7000-8000-00000000e001';

describe('OwnerCloud.route', () => {
  it('fills the declared path, sends the session and the factors as headers, and parses the answer', async () => {
    answer = { ok: true, extra: 'dropped by the schema' };
    const r = await cloudAs(online).route(
      R['owner.employeeDisable'],
      { params: { id: ID }, body: {} },
      { superPassword: '超级 密码', totpCode: '123456' },
    );
    expect(r).toEqual({ ok: true });
    const req = seen.at(-1)!;
    expect(`${req.method} ${req.url}`).toBe(`POST /v1/employees/${ID}/disable`);
    expect(req.headers.authorization).toBe('Bearer tok_1234567890abcdef');
    expect(req.headers['x-super-password']).toBe(encodeURIComponent('超级 密码'));
    expect(req.headers['x-totp-code']).toBe('123456');
  });

  it('answers CLOUD_ERROR when the cloud answers off the protocol', async () => {
    answer = { employees: [{ id: 1 }] };
    expect(await codeOf(cloudAs(online).route(R['owner.employees']))).toBe('CLOUD_ERROR');
    answer = { ok: 'yes' };
    expect(await codeOf(cloudAs(online).route(R['owner.employeeEnable'], { params: { id: ID }, body: {} }))).toBe(
      'CLOUD_ERROR',
    );
  });

  it('appends the defined query values of a list', async () => {
    answer = { orders: [], nextCursor: null, openCount: 0 };
    await cloudAs(online).route(R['owner.flaggedOrders'], { query: { status: 'open', limit: 50, cursor: undefined } });
    expect(seen.at(-1)!.url).toBe('/v1/orders/flagged?status=open&limit=50');
  });

  it('refuses a session route before sending anything without an online login', async () => {
    const before = seen.length;
    expect(await codeOf(cloudAs(null).route(R['owner.devices']))).toBe('UNAUTHENTICATED');
    expect(await codeOf(cloudAs({ token: null, offline: true }).route(R['owner.devices']))).toBe('OFFLINE');
    expect(seen.length).toBe(before);
  });

  it('sends password recovery signed by the device alone: no login needed, no session even when there is one', async () => {
    answer = { sent: true };
    expect(await cloudAs(null).route(R['auth.recoveryStart'], { body: { username: 'owner' } })).toEqual({ sent: true });
    await cloudAs(online).route(R['auth.recoveryStart'], { body: { username: 'owner' } });
    const req = seen.at(-1)!;
    expect(`${req.method} ${req.url}`).toBe('POST /v1/auth/recovery/start');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers[SIGNATURE_HEADERS.signature]).toBeTruthy();
  });
});
