// Runtime: Node, pure types + guards (no 'electron' import). Messages between the Electron main process
// and the backend utilityProcess over the parent port. Renderer frames never travel here: they use the
// MessagePort pair that main hands out (see main.ts), carrying shared/api/wire.ts frames as JSON text.
import type { PageRole } from '../shared/api/display';
import type { StartupFailure } from '../shared/api/startup';
import type { UpdaterPhase } from './backend/updates/policy';

export interface BackendConfig {
  /** app.getPath('userData'): sales.db, catalog.db, device files */
  dataDir: string;
  /** the build's cloud (or POS_CLOUD_URL in development); a URL typed on the first-run screen overrides it */
  cloudUrl: string;
  /** app.getVersion(): what runs now (the handshake and the update policy compare against it) */
  appVersion: string;
}

/** main → utility */
export type ToBackendHost =
  | { type: 'config'; config: BackendConfig }
  /** carries one MessagePortMain (in `ports`) connected to one renderer page load; role 'display' is the
   *  customer display's page, which may only read the display state (shared/api/display.ts) */
  | { type: 'port'; role?: PageRole }
  | {
      type: 'keystore.reply';
      id: number;
      ok: true;
      data: string;
      /** decrypted with an old key: seal again */ reseal?: boolean;
    }
  | { type: 'keystore.reply'; id: number; ok: false; error: string }
  /** what electron-updater is doing */
  | { type: 'update.state'; state: UpdaterPhase }
  | { type: 'shutdown' };

/** utility → main. Only the main process holds safeStorage, so it encrypts and decrypts the device key. */
export type FromBackendHost =
  | { type: 'ready' }
  | { type: 'fatal'; failure: StartupFailure }
  | { type: 'keystore.request'; id: number; op: 'encrypt' | 'decrypt'; /** base64 */ data: string }
  /** check this feed now (the device's own, from the handshake; null: the build's app-update.yml) */
  | { type: 'update.check'; feedUrl: string | null }
  /** the policy found a safe, accepted moment: close the backend, then run the installer */
  | { type: 'update.install' };

const FROM_BACKEND: ReadonlySet<string> = new Set([
  'ready',
  'fatal',
  'keystore.request',
  'update.check',
  'update.install',
]);

export function isFromBackendHost(m: unknown): m is FromBackendHost {
  const t = (m as { type?: unknown } | null)?.type;
  return typeof t === 'string' && FROM_BACKEND.has(t);
}
