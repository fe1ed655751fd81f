// Runtime: Node (Vitest). What the renderer can reach, proven from the shipped sources with Electron
// stubbed: the preload exposes exactly window.pos = { call, on } (nothing else, no ipcRenderer); main.ts
// answers the port request only for our own top-level page in our own window; it blocks remote requests;
// and the CSPs of main.ts and web-host.ts are both strict.
import { describe, expect, it, vi } from 'vitest';
import { CSP as WEB_HOST_CSP } from './web-host';
import { fakeElectron, runWithElectron } from './testing/fake-electron';
import { mainWindowOptions, RENDERER_CSP } from './window-options';

describe('preload surface', () => {
  it('exposes exactly window.pos = { call, on } and talks only on pos:hello / pos:port', () => {
    const exposed: [string, Record<string, unknown>][] = [];
    const sent: string[] = [];
    const listened: string[] = [];
    runWithElectron('preload.ts', {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.push([name, api]) },
      ipcRenderer: { on: (ch: string) => listened.push(ch), send: (ch: string) => sent.push(ch) },
    });
    expect(exposed.map(([n]) => n)).toEqual(['pos']);
    const api = exposed[0]![1];
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
    expect(typeof api.call).toBe('function');
    expect(typeof api.on).toBe('function');
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(api))).toEqual(
      Object.getOwnPropertyNames(Object.prototype),
    );
    expect(sent).toEqual(['pos:hello']);
    expect(listened).toEqual(['pos:port']);
    // calls made before the port arrives are queued, not thrown, and return a promise
    const pending = (api.call as (m: string, i: unknown) => { then?: unknown })('app.status', {});
    expect(typeof pending.then).toBe('function'); // a promise (of the sandbox's realm)
    expect(typeof (api.on as (e: string, l: () => void) => unknown)('sync.status', () => {})).toBe('function');
  });
});

describe('main process', () => {
  function boot() {
    const f = fakeElectron();
    runWithElectron('main.ts', f.electron);
    f.ready();
    const hooks = { beforeRequest: () => f.rec.beforeRequestHook, headers: () => f.rec.headersHook };
    return { ipc: f.rec.ipc, windows: f.rec.windows, hooks, settle: f.settle };
  }

  it('hands the backend port only to our own top-level page in our own window', async () => {
    const m = boot();
    await m.settle();
    expect(m.windows).toHaveLength(1);
    expect(m.windows[0]!.options).toEqual(mainWindowOptions('/opt/pos/dist-electron/preload.cjs', { devTools: true }));
    const hello = m.ipc.get('pos:hello')!;
    const ours = 'file:///opt/pos/dist/renderer/index.html';
    const attempt = (sender: unknown, url: string, parent: unknown = null) => {
      const postMessage = vi.fn();
      hello({
        sender: sender === 'win' ? Object.assign(m.windows[0]!.webContents, { postMessage }) : { postMessage },
        senderFrame: { url, parent },
      });
      return postMessage.mock.calls.length;
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(attempt('other-webcontents', ours)).toBe(0); // another window / webview
    expect(attempt('win', 'https://evil.example/')).toBe(0); // a foreign page in our window
    expect(attempt('win', ours, { url: ours })).toBe(0); // a sub-frame
    expect(warn).toHaveBeenCalledTimes(3);
    expect(attempt('win', ours)).toBe(1);
    warn.mockRestore();
  });

  it('blocks remote requests and stamps the strict CSP on every response', async () => {
    const m = boot();
    await m.settle();
    const cancel = (url: string) => {
      let r: { cancel: boolean } | undefined;
      m.hooks.beforeRequest()!({ url }, (x) => (r = x));
      return r!.cancel;
    };
    expect(cancel('https://evil.example/x.js')).toBe(true);
    expect(cancel('http://127.0.0.1:8787/v1/health')).toBe(true); // the renderer never talks to the cloud itself
    expect(cancel('file:///opt/pos/dist/renderer/index.html')).toBe(false);
    let headers: { responseHeaders: Record<string, string[]> } | undefined;
    m.hooks.headers()!(
      {
        url: 'file:///opt/pos/dist/renderer/index.html',
        responseHeaders: { 'content-security-policy': ['default-src *'] },
      },
      (r) => (headers = r as typeof headers),
    );
    expect(headers!.responseHeaders).toEqual({ 'Content-Security-Policy': [RENDERER_CSP] });
  });
});

describe('CSP of main.ts and web-host.ts', () => {
  const parse = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([k, ...v]) => [k!, v]),
    );
  for (const [name, csp] of [
    ['main (RENDERER_CSP)', RENDERER_CSP],
    ['web-host (CSP)', WEB_HOST_CSP],
  ] as const) {
    it(`${name} is strict`, () => {
      const d = parse(csp);
      expect(d.get('default-src')).toEqual(["'self'"]);
      expect(d.get('script-src')).toEqual(["'self'"]); // no inline, no eval, no remote script
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'none'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(d.get('img-src')!.every((s) => s === "'self'" || s === 'data:')).toBe(true);
      // connections: our own origin, plus (web-host only) its loopback WebSocket — never a remote host
      expect(d.get('connect-src')!.every((s) => s === "'self'" || /^ws:\/\/(127\.0\.0\.1|localhost):\*$/.test(s))).toBe(
        true,
      );
      for (const [k, v] of d) expect(v, k).not.toContain('*');
    });
  }
  it('differ only where the transports differ (web-host: loopback WebSocket; Electron: no forms)', () => {
    const a = parse(RENDERER_CSP);
    const b = parse(WEB_HOST_CSP);
    for (const k of ['default-src', 'script-src', 'style-src', 'img-src', 'object-src', 'base-uri', 'frame-ancestors'])
      expect(a.get(k), k).toEqual(b.get(k));
  });
});
