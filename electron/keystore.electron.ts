// Runtime: Electron main. The main-process half of the device key store: safeStorage (DPAPI on Windows,
// Keychain on macOS, libsecret on Linux) encrypts and decrypts for the backend utilityProcess, which keeps
// only the encrypted blob on disk — so a data folder copied to another PC or user account is useless.
import { safeStorage } from 'electron';
import type { FromBackendHost, ToBackendHost } from './host-messages';

type Request = Extract<FromBackendHost, { type: 'keystore.request' }>;

export function answerKeystoreRequest(req: Request): ToBackendHost {
  try {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('OS encryption (safeStorage) is not available');
    // Refuse Linux's hard-coded fallback key: it would make the "encrypted" key file portable.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('no OS keyring available (safeStorage would use a fixed key)');
    }
    const data =
      req.op === 'encrypt'
        ? safeStorage.encryptString(req.data).toString('base64')
        : safeStorage.decryptString(Buffer.from(req.data, 'base64'));
    return { type: 'keystore.reply', id: req.id, ok: true, data };
  } catch (e) {
    return { type: 'keystore.reply', id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
