// Runtime: Node (Vitest). The device key store across the two processes: main answers with safeStorage's
// asynchronous calls only (the synchronous ones are deprecated in Electron 45 — the fake here has none), and
// a key the OS asks to re-encrypt (shouldReEncrypt) is sealed again by the backend's side.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromBackendHost, ToBackendHost } from './host-messages';
import { parentPortKeyStore } from './keystore.utility';
import { fakeElectron, runWithElectron } from './testing/fake-electron';

type Answer = (req: Extract<FromBackendHost, { type: 'keystore.request' }>) => Promise<ToBackendHost>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-keystore-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function mainSide(rotated: boolean): Answer {
  const f = fakeElectron();
  const safeStorage = {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: async (s: string) => Buffer.from(`${rotated ? 'v2' : 'v1'}:${s}`),
    decryptStringAsync: async (b: Buffer) => ({
      result: b.toString().slice(3),
      shouldReEncrypt: rotated && b.toString().startsWith('v1:'),
    }),
  };
  const mod = runWithElectron('keystore.electron.ts', { ...f.electron, safeStorage });
  return mod.answerKeystoreRequest as Answer;
}

describe('device key store', () => {
  it('seals with the asynchronous safeStorage calls and opens what it sealed', async () => {
    const answer = mainSide(false);
    const store = parentPortKeyStore(dir, {
      send: (m) => void answer(m as never).then((r) => store.onReply(r as never)),
    });
    const secret = Buffer.from('the device private key');
    await store.keyStore.save(secret);
    expect((await readFile(join(dir, 'device.key.enc'))).toString()).toMatch(/^v1:/);
    expect((await store.keyStore.load())!.equals(secret)).toBe(true);
  });

  it('seals a key again when the OS rotated its own key', async () => {
    await writeFile(join(dir, 'device.key.enc'), `v1:${Buffer.from('old key').toString('base64')}`);
    const answer = mainSide(true);
    const store = parentPortKeyStore(dir, {
      send: (m) => void answer(m as never).then((r) => store.onReply(r as never)),
    });
    expect((await store.keyStore.load())!.toString()).toBe('old key');
    expect((await readFile(join(dir, 'device.key.enc'))).toString()).toMatch(/^v2:/);
  });

  it('refuses when no OS keyring is there', async () => {
    const f = fakeElectron();
    const mod = runWithElectron('keystore.electron.ts', {
      ...f.electron,
      safeStorage: { isAsyncEncryptionAvailable: async () => false },
    });
    const reply = await (mod.answerKeystoreRequest as Answer)({
      type: 'keystore.request',
      id: 1,
      op: 'encrypt',
      data: 'x',
    });
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/not available/) });
  });
});
