// Runtime: Node inside the Electron utilityProcess (bundled to dist-electron/backend-host.cjs). Must not
// import 'electron': it talks to main through `process.parentPort` and to each renderer page through a
// MessagePortMain that main hands over. It owns the POS backend (all SQL happens here, never in main).
// The backend is loaded lazily, inside start(): a SQLite binary that does not load is then a start failure
// like a locked or corrupt database — logged to the data folder, reported to main, and answered to every
// renderer call as BACKEND_UNAVAILABLE (startup-failure.ts) — never a silent, frozen till.
import { roleHears, type PageRole } from '../shared/api/display';
import type { StartupFailure } from '../shared/api/startup';
import type { EventFrame } from '../shared/api/wire';
import type { Backend } from './backend/types';
import type { UpdaterPhase } from './backend/updates/policy';
import type { UpdaterPort } from './backend/updates/service';
import { handleFrame } from './frame-bridge';
import { isFromBackendHost, type BackendConfig, type FromBackendHost, type ToBackendHost } from './host-messages';
import { parentPortKeyStore } from './keystore.utility';
import { appendLog, startupFailure, unavailableAnswer } from './startup-failure';

/** The bits of Electron's MessagePortMain and ParentPort we use, typed here so no electron import is needed. */
interface PortLike {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}
interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) throw new Error('backend-host must run inside an Electron utilityProcess');

const toMain = (m: FromBackendHost) => parentPort.postMessage(m);
const pages = new Map<PortLike, PageRole>();
const waitingPorts: [PortLike, PageRole][] = [];
let backend: Backend | null = null;
let failure: StartupFailure | null = null;
let keystore: ReturnType<typeof parentPortKeyStore> | null = null;

// The updater lives in main (electron-updater); the backend's update policy drives it through these messages.
const updaterListeners = new Set<(s: UpdaterPhase) => void>();
const updater: UpdaterPort = {
  check: (feedUrl) => toMain({ type: 'update.check', feedUrl }),
  install: () => toMain({ type: 'update.install' }),
  onState(listener) {
    updaterListeners.add(listener);
    return () => updaterListeners.delete(listener);
  },
};

function attach(port: PortLike, role: PageRole) {
  pages.set(port, role);
  port.on('message', (e) => {
    // Frames are JSON text, exactly as on the WebSocket, so the same size cap and validation apply.
    const text = typeof e.data === 'string' ? e.data : JSON.stringify(e.data ?? null);
    if (failure) return port.postMessage(JSON.stringify(unavailableAnswer(text, failure)));
    if (backend) void handleFrame(backend, text, role).then((frame) => port.postMessage(JSON.stringify(frame)));
  });
  port.on('close', () => pages.delete(port));
  port.start();
}

async function start(config: BackendConfig) {
  keystore = parentPortKeyStore(config.dataDir, { send: toMain });
  const { createBackend } = await import('./backend/index');
  const b = await createBackend({
    dataDir: config.dataDir,
    cloudUrl: config.cloudUrl,
    appVersion: config.appVersion,
    keyStore: keystore.keyStore,
    updater,
  });
  backend = b;
  b.on((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload } satisfies EventFrame);
    for (const [p, role] of pages) if (roleHears(role, event)) p.postMessage(text);
  });
  for (const [p, role] of waitingPorts.splice(0)) attach(p, role);
  toMain({ type: 'ready' });
}

function fail(err: unknown, config: BackendConfig) {
  failure = startupFailure(err, config.dataDir);
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  appendLog(config.dataDir, [`backend failed to start (${failure.reason}): ${detail}`]);
  console.error('backend failed to start', err);
  toMain({ type: 'fatal', failure });
  // Pages that asked for a port before the failure get their answers now, every call of theirs included.
  for (const [p, role] of waitingPorts.splice(0)) attach(p, role);
}

parentPort.on('message', (e) => {
  const msg = e.data as ToBackendHost;
  if (isFromBackendHost(msg)) return; // never from main; ignore echoes
  switch (msg?.type) {
    case 'config':
      start(msg.config).catch((err: unknown) => fail(err, msg.config));
      break;
    case 'port': {
      const port = e.ports[0];
      if (!port) break;
      const role = msg.role ?? 'till';
      if (backend || failure) attach(port, role);
      else waitingPorts.push([port, role]);
      break;
    }
    case 'keystore.reply':
      keystore?.onReply(msg);
      break;
    case 'update.state':
      for (const l of updaterListeners) l(msg.state);
      break;
    case 'shutdown':
      void (async () => {
        for (const p of pages.keys()) p.close();
        await backend?.close();
        process.exit(0);
      })();
      break;
  }
});
