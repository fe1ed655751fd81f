// Runtime: Node (Vitest). backend-host without Electron: a fake parent port plays main (config, port
// hand-over, safeStorage stand-in) and a fake MessagePortMain plays the renderer. Runs against the real
// backend and the real cloud, so the Electron wiring is exercised end to end except for Electron itself.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud } from '../cloud/start';
import { DEMO } from '../cloud/seed/demo';
import type { ServerFrame } from '../shared/api/wire';
import type { FromBackendHost, ToBackendHost } from './host-messages';

type Msg = { data: unknown; ports: FakePort[] };
class FakePort extends EventEmitter {
  peer!: FakePort;
  postMessage(data: unknown, ports: FakePort[] = []) {
    setImmediate(() => this.peer.emit('message', { data, ports } satisfies Msg));
  }
  start() {}
  close() {
    this.emit('close');
    this.peer.emit('close');
  }
}
function pair(): [FakePort, FakePort] {
  const a = new FakePort();
  const b = new FakePort();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** stands in for safeStorage: reversible, and visibly not the plaintext */
const FAKE_PREFIX = 'sealed:';

let dir: string;
let cloud: Awaited<ReturnType<typeof startCloud>>;
const [mainSide, childSide] = pair();
const [rendererSide, backendSide] = pair();
const keystoreOps: string[] = [];
let nextId = 1;

function call(method: string, input: unknown = {}): Promise<ServerFrame & { type: 'result' }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMsg = (e: Msg) => {
      const frame = JSON.parse(String(e.data)) as ServerFrame;
      if (frame.type === 'result' && frame.id === id) {
        rendererSide.off('message', onMsg);
        resolve(frame);
      }
    };
    rendererSide.on('message', onMsg);
    rendererSide.postMessage(JSON.stringify({ type: 'call', id, method, input }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-backend-host-'));
  cloud = await startCloud({ port: 0, seed: true });
  // main's side: answer key store requests like keystore.electron.ts would
  mainSide.on('message', (e: Msg) => {
    const m = e.data as FromBackendHost;
    if (m.type !== 'keystore.request') return;
    keystoreOps.push(m.op);
    const data =
      m.op === 'encrypt'
        ? Buffer.from(FAKE_PREFIX + m.data).toString('base64')
        : Buffer.from(m.data, 'base64').toString().slice(FAKE_PREFIX.length);
    mainSide.postMessage({ type: 'keystore.reply', id: m.id, ok: true, data } satisfies ToBackendHost);
  });
  const ready = new Promise<void>((resolve) =>
    mainSide.on('message', (e: Msg) => (e.data as FromBackendHost).type === 'ready' && resolve()),
  );
  (process as unknown as { parentPort: FakePort }).parentPort = childSide;
  await import('./backend-host');
  // the renderer's port may arrive before the backend is up: it must wait, not be dropped
  mainSide.postMessage({ type: 'port' } satisfies ToBackendHost, [backendSide]);
  mainSide.postMessage({
    type: 'config',
    config: { dataDir: dir, cloudUrl: cloud.url, appVersion: '0.1.0' },
  } satisfies ToBackendHost);
  await ready;
});

afterAll(async () => {
  await cloud?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('backend-host (utilityProcess side)', () => {
  it('answers calls from the renderer port', async () => {
    const r = await call('app.status');
    expect(r.result.ok).toBe(true);
  });

  it('rejects malformed frames with VALIDATION', async () => {
    const got = new Promise<ServerFrame>((resolve) =>
      rendererSide.once('message', (e: Msg) => resolve(JSON.parse(String(e.data)))),
    );
    rendererSide.postMessage('{"type":"call"}');
    expect(await got).toMatchObject({ type: 'result', result: { ok: false, error: { code: 'VALIDATION' } } });
  });

  it('keeps the device key only as what main sealed', async () => {
    const r = await call('device.register', {
      username: DEMO.master.username,
      password: DEMO.master.password,
      deviceName: 'host test',
    });
    expect(r.result.ok).toBe(true);
    expect(keystoreOps).toContain('encrypt');
    const onDisk = await readFile(join(dir, 'device.key.enc'), 'utf8');
    expect(onDisk.startsWith(FAKE_PREFIX)).toBe(true);
    const login = await call('auth.login', { username: DEMO.cashier.username, password: DEMO.cashier.password });
    expect(login.result.ok).toBe(true);
  });
});
