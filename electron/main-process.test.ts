// Runtime: Node (Vitest). The Electron main process as an installed till meets it, without the binary
// (electron/testing/fake-electron.ts): a refused single-instance lock starts nothing; the cloud URL comes
// from the build; a backend that fails to start is logged in the data folder and reported, and every
// renderer call gets a typed error; quitting waits for the backend to close its databases; the update feed
// comes from the handshake (or app-update.yml), never the environment, and an install waits for the
// backend to close; a till whose backend failed installs the fix as soon as it is downloaded; devtools
// responses keep their own CSP.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../shared/api/wire';
import type { FromBackendHost } from './host-messages';
import {
  FakeAutoUpdater,
  fakeElectron,
  runWithElectron,
  type FakeElectronOptions,
  type FakePort,
} from './testing/fake-electron';
import { RENDERER_CSP } from './window-options';

let dir: string;
let appDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-main-'));
  // an installed app: dist-electron/ beside the package.json electron-builder wrote (qianmi.cloudUrl)
  appDir = await mkdtemp(join(tmpdir(), 'pos-app-'));
  await writeFile(
    join(appDir, 'package.json'),
    JSON.stringify({ name: 'qianmi-pos', version: '1.2.0', qianmi: { cloudUrl: 'https://cloud.example.cn' } }),
  );
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
  await rm(appDir, { recursive: true, force: true });
});

function boot(
  o: {
    lock?: boolean;
    packaged?: boolean;
    env?: Record<string, string>;
    modules?: Record<string, unknown>;
    displays?: FakeElectronOptions['displays'];
  } = {},
) {
  const f = fakeElectron({ lock: o.lock, packaged: o.packaged, userData: dir, displays: o.displays });
  const autoUpdater = new FakeAutoUpdater();
  const saved = { ...process.env };
  delete process.env.POS_CLOUD_URL;
  Object.assign(process.env, o.env ?? {});
  try {
    runWithElectron(
      'main.ts',
      f.electron,
      { 'electron-updater': { autoUpdater }, ...o.modules },
      join(appDir, 'dist-electron'),
    );
  } finally {
    process.env = saved;
  }
  f.ready();
  const child = () => f.rec.children[0]!;
  const fromBackend = (m: FromBackendHost) => child().emit('message', m);
  const tick = () => new Promise((r) => setTimeout(r, 10));
  return { ...f, autoUpdater, child, fromBackend, tick };
}

/** sends one call frame on a renderer port and waits for its answer */
function callOn(port: FakePort, id: number): Promise<ServerFrame> {
  return new Promise((resolve) => {
    port.on('message', (e: { data: unknown }) => resolve(JSON.parse(String(e.data)) as ServerFrame));
    port.start();
    port.postMessage(JSON.stringify({ type: 'call', id, method: 'app.status', input: {} }));
  });
}

