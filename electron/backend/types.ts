// Runtime: Node (the POS backend). The seams between the backend and whatever hosts it: the Electron
// utilityProcess (electron/backend-host.ts) or web-host (electron/web-host.ts). Nothing here knows which.
import type { Result } from '../../shared/errors';
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { UpdaterPort } from './updates/service';

/**
 * Where the device's private key is kept. Electron: encrypted with safeStorage by the main process.
 * web-host and tests: a 0600 file in the data folder. A copied data folder without the key store is useless.
 */
export interface KeyStore {
  load(): Promise<Buffer | null>;
  save(secret: Buffer): Promise<void>;
}

/** What identifies this PC. Tests pass a different one to play "another machine". */
export interface MachineIdentitySource {
  machineId(): Promise<string>;
  /** physical (non-virtual, non-loopback) MAC addresses, lower case */
  macAddresses(): string[];
}

export interface BackendOptions {
  /** folder holding sales.db, catalog.db and the device files */
  dataDir: string;
  /** base URL of the cloud, e.g. http://127.0.0.1:8787 */
  cloudUrl: string;
  keyStore: KeyStore;
  identity?: MachineIdentitySource;
  /** injectable clock (epoch ms) for tests */
  now?: () => number;
  /** a monotonic clock in ms (default performance.now): elapsed time that the PC clock's jumps cannot bend (the idle lock) */
  mono?: () => number;
  /** start the background sync loop (default true; tests may drive sync by hand) */
  backgroundSync?: boolean;
  /** the version that runs (app.getVersion() in Electron; package.json's elsewhere) */
  appVersion?: string;
  /** who downloads and installs updates (Electron: main's electron-updater; web host: the feed client) */
  updater?: UpdaterPort | null;
  /** how long a request to the cloud may take (default 15 s; order pushes 30 s). The chaos suite shortens it. */
  cloudTimeoutMs?: number;
}

export type BackendEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Backend {
  /** validate, check device/session/permission, dispatch; never throws */
  call(method: string, input: unknown): Promise<Result<unknown>>;
  on(listener: BackendEventListener): () => void;
  /** resolves once the background work earlier calls started (a session rotation, a push) has settled */
  settled(): Promise<void>;
  close(): Promise<void>;
}
