// The POS side of shared/sync/protocol.ts over fetch. Every request but `register` is signed with the
// device key. Failures are typed: no answer → OFFLINE; the cloud's `{error:{code,message}}` → that code;
// anything else (bad JSON, a body that fails its schema, an unknown code) → CLOUD_ERROR.
// Signed requests are stamped with the cloud's clock as learned from its answers (cloud-clock.ts); a
// CLOCK_SKEW refusal teaches the clock (its details carry serverTime) and the request is re-signed and
// sent once more.
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
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
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import { registrationProof, signRequest } from '../device/signer';
import { createCloudClock, type CloudClock } from './cloud-clock';

export interface DeviceCredentials {
  deviceId: string;
  privateKey: KeyObject;
}

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
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

export function createCloudClient(opts: CloudClientOptions): CloudClient {
  const base = () => (typeof opts.baseUrl === 'function' ? opts.baseUrl() : opts.baseUrl).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const clock = opts.clock ?? createCloudClock(opts.now);

  /** Learns the cloud's time from an answer: our own header (precise) or the HTTP Date header (seconds). */
  function learnTime(res: Response, t0: number, t1: number) {
    const precise = Number(res.headers.get(SIGNATURE_HEADERS.serverTime));
    if (Number.isSafeInteger(precise) && precise > 0) return clock.learn(precise, t0, t1, true);
    const date = Date.parse(res.headers.get('date') ?? '');
    // Date has whole seconds: the true time lies in [date, date + 1000).
    if (Number.isFinite(date)) clock.learn(date + 500, t0, t1, false);
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    body: unknown,
    schema: S,
    p: { signed: boolean; token?: string; timeoutMs?: number; retried?: boolean },
  ): Promise<z.output<S>> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (p.signed) {
      const c = opts.credentials();
      Object.assign(
        headers,
        signRequest({
          deviceId: c.deviceId,
          privateKey: c.privateKey,
          method,
          pathWithQuery,
          body: text,
          now: clock.now(),
        }),
      );
    }
    if (p.token) headers[SIGNATURE_HEADERS.session] = `Bearer ${p.token}`;

    let res: Response;
    const t0 = clock.mono();
    try {
      res = await fetch(base() + pathWithQuery, {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(p.timeoutMs ?? timeoutMs),
      });
    } catch (e) {
      const why = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'cannot be reached';
      throw new AppError('OFFLINE', `The cloud ${why}; check the network`, {
        cause: String((e as Error)?.message ?? e),
      });
    }

    learnTime(res, t0, clock.mono());

    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new AppError('CLOUD_ERROR', `The cloud sent an unreadable answer (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const err = cloudError(res.status, json);
      if (err.code === 'CLOCK_SKEW' && p.signed && !p.retried) {
        const serverTime = (json as { error?: { details?: { serverTime?: unknown } } }).error?.details?.serverTime;
        if (typeof serverTime === 'number') clock.learn(serverTime, t0, clock.mono(), true);
        // Re-signed with the corrected time and a fresh nonce; a second refusal is reported as it is.
        return request(method, pathWithQuery, body, schema, { ...p, retried: true });
      }
      throw err;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new AppError(
        'CLOUD_ERROR',
        `The cloud's answer to ${pathWithQuery.split('?')[0]} does not match the protocol`,
      );
    return parsed.data;
  }

  return {
    register: async (req, privateKey) => {
      const { challenge } = await request('POST', PATHS.registerChallenge, {}, zRegisterChallengeResponse, {
        signed: false,
      });
      const proof = registrationProof(
        { challenge, fingerprint: req.device.fingerprint, publicKey: req.device.publicKey },
        privateKey,
      );
      return request('POST', PATHS.register, { ...req, proof }, zRegisterResponse, { signed: false });
    },
    login: (username, password) =>
      request('POST', PATHS.login, { username, password }, zLoginResponse, { signed: true }),
    override: (req) => request('POST', PATHS.override, req, zOverrideResponse, { signed: true }),
    catalogChanges: (cursor, limit) =>
      request('GET', `${PATHS.catalogChanges}?cursor=${cursor}&limit=${limit}`, undefined, zCatalogChangesResponse, {
        signed: true,
        timeoutMs: 60_000,
      }),
    pushRecords: async <K extends RecordKind>(kind: K, records: unknown[], token?: string) =>
      (await request('POST', RECORDS[kind].route, { [RECORDS[kind].batchKey]: records }, batchResponseSchema(kind), {
        signed: true,
        token,
        timeoutMs: opts.pushTimeoutMs ?? 30_000,
      })) as BatchResponse<K>,
    deviceStatus: () =>
      request('GET', PATHS.deviceMe, undefined, zDeviceMeResponse, { signed: true, timeoutMs: 5_000 }),
    refreshSession: (token) => request('POST', PATHS.refresh, {}, zRefreshResponse, { signed: true, token }),
    capabilities: (version) =>
      request('GET', `${CAPABILITIES_PATH}?version=${encodeURIComponent(version)}`, undefined, zCapabilities, {
        signed: true,
        timeoutMs: 10_000,
      }),
    clock,
  };
}

function cloudError(status: number, body: unknown): AppError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string' && KNOWN_CODES.has(err.code)) {
    return new AppError(err.code as ErrorCode, typeof err.message === 'string' ? err.message : err.code, {
      httpStatus: status,
    });
  }
  return new AppError('CLOUD_ERROR', `The cloud answered HTTP ${status}`, {
    httpStatus: status,
    ...(err && typeof err.code === 'string' ? { cloudCode: err.code } : {}),
  });
}
