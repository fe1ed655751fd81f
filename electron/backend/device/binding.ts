// Binds the data folder to this PC. A folder copied to another computer (different fingerprint) or
// separated from its key store (no key, or a different key) is refused outright: DEVICE_MISMATCH.
import { platform } from 'node:os';
import type { DeviceState } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { CloudClient } from '../sync/cloud-client';
import type { KeyStore, MachineIdentitySource } from '../types';
import { deviceFingerprint } from './identity';
import { loadDeviceKey, loadOrCreateDeviceKey, replaceDeviceKey, type DeviceKey } from './keys';
import { deviceTimeZone, type DeviceRecord, type DeviceStore } from './store';

export interface DeviceBinding {
  record(): DeviceRecord | null;
  key(): DeviceKey | null;
  /** set when this folder belongs to another machine or lost its key; everything is refused */
  mismatch(): string | null;
  state(cloudUrl: string): DeviceState;
  register(p: { username: string; password: string; deviceName: string; cloud: CloudClient }): Promise<DeviceRecord>;
  /** after the local data was wiped: forget the record and replace the key, so a new registration is a new device */
  forget(): Promise<void>;
}

export async function openDeviceBinding(p: {
  store: DeviceStore;
  keyStore: KeyStore;
  identity: MachineIdentitySource;
}): Promise<DeviceBinding> {
  const fingerprint = await deviceFingerprint(p.identity);
  let record = p.store.get();
  let key = await loadDeviceKey(p.keyStore);
  let mismatch: string | null = null;
  if (record) {
    if (record.fingerprint !== fingerprint) mismatch = 'This data folder was made on another computer';
    else if (!key) mismatch = "This data folder's device key is missing (was the folder copied from another computer?)";
    else if (key.publicKeyB64 !== record.publicKey)
      mismatch = "This data folder's device key does not match its registration";
  }

  return {
    record: () => record,
    key: () => key,
    mismatch: () => mismatch,
    state(cloudUrl) {
      return {
        state: record?.status ?? 'unregistered',
        deviceId: record?.deviceId ?? null,
        name: record?.name ?? null,
        outletName: record?.outletName ?? null,
        orgKind: record?.orgKind ?? null,
        cloudUrl,
        timeZone: deviceTimeZone(record),
      };
    },
    async register({ username, password, deviceName, cloud }) {
      if (mismatch) throw new AppError('DEVICE_MISMATCH', mismatch);
      if (record && record.status !== 'revoked') throw new AppError('CONFLICT', 'This computer is already registered');
      key ??= await loadOrCreateDeviceKey(p.keyStore);
      const res = await cloud.register(
        {
          username,
          password,
          device: { name: deviceName, fingerprint, publicKey: key.publicKeyB64, platform: platform() },
        },
        key.privateKey,
      );
      record = {
        deviceId: res.deviceId,
        fingerprint,
        publicKey: key.publicKeyB64,
        name: deviceName,
        platform: platform(),
        outletId: res.outlet.id,
        outletName: res.outlet.name,
        outletTimezone: res.outlet.timezone,
        orgKind: res.outlet.kind,
        status: res.status,
        policy: res.policy,
        registeredAt: Date.now(),
      };
      p.store.save(record);
      return record;
    },
    async forget() {
      if (mismatch) throw new AppError('DEVICE_MISMATCH', mismatch);
      record = null;
      key = await replaceDeviceKey(p.keyStore);
    },
  };
}

/** Keeps the in-memory record in step when the cloud reports a status change. */
export function refreshRecord(
  binding: DeviceBinding,
  store: DeviceStore,
  patch: Partial<Pick<DeviceRecord, 'status' | 'policy'>>,
): void {
  const r = binding.record();
  if (!r) return;
  if (patch.status && patch.status !== r.status) {
    store.setStatus(patch.status);
    r.status = patch.status;
  }
  if (patch.policy) {
    store.setPolicy(patch.policy);
    r.policy = patch.policy;
  }
}
