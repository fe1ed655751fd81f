// Runtime: Node, pure types + guards (no 'electron' import). Messages between the Electron main process
// and the backend utilityProcess over the parent port. Renderer frames never travel here: they use the
// MessagePort pair that main hands out (see main.ts), carrying shared/api/wire.ts frames as JSON text.

export interface BackendConfig {
  /** app.getPath('userData'): sales.db, catalog.db, device files */
  dataDir: string;
  cloudUrl: string;
}

/** main → utility */
export type ToBackendHost =
  | { type: 'config'; config: BackendConfig }
  /** carries one MessagePortMain (in `ports`) connected to one renderer page load */
  | { type: 'port' }
  | { type: 'keystore.reply'; id: number; ok: true; data: string }
  | { type: 'keystore.reply'; id: number; ok: false; error: string }
  | { type: 'shutdown' };

/** utility → main. Only the main process holds safeStorage, so it encrypts and decrypts the device key. */
export type FromBackendHost =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'keystore.request'; id: number; op: 'encrypt' | 'decrypt'; /** base64 */ data: string };

export function isFromBackendHost(m: unknown): m is FromBackendHost {
  const t = (m as { type?: unknown } | null)?.type;
  return t === 'ready' || t === 'fatal' || t === 'keystore.request';
}
