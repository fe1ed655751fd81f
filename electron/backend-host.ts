// Runtime: Node inside the Electron utilityProcess (bundled to dist-electron/backend-host.cjs). Must not
// import 'electron': it talks to main through `process.parentPort` and to each renderer page through a
// MessagePortMain that main hands over. It owns the POS backend (all SQL happens here, never in main).
import type { EventFrame } from '../shared/api/wire';
import { createBackend } from './backend/index';
import type { Backend } from './backend/types';
import { handleFrame } from './frame-bridge';
import { isFromBackendHost, type FromBackendHost, type ToBackendHost } from './host-messages';
import { parentPortKeyStore } from './keystore.utility';

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
const pages = new Set<PortLike>();
const waitingPorts: PortLike[] = [];
let backend: Backend | null = null;
let keystore: ReturnType<typeof parentPortKeyStore> | null = null;

function attach(port: PortLike, b: Backend) {
  pages.add(port);
  port.on('message', (e) => {
    // Frames are JSON text, exactly as on the WebSocket, so the same size cap and validation apply.
    void handleFrame(b, typeof e.data === 'string' ? e.data : JSON.stringify(e.data ?? null)).then((frame) =>
      port.postMessage(JSON.stringify(frame)),
    );
  });
  port.on('close', () => pages.delete(port));
  port.start();
}

async function start(config: { dataDir: string; cloudUrl: string }) {
  keystore = parentPortKeyStore(config.dataDir, { send: toMain });
  backend = await createBackend({ dataDir: config.dataDir, cloudUrl: config.cloudUrl, keyStore: keystore.keyStore });
  backend.on((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload } satisfies EventFrame);
    for (const p of pages) p.postMessage(text);
  });
  for (const p of waitingPorts.splice(0)) attach(p, backend);
  toMain({ type: 'ready' });
}

parentPort.on('message', (e) => {
  const msg = e.data as ToBackendHost;
  if (isFromBackendHost(msg)) return; // never from main; ignore echoes
  switch (msg?.type) {
    case 'config':
      start(msg.config).catch((err: unknown) => {
        console.error('backend failed to start', err);
        toMain({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
      });
      break;
    case 'port': {
      const port = e.ports[0];
      if (!port) break;
      if (backend) attach(port, backend);
      else waitingPorts.push(port);
      break;
    }
    case 'keystore.reply':
      keystore?.onReply(msg);
      break;
    case 'shutdown':
      void (async () => {
        for (const p of pages) p.close();
        await backend?.close();
        process.exit(0);
      })();
      break;
  }
});
