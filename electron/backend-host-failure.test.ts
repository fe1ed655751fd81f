// Runtime: Node (Vitest). backend-host when the backend cannot start (here: a damaged sales.db): it says what
// failed to main, writes it to the data folder's log, and answers every renderer call — one sent before the
// failure and one after — with BACKEND_UNAVAILABLE naming the reason, instead of leaving them waiting.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../shared/api/wire';
import type { FromBackendHost, ToBackendHost } from './host-messages';
import { portPair, type FakePort } from './testing/fake-electron';

let dir: string;
const [mainSide, childSide] = portPair();
const [rendererSide, backendSide] = portPair();
const fromHost: FromBackendHost[] = [];
const answers: ServerFrame[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-host-fail-'));
  await writeFile(join(dir, 'sales.db'), 'this is not a database, it is a damaged file '.repeat(200));
  vi.spyOn(console, 'error').mockImplementation(() => {});
  mainSide.on('message', (e: { data: unknown }) => fromHost.push(e.data as FromBackendHost));
  rendererSide.on('message', (e: { data: unknown }) => answers.push(JSON.parse(String(e.data)) as ServerFrame));
  mainSide.start();
  childSide.start(); // Electron's parentPort delivers without start()
  rendererSide.start();
  (process as unknown as { parentPort: FakePort }).parentPort = childSide;
  await import('./backend-host');
  mainSide.postMessage({ type: 'port' } satisfies ToBackendHost, [backendSide]);
  rendererSide.postMessage(JSON.stringify({ type: 'call', id: 1, method: 'app.status', input: {} }));
  mainSide.postMessage({
    type: 'config',
    config: { dataDir: dir, cloudUrl: 'http://127.0.0.1:9', appVersion: '1.0.0' },
  } satisfies ToBackendHost);
  await vi.waitFor(() => expect(fromHost.some((m) => m.type === 'fatal')).toBe(true), { timeout: 10_000 });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('backend-host when the backend cannot start', () => {
  it('tells main what failed and writes it to the data folder’s log', async () => {
    const fatal = fromHost.find((m) => m.type === 'fatal');
    expect(fatal).toMatchObject({ failure: { reason: 'DB_CORRUPT', logPath: join(dir, 'logs', 'pos.log') } });
    expect(fromHost.some((m) => m.type === 'ready')).toBe(false);
    expect(await readFile(join(dir, 'logs', 'pos.log'), 'utf8')).toMatch(/backend failed to start \(DB_CORRUPT\)/);
  });

  it('answers every call, sent before or after the failure, with BACKEND_UNAVAILABLE', async () => {
    rendererSide.postMessage(JSON.stringify({ type: 'call', id: 2, method: 'cart.scan', input: { code: '1' } }));
    rendererSide.postMessage('{not json');
    await vi.waitFor(() => expect(answers).toHaveLength(3));
    for (const [i, id] of [1, 2, -1].entries())
      expect(answers[i]).toMatchObject({
        type: 'result',
        id,
        result: { ok: false, error: { code: 'BACKEND_UNAVAILABLE', details: { reason: 'DB_CORRUPT' } } },
      });
  });
});
