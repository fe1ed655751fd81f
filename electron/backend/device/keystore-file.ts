// KeyStore for web-host and tests: the PKCS8 key in `device.key` in the data folder, mode 0600.
// (Electron uses safeStorage instead; see keystore.electron.ts, owned by the main process.)
import { chmod, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyStore } from '../types';

export function nodeFileKeyStore(dataDir: string, fileName = 'device.key'): KeyStore {
  const path = join(dataDir, fileName);
  return {
    async load() {
      try {
        return await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async save(secret) {
      // Write-then-rename so a crash never leaves a truncated key behind.
      const tmp = `${path}.tmp`;
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(secret);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await chmod(tmp, 0o600);
      await rename(tmp, path);
    },
  };
}
