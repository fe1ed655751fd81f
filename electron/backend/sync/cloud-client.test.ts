import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppError } from '../../../shared/errors';
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import { createCloudClient } from './cloud-client';

let server: Server;
let url: string;
let answer: (path: string) => { status: number; body: string } = () => ({ status: 200, body: '{}' });
const seenHeaders: Record<string, string | string[] | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenHeaders.push(req.headers);
    const a = answer(req.url ?? '');
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
});
