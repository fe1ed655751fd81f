// The device's Ed25519 key pair. Only the PKCS8 private key is stored (through a KeyStore); the public
// key is derived from it, so the two can never disagree.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { KeyStore } from '../types';

export interface DeviceKey {
  privateKey: KeyObject;
  /** SPKI DER, base64: what the cloud stores to verify our signatures */
  publicKeyB64: string;
}

export function keyFromPkcs8(der: Buffer): DeviceKey {
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const publicKeyB64 = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  return { privateKey, publicKeyB64 };
}

export async function loadDeviceKey(store: KeyStore): Promise<DeviceKey | null> {
  const der = await store.load();
  if (!der) return null;
  try {
    return keyFromPkcs8(der);
  } catch {
    return null;
  }
}

export async function loadOrCreateDeviceKey(store: KeyStore): Promise<DeviceKey> {
  const existing = await loadDeviceKey(store);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  await store.save(der);
  return keyFromPkcs8(der);
}

/** A new key pair replacing the stored one (device reset): the old registration can never sign again. */
export async function replaceDeviceKey(store: KeyStore): Promise<DeviceKey> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  await store.save(der);
  return keyFromPkcs8(der);
}
