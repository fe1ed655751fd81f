// Runtime: Node inside the Electron utilityProcess (no 'electron' import). A KeyStore whose file holds
// only what main's safeStorage encrypted; main is asked over the parent port to encrypt and decrypt.
import { chmod, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyStore } from './backend/types';
import type { FromBackendHost, ToBackendHost } from './host-messages';

type Reply = Extract<ToBackendHost, { type: 'keystore.reply' }>;
type Answer = { data: string; reseal: boolean };

export interface KeystoreChannel {
  send(message: FromBackendHost): void;
}

export function parentPortKeyStore(dataDir: string, channel: KeystoreChannel, fileName = 'device.key.enc') {
  const path = join(dataDir, fileName);
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: Answer) => void; reject: (e: Error) => void }>();

  const ask = (op: 'encrypt' | 'decrypt', data: string) =>
    new Promise<Answer>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      channel.send({ type: 'keystore.request', id, op, data });
    });

  const keyStore: KeyStore = {
    async load() {
      let blob: Buffer;
      try {
        blob = await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      const opened = await ask('decrypt', blob.toString('base64'));
      const secret = Buffer.from(opened.data, 'base64');
      // The OS rotated its key: seal the secret again under the new one (the old blob stays until then).
      if (opened.reseal) await keyStore.save(secret);
      return secret;
    },
    async save(secret) {
      const blob = Buffer.from((await ask('encrypt', secret.toString('base64'))).data, 'base64');
      const tmp = `${path}.tmp`;
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(blob);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await chmod(tmp, 0o600);
      await rename(tmp, path);
    },
  };

  /** feed every keystore.reply from the parent port here */
  const onReply = (reply: Reply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve({ data: reply.data, reseal: reply.reseal === true });
    else w.reject(new Error(`key store: ${reply.error}`));
  };

  return { keyStore, onReply };
}
