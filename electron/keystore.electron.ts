// Runtime: Electron main. The main-process half of the device key store: safeStorage (DPAPI on Windows,
// Keychain on macOS, libsecret on Linux) encrypts and decrypts for the backend utilityProcess, which keeps
// only the encrypted blob on disk — so a data folder copied to another PC or user account is useless.
// Uses the asynchronous calls (Electron 45 deprecates encryptString / decryptString / isEncryptionAvailable);
// data sealed by the old synchronous calls opens with them too. When safeStorage says the key rotated
// (shouldReEncrypt), the reply asks the backend to seal it again.
import { safeStorage } from 'electron';
import type { FromBackendHost, ToBackendHost } from './host-messages';

type Request = Extract<FromBackendHost, { type: 'keystore.request' }>;

export async function answerKeystoreRequest(req: Request): Promise<ToBackendHost> {
  try {
    if (!(await safeStorage.isAsyncEncryptionAvailable()))
      throw new Error('OS encryption (safeStorage) is not available');
    // Refuse Linux's hard-coded fallback key: it would make the "encrypted" key file portable.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('no OS keyring available (safeStorage would use a fixed key)');
    }
    if (req.op === 'encrypt') {
      const sealed = await safeStorage.encryptStringAsync(req.data);
      return { type: 'keystore.reply', id: req.id, ok: true, data: sealed.toString('base64') };
    }
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(req.data, 'base64'));
    return { type: 'keystore.reply', id: req.id, ok: true, data: result, ...(shouldReEncrypt ? { reseal: true } : {}) };
  } catch (e) {
    return { type: 'keystore.reply', id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
