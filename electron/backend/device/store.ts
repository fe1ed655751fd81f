// The device record in sales.db (one row at most) and the in-memory binding state derived at open.
import { zDevicePolicy, type OrgKind, type RegisterResponse } from '../../../shared/sync/protocol';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../../shared/time';
import type { Db } from '../db/open';

export type DevicePolicy = RegisterResponse['policy'];

/** The zone every time on this till is shown and printed in: the outlet's setting as the last login brought
 *  it, else the zone given at registration, else Asia/Shanghai. */
export function deviceTimeZone(record: Pick<DeviceRecord, 'policy' | 'outletTimezone'> | null | undefined): string {
  const tz = record?.policy.timeZone ?? record?.outletTimezone;
  return tz && isTimeZone(tz) ? tz : DEFAULT_TIME_ZONE;
}
export type DeviceStatus = 'pending' | 'active' | 'revoked';

export interface DeviceRecord {
  deviceId: string;
  fingerprint: string;
  publicKey: string;
  name: string;
  platform: string;
  outletId: string;
  outletName: string;
  outletTimezone: string;
  /** 'agent': an agent's back-office PC (sales 0005) — it neither sells nor syncs a catalog or orders */
  orgKind: OrgKind;
  status: DeviceStatus;
  policy: DevicePolicy;
  registeredAt: number;
}

interface Row {
  device_id: string;
  fingerprint: string;
  public_key: string;
  name: string;
  platform: string;
  outlet_id: string;
  outlet_name: string;
  outlet_timezone: string;
  org_kind: OrgKind;
  status: DeviceStatus;
  policy_json: string;
  registered_at: number;
}

export function createDeviceStore(db: Db) {
  const get = db.prepare('SELECT * FROM device WHERE singleton = 1');
  const put = db.prepare(`INSERT INTO device (singleton, device_id, fingerprint, public_key, name, platform, outlet_id,
      outlet_name, outlet_timezone, org_kind, status, policy_json, registered_at)
    VALUES (1, @deviceId, @fingerprint, @publicKey, @name, @platform, @outletId, @outletName, @outletTimezone, @orgKind, @status, @policy, @registeredAt)
    ON CONFLICT (singleton) DO UPDATE SET device_id = excluded.device_id, fingerprint = excluded.fingerprint,
      public_key = excluded.public_key, name = excluded.name, platform = excluded.platform, outlet_id = excluded.outlet_id,
      outlet_name = excluded.outlet_name, outlet_timezone = excluded.outlet_timezone, org_kind = excluded.org_kind, status = excluded.status,
      policy_json = excluded.policy_json, registered_at = excluded.registered_at`);
  const setStatus = db.prepare('UPDATE device SET status = ? WHERE singleton = 1');
  const setPolicy = db.prepare('UPDATE device SET policy_json = ? WHERE singleton = 1');

  return {
    get(): DeviceRecord | null {
      const r = get.get() as Row | undefined;
      if (!r) return null;
      return {
        deviceId: r.device_id,
        fingerprint: r.fingerprint,
        publicKey: r.public_key,
        name: r.name,
        platform: r.platform,
        outletId: r.outlet_id,
        outletName: r.outlet_name,
        outletTimezone: r.outlet_timezone,
        orgKind: r.org_kind,
        status: r.status,
        policy: zDevicePolicy.parse(JSON.parse(r.policy_json)),
        registeredAt: r.registered_at,
      };
    },
    save(d: DeviceRecord) {
      put.run({ ...d, policy: JSON.stringify(d.policy) });
    },
    setStatus(status: DeviceStatus) {
      setStatus.run(status);
    },
    setPolicy(policy: DevicePolicy) {
      setPolicy.run(JSON.stringify(policy));
    },
  };
}
export type DeviceStore = ReturnType<typeof createDeviceStore>;
