// Runtime: Node (tests only). The Electron shell's files run here without the Electron binary: each entry is
// bundled to CommonJS with the Electron module (and electron-updater) left external and run in a sandbox where
// requiring Electron yields a fake (fakeElectron below) that records what the shell does and lets the test
// play the other side — the app's lifecycle events, the backend utilityProcess, the renderer's ports.
import { buildSync } from 'esbuild';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

/** Bundles an entry to CommonJS (Electron left external) and runs it with the Electron module stubbed.
 *  Nothing here imports Electron: its name is only compared with in the sandbox's require. */
const ELECTRON = 'electron';
export function runWithElectron(
  entry: string,
  electron: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  dirname = '/opt/pos/dist-electron',
): Record<string, unknown> {
  const out = buildSync({
    entryPoints: [join(__dirname, '..', entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    external: [ELECTRON, `${ELECTRON}-updater`],
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  const module = { exports: {} };
  const requireStub = (name: string) => {
    if (name === ELECTRON) return electron;
    if (name in extra) return extra[name];
    return require(name); // eslint-disable-line @typescript-eslint/no-require-imports -- the sandboxed bundle's own require
  };
  runInNewContext(code, {
    require: requireStub,
    module,
    exports: module.exports,
    __dirname: dirname,
    process,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setImmediate,
    URL,
    Buffer,
    AbortSignal,
    fetch,
  });
  return module.exports;
}

/**
 * A MessagePortMain pair: what one side posts, the other receives asynchronously — and, like the real one,
 * only once the receiving side called start(): until then messages queue (none is lost).
 */
export class FakePort extends EventEmitter {
  peer!: FakePort;
  closed = false;
  private started = false;
  private queued: { data: unknown; ports: FakePort[] }[] = [];
  postMessage(data: unknown, ports: FakePort[] = []) {
    setImmediate(() => this.peer.deliver({ data, ports }));
  }
  private deliver(m: { data: unknown; ports: FakePort[] }) {
    if (this.started) this.emit('message', m);
    else this.queued.push(m);
  }
  start() {
    this.started = true;
    for (const m of this.queued.splice(0)) this.emit('message', m);
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
}
export function portPair(): [FakePort, FakePort] {
  const a = new FakePort();
  const b = new FakePort();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** The backend utilityProcess as main sees it. */
export class FakeChild extends EventEmitter {
  sent: { message: unknown; ports?: unknown[] }[] = [];
  killed = false;
  postMessage(message: unknown, ports?: unknown[]) {
    this.sent.push({ message, ports });
  }
  kill() {
    this.killed = true;
    setImmediate(() => this.emit('exit', null));
    return true;
  }
  types() {
    return this.sent.map((s) => (s.message as { type: string }).type);
  }
}

export interface WindowRecord {
  options: unknown;
  /** what loadFile was given: the file and its options (the customer display's query) */
  loaded: unknown[][];
  closed: boolean;
  posted: { channel: string; ports: FakePort[] }[];
  webContents: EventEmitter & { postMessage: (channel: string, m: unknown, ports?: FakePort[]) => void };
}

export interface FakeElectronOptions {
  lock?: boolean;
  packaged?: boolean;
  userData?: string;
  version?: string;
  /** the screens (the first is the primary); default one 1366×768 screen */
  displays?: { id: number; bounds: { x: number; y: number; width: number; height: number }; internal?: boolean }[];
}

export function fakeElectron(o: FakeElectronOptions = {}) {
  const rec = {
    exits: [] as number[],
    quits: 0,
    /** quits that went through (before-quit not prevented) */
    quitted: 0,
    readyAsked: 0,
    children: [] as FakeChild[],
    windows: [] as WindowRecord[],
    ipc: new Map<string, (event: unknown) => void>(),
    headersHook: undefined as
      | ((
          d: { url: string; responseHeaders?: Record<string, string[]> },
          cb: (r: { responseHeaders?: unknown }) => void,
        ) => void)
      | undefined,
    beforeRequestHook: undefined as ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined,
  };
  const displays = o.displays ?? [{ id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } }];
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: o.packaged ?? false,
    setPath() {},
    enableSandbox() {},
    requestSingleInstanceLock: () => o.lock ?? true,
    exit: (code = 0) => void rec.exits.push(code),
    quit() {
      rec.quits++;
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) rec.quitted++;
    },
    whenReady: () => {
      rec.readyAsked++;
      return whenReady;
    },
    getPath: () => o.userData ?? '/tmp/pos-data',
    getVersion: () => o.version ?? '1.2.0',
  });
  class FakeWindow {
    posted: { channel: string; ports: FakePort[] }[] = [];
    webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler() {},
      postMessage: (channel: string, _m: unknown, ports: FakePort[] = []) => this.posted.push({ channel, ports }),
    });
    constructor(readonly options: unknown) {
      rec.windows.push(this);
    }
    loaded: unknown[][] = [];
    closed = false;
    once() {}
    on() {}
    isMinimized = () => false;
    focus() {}
    showInactive() {}
    setBounds() {}
    close() {
      this.closed = true;
    }
    loadFile(...args: unknown[]) {
      this.loaded.push(args);
      return Promise.resolve();
    }
  }
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { on: (ch: string, h: (e: unknown) => void) => rec.ipc.set(ch, h) },
    screen: Object.assign(new EventEmitter(), {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0]!,
    }),
    MessageChannelMain: class {
      port1: FakePort;
      port2: FakePort;
      constructor() {
        [this.port1, this.port2] = portPair();
      }
    },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (h: typeof rec.headersHook) => (rec.headersHook = h),
          onBeforeRequest: (h: typeof rec.beforeRequestHook) => (rec.beforeRequestHook = h),
        },
        setPermissionRequestHandler() {},
        setPermissionCheckHandler() {},
      },
    },
    utilityProcess: {
      fork: () => {
        const c = new FakeChild();
        rec.children.push(c);
        return c;
      },
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: async (s: string) => Buffer.from(`sealed:${s}`),
      decryptStringAsync: async (b: Buffer) => ({ result: b.toString().slice(7), shouldReEncrypt: false }),
    },
  };
  const settle = () => whenReady.then(() => new Promise((r) => setTimeout(r, 5)));
  return { electron, app, rec, ready, settle };
}

/** electron-updater's autoUpdater, as far as updater.ts uses it. */
export class FakeAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  disableDifferentialDownload = false;
  logger: unknown = null;
  feeds: unknown[] = [];
  checks = 0;
  installs: [boolean, boolean][] = [];
  setFeedURL(o: unknown) {
    this.feeds.push(o);
  }
  checkForUpdates() {
    this.checks++;
    return Promise.resolve(null);
  }
  quitAndInstall(silent = false, runAfter = false) {
    this.installs.push([silent, runAfter]);
  }
}
