// The POS side of shared/sync/protocol.ts: the one cloud client of the till. Its typed methods are the sync
// protocol's routes (paths and answer schemas from shared/); `call` is the same transport for the other
// route families (virtual goods, member cards, the back office), so signing, the session, the cloud's
// clock and the mapping of failures are done once (cloud-transport.ts). Every request but registration
// and its challenge is signed with the device key.
import type { KeyObject } from 'node:crypto';
import {
  PATHS,
  zCatalogChangesResponse,
  zDeviceMeResponse,
  zLoginResponse,
  zOverrideResponse,
  type OverrideRequest,
  type OverrideResponse,
  zRefreshResponse,
  zRegisterChallengeResponse,
  zRegisterResponse,
  type CatalogChangesResponse,
  type DeviceMeResponse,
  type LoginResponse,
  type RefreshResponse,
  type RegisterRequest,
  type RegisterResponse,
} from '../../../shared/sync/protocol';
import { batchResponseSchema, RECORDS, type BatchResponse, type RecordKind } from '../../../shared/sync/records';
import { CAPABILITIES_PATH, zCapabilities, type Capabilities } from '../../../shared/sync/capabilities';
import { registrationProof } from '../device/signer';
import { createCloudClock, type CloudClock } from './cloud-clock';
import { createCloudTransport, type CloudSend, type DeviceCredentials } from './cloud-transport';

export type { DeviceCredentials } from './cloud-transport';

export interface CloudClientOptions {
  /** the cloud's URL, read per request (the first-run screen may change it before registration) */
  baseUrl: string | (() => string);
  /** the device id and key to sign with; throws DEVICE_NOT_REGISTERED before registration */
  credentials: () => DeviceCredentials;
  now: () => number;
  timeoutMs?: number;
  /** order pushes (default 30 s); the chaos suite shortens it so held requests time out quickly */
  pushTimeoutMs?: number;
  clock?: CloudClock;
}

export interface CloudClient {
  /** asks a challenge, proves possession of the new key over it, registers (PATHS.register) */
  register(req: Omit<RegisterRequest, 'proof'>, privateKey: KeyObject): Promise<RegisterResponse>;
  login(username: string, password: string): Promise<LoginResponse>;
  /** a supervisor's password checked for an override at this till (shared/sale/overrides.ts); no session */
  override(req: OverrideRequest): Promise<OverrideResponse>;
  catalogChanges(cursor: number, limit: number): Promise<CatalogChangesResponse>;
  /** a batch of records of one kind to the kind's route (shared/sync/records.ts), judged one by one */
  pushRecords<K extends RecordKind>(kind: K, records: unknown[], sessionToken?: string): Promise<BatchResponse<K>>;
  /** this device's status as the cloud sees it (answered while pending too) */
  deviceStatus(): Promise<DeviceMeResponse>;
  /** rotates the session token: the answer's token replaces the given one, which stops working */
  refreshSession(sessionToken: string): Promise<RefreshResponse>;
  /** what the cloud serves (shared/sync/capabilities.ts); `version` is this till's, for the rollout figures */
  capabilities(version: string): Promise<Capabilities>;
  /** the cloud's clock as learned from its answers (local clock until then) */
  clock: CloudClock;
  /** any other route through the same transport (signed unless told): cloud-transport.ts */
  call: CloudSend;
}

export function createCloudClient(opts: CloudClientOptions): CloudClient {
  const clock = opts.clock ?? createCloudClock(opts.now);
  const call = createCloudTransport({
    baseUrl: opts.baseUrl,
    credentials: opts.credentials,
    clock,
    timeoutMs: opts.timeoutMs ?? 15_000,
  });

  return {
    register: async (req, privateKey) => {
      const { challenge } = await call('POST', PATHS.registerChallenge, {}, zRegisterChallengeResponse, {
        signed: false,
      });
      const proof = registrationProof(
        { challenge, fingerprint: req.device.fingerprint, publicKey: req.device.publicKey },
        privateKey,
      );
      return call('POST', PATHS.register, { ...req, proof }, zRegisterResponse, { signed: false });
    },
    login: (username, password) => call('POST', PATHS.login, { username, password }, zLoginResponse, { signed: true }),
    override: (req) => call('POST', PATHS.override, req, zOverrideResponse, { signed: true }),
    catalogChanges: (cursor, limit) =>
      call('GET', `${PATHS.catalogChanges}?cursor=${cursor}&limit=${limit}`, undefined, zCatalogChangesResponse, {
        signed: true,
        timeoutMs: 60_000,
      }),
    pushRecords: async <K extends RecordKind>(kind: K, records: unknown[], token?: string) =>
      (await call('POST', RECORDS[kind].route, { [RECORDS[kind].batchKey]: records }, batchResponseSchema(kind), {
        signed: true,
        token,
        timeoutMs: opts.pushTimeoutMs ?? 30_000,
      })) as BatchResponse<K>,
    deviceStatus: () => call('GET', PATHS.deviceMe, undefined, zDeviceMeResponse, { signed: true, timeoutMs: 5_000 }),
    refreshSession: (token) => call('POST', PATHS.refresh, {}, zRefreshResponse, { signed: true, token }),
    capabilities: (version) =>
      call('GET', `${CAPABILITIES_PATH}?version=${encodeURIComponent(version)}`, undefined, zCapabilities, {
        signed: true,
        timeoutMs: 10_000,
      }),
    clock,
    call,
  };
}
