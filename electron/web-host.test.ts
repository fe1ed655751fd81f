// Runtime: Node (Vitest). web-host against the real backend (no cloud needed for these calls): the
// WebSocket gate (token, origin), frame validation, the size cap, and a real call.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES, type ResultFrame } from '../shared/api/wire';
import { startWebHost, tokenMatches, type WebHost } from './web-host';

let dir: string;
let host: WebHost;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-webhost-'));
  const rendererDir = join(dir, 'renderer');
  await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>POS</title>');
  host = await startWebHost({ dataDir: join(dir, 'data'), cloudUrl: 'http://127.0.0.1:9', rendererDir });
});

afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

const origin = () => `http://127.0.0.1:${host.port}`;

function connect(token: string, originHeader: string | null = origin()): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${host.port}/ws?token=${token}`,
      originHeader ? { origin: originHeader } : {},
    );
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** the next answer (events the backend pushes meanwhile, e.g. update.status, are skipped) */
function nextFrame(ws: WebSocket): Promise<ResultFrame> {
  return new Promise((resolve) => {
    const onMessage = (d: unknown) => {
      const frame = JSON.parse(String(d)) as ResultFrame | { type: 'event' };
      if (frame.type === 'event') return;
      ws.off('message', onMessage);
      resolve(frame as ResultFrame);
    };
    ws.on('message', onMessage);
  });
}

describe('web-host', () => {
  it('binds to loopback and puts the token in the URL', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[0-9a-f]{64}$`));
  });

  it('serves the renderer with a CSP and no-referrer', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('compares tokens without regard to length', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
  });

  it('refuses a wrong or missing token', async () => {
    await expect(connect('0'.repeat(64))).rejects.toThrow('HTTP 401');
    await expect(connect('')).rejects.toThrow('HTTP 401');
  });

  it('refuses another origin, or none', async () => {
    await expect(connect(host.token, 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connect(host.token, null)).rejects.toThrow('HTTP 403');
  });

  it('answers a real call', async () => {
    const ws = await connect(host.token);
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'app.status', input: {} }));
    const frame = await nextFrame(ws);
    expect(frame.id).toBe(7);
    expect(frame.result.ok).toBe(true);
    if (frame.result.ok)
      expect((frame.result.value as { device: { state: string } }).device.state).toBe('unregistered');
    ws.close();
  });

  it("the customer display's own token reaches the display state and nothing else", async () => {
    expect(host.displayUrl).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?view=display&token=[0-9a-f]{64}$`),
    );
    expect(host.displayToken).not.toBe(host.token);
    const ws = await connect(host.displayToken);
    const heard: string[] = [];
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { type: string; event?: string };
      if (f.type === 'event') heard.push(f.event!);
    });
    for (const [id, method] of [
      [1, 'app.status'],
      [2, 'cart.add'],
      [3, 'auth.login'],
      [4, 'device.reset'],
    ] as const) {
      ws.send(JSON.stringify({ type: 'call', id, method, input: {} }));
      const frame = await nextFrame(ws);
      expect(frame.id).toBe(id);
      expect(!frame.result.ok && frame.result.error.code, method).toBe('FORBIDDEN');
    }
    // display.get passes the gate (and then the router: this till is not registered yet)
    ws.send(JSON.stringify({ type: 'call', id: 5, method: 'display.get', input: {} }));
    const shown = await nextFrame(ws);
    expect(!shown.result.ok && shown.result.error.code).not.toBe('FORBIDDEN');
    // the till's page, meanwhile, hears everything; the display page only display.changed
    const till = await connect(host.token);
    till.send(JSON.stringify({ type: 'call', id: 6, method: 'app.status', input: {} }));
    await nextFrame(till);
    expect(heard.filter((e) => e !== 'display.changed')).toEqual([]);
    till.close();
    ws.close();
  });

  it('answers malformed frames with VALIDATION and keeps the connection', async () => {
    const ws = await connect(host.token);
    ws.send('not json');
    expect((await nextFrame(ws)).result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    ws.send(JSON.stringify({ type: 'call', id: 3, method: 42 }));
    const bad = await nextFrame(ws);
    expect(bad.id).toBe(3);
    expect(bad.result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    ws.send(JSON.stringify({ type: 'call', id: 4, method: 'no.such', input: {} }));
    expect((await nextFrame(ws)).result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    ws.send(JSON.stringify({ type: 'call', id: 5, method: 'app.status', input: {} }));
    expect((await nextFrame(ws)).result.ok).toBe(true);
    ws.close();
  });

  it('closes the connection on an oversize frame', async () => {
    const ws = await connect(host.token);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'app.status', input: { pad: 'x'.repeat(MAX_FRAME_BYTES) } }));
    expect(await closed).toBe(1009);
  });
});