describe('Electron main', () => {
  it('a second instance exits at once and starts nothing', async () => {
    const m = boot({ lock: false });
    await m.tick();
    expect(m.rec.exits).toEqual([0]);
    expect(m.rec.readyAsked).toBe(0);
    expect(m.rec.children).toEqual([]);
    expect(m.rec.windows).toEqual([]);
    expect(m.rec.ipc.size).toBe(0);
    expect(m.app.listenerCount('before-quit')).toBe(0);
  });

  it('gives the backend the build’s cloud URL and version, not a fallback', async () => {
    const m = boot();
    await m.settle();
    expect(m.child().sent[0]!.message).toEqual({
      type: 'config',
      config: { dataDir: dir, cloudUrl: 'https://cloud.example.cn', appVersion: '1.2.0' },
    });
  });

  it('a backend that fails to start: logged in the data folder, reported by the feed token, the window stays', async () => {
    const reports: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: { body: string }) => {
        reports.push({ url, body: JSON.parse(init.body) });
        return new Response('{"recorded":true}', { status: 200 });
      }),
    );
    await writeFile(
      join(dir, 'update-state.json'),
      JSON.stringify({ lastVersion: '1.1.0', feedUrl: 'https://cloud.example.cn/v1/updates/feed/tok/', pending: [] }),
    );
    const m = boot({ packaged: true });
    await m.settle();
    m.fromBackend({
      type: 'fatal',
      failure: { reason: 'DB_LOCKED', message: 'database is locked', logPath: join(dir, 'logs', 'pos.log') },
    });
    await m.tick();
    expect(await readFile(join(dir, 'logs', 'pos.log'), 'utf8')).toMatch(/backend failed to start \(DB_LOCKED\)/);
    expect(reports).toEqual([
      {
        url: 'https://cloud.example.cn/v1/updates/feed/tok/health',
        body: {
          version: '1.2.0',
          previousVersion: '1.1.0',
          startOk: false,
          error: { code: 'DB_LOCKED', message: 'database is locked' },
        },
      },
    ]);
    expect(m.rec.quits).toBe(0);
    expect(m.rec.windows).toHaveLength(1);
    // it looks for the fix on its own (the last known device feed) and installs it as soon as it is here
    expect(m.autoUpdater.feeds).toEqual([
      { provider: 'generic', url: 'https://cloud.example.cn/v1/updates/feed/tok/', useMultipleRangeRequest: false },
    ]);
    m.autoUpdater.emit('update-downloaded', { version: '1.2.1' });
    m.child().emit('exit', 0); // backend-host ends on shutdown
    await m.tick();
    expect(m.child().types()).toContain('shutdown');
    expect(m.autoUpdater.installs).toEqual([[true, true]]);
  });

  it('the first start of a new version fails: reported, then the kept installer of the old version runs and the till exits', async () => {
    const reports: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: { body: string }) => {
        reports.push(JSON.parse(init.body));
        return new Response('{"recorded":true}', { status: 200 });
      }),
    );
    await writeFile(
      join(dir, 'update-state.json'),
      JSON.stringify({ lastVersion: '1.1.0', feedUrl: 'https://cloud.example.cn/v1/updates/feed/tok/', pending: [] }),
    );
    await mkdir(join(dir, 'installers', '1.1.0'), { recursive: true });
    const installer = join(dir, 'installers', '1.1.0', 'QianmiPOS-Setup-1.1.0.exe');
    await writeFile(installer, 'MZ old installer');
    await writeFile(join(dir, 'sales.db'), 'the 1.1.0 sales database');
    const spawned: { file: string; args: string[]; detached: boolean }[] = [];
    const spawn = (file: string, args: string[], opts: { detached: boolean }) => {
      spawned.push({ file, args, detached: opts.detached });
      return { unref() {} };
    };
    const m = boot({ packaged: true, modules: { 'node:child_process': { spawn } } });
    await m.settle();
    // the new version migrated the database, then failed
    await writeFile(join(dir, 'sales.db'), 'migrated by 1.2.0');
    await writeFile(join(dir, 'sales.db-wal'), 'wal of 1.2.0');
    m.fromBackend({
      type: 'fatal',
      failure: { reason: 'MIGRATION', message: 'migration 0042 failed', logPath: join(dir, 'logs', 'pos.log') },
    });
    await vi.waitFor(() => expect(m.rec.exits).toEqual([0]));
    expect(reports).toEqual([
      {
        version: '1.2.0',
        previousVersion: '1.1.0',
        startOk: false,
        error: { code: 'MIGRATION', message: 'rolled back to 1.1.0: migration 0042 failed' },
      },
    ]);
    expect(spawned).toEqual([{ file: installer, args: ['--updated', '/S', '--force-run'], detached: true }]);
    expect(JSON.parse(await readFile(join(dir, 'rollback.json'), 'utf8'))).toEqual({ failed: ['1.2.0'] });
    // the databases are back as 1.1.0 left them
    expect(await readFile(join(dir, 'sales.db'), 'utf8')).toBe('the 1.1.0 sales database');
    await expect(readFile(join(dir, 'sales.db-wal'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(dir, 'logs', 'pos.log'), 'utf8')).toMatch(/rolling back to 1\.1\.0/);
  });

  it('a backend that dies while loading: main answers every renderer call with BACKEND_UNAVAILABLE', async () => {
    const m = boot();
    await m.settle();
    m.child().emit('exit', 1);
    await m.tick();
    const posted = m.rec.windows[0]!.posted.find((p) => p.channel === 'pos:port');
    expect(posted).toBeDefined();
    const answer = await callOn(posted!.ports[0]!, 7);
    expect(answer).toMatchObject({
      type: 'result',
      id: 7,
      result: { ok: false, error: { code: 'BACKEND_UNAVAILABLE', details: { reason: 'CRASHED' } } },
    });
    // a page load after that gets a port main answers too
    const postMessage = vi.fn();
    m.rec.ipc.get('pos:hello')!({
      sender: Object.assign(m.rec.windows[0]!.webContents, { postMessage }),
      senderFrame: { url: 'file://' + join(appDir, 'dist', 'renderer', 'index.html'), parent: null },
    });
    const port = (postMessage.mock.calls[0]![2] as FakePort[])[0]!;
    expect((await callOn(port, 8)) as { result: { ok: boolean } }).toMatchObject({ id: 8, result: { ok: false } });
    expect(m.rec.quits).toBe(0);
  });

  it('a second screen gets the customer display, whose page is given a display-only port; one screen, none', async () => {
    const one = boot();
    await one.settle();
    expect(one.rec.windows).toHaveLength(1);

    const m = boot({
      displays: [
        { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } },
        { id: 2, bounds: { x: 1366, y: 0, width: 1024, height: 768 } },
      ],
    });
    await m.settle();
    expect(m.rec.windows).toHaveLength(2);
    const [till, customer] = m.rec.windows as unknown as {
      options: Record<string, unknown>;
      loaded: unknown[][];
      closed: boolean;
      webContents: object;
    }[];
    expect(customer!.options).toMatchObject({ x: 1366, width: 1024, fullscreen: true, focusable: false });
    expect(customer!.loaded[0]![1]).toEqual({ query: { view: 'display' } });
    m.fromBackend({ type: 'ready' });
    const hello = (w: typeof till) =>
      m.rec.ipc.get('pos:hello')!({
        sender: Object.assign(w!.webContents, { postMessage: vi.fn() }),
        senderFrame: { url: 'file://' + join(appDir, 'dist', 'renderer', 'index.html'), parent: null },
      });
    hello(customer);
    hello(till);
    const ports = m.child().sent.filter((s) => (s.message as { type: string }).type === 'port');
    expect(ports.map((p) => (p.message as { role: string }).role)).toEqual(['display', 'till']);
  });

  it('quitting waits for the backend to close its databases', async () => {
    const m = boot();
    await m.settle();
    m.fromBackend({ type: 'ready' });
    m.app.quit();
    expect(m.rec.quitted).toBe(0); // held until the backend has closed
    expect(m.child().types()).toContain('shutdown');
    m.child().emit('exit', 0);
    await m.tick();
    expect(m.rec.quitted).toBe(1);
  });

  it('the update feed comes from the handshake (or app-update.yml), never from the environment', async () => {
    const m = boot({ packaged: true, env: { POS_UPDATE_URL: 'https://evil.example/feed/' } });
    await m.settle();
    m.fromBackend({ type: 'ready' });
    m.fromBackend({ type: 'update.check', feedUrl: null });
    expect(m.autoUpdater.feeds).toEqual([]); // app-update.yml, which electron-updater reads itself
    expect(m.autoUpdater.checks).toBe(1);
    m.fromBackend({ type: 'update.check', feedUrl: 'https://cloud.example.cn/v1/updates/feed/abc/' });
    expect(m.autoUpdater.feeds).toEqual([
      { provider: 'generic', url: 'https://cloud.example.cn/v1/updates/feed/abc/', useMultipleRangeRequest: false },
    ]);
    expect(m.autoUpdater.autoInstallOnAppQuit).toBe(false);
    // progress reaches the backend's policy
    m.autoUpdater.emit('update-available', { version: '1.3.0' });
    m.autoUpdater.emit('download-progress', { percent: 41.6 });
    m.autoUpdater.emit('update-downloaded', { version: '1.3.0' });
    const states = m.child().sent.filter((s) => (s.message as { type: string }).type === 'update.state');
    expect(states.map((s) => (s.message as { state: unknown }).state)).toEqual([
      { phase: 'downloading', version: '1.3.0', percent: 0 },
      { phase: 'downloading', version: '1.3.0', percent: 42 },
      { phase: 'downloaded', version: '1.3.0' },
    ]);
    // the policy's install: the backend closes first, then the installer runs
    m.fromBackend({ type: 'update.install' });
    await m.tick();
    expect(m.autoUpdater.installs).toEqual([]);
    m.child().emit('exit', 0);
    await m.tick();
    expect(m.autoUpdater.installs).toEqual([[true, true]]);
  });

  it('devtools responses keep their own headers; ours get the strict CSP', async () => {
    const m = boot();
    await m.settle();
    const headersOf = (url: string) => {
      let out: unknown;
      m.rec.headersHook!(
        { url, responseHeaders: { 'content-security-policy': ['x'] } },
        (r) => (out = r.responseHeaders),
      );
      return out;
    };
    expect(headersOf('devtools://devtools/bundled/devtools_app.html')).toEqual({ 'content-security-policy': ['x'] });
    expect(headersOf('file:///C:/Program%20Files/pos/index.html')).toEqual({
      'Content-Security-Policy': [RENDERER_CSP],
    });
  });
});
