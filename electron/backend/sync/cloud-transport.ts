// The one way the till speaks to the cloud over HTTP: every caller (the sync protocol, virtual goods, member
// cards, the back office) goes through `send`, so signing, the session, the cloud's clock and the mapping of
// failures are done here once:
//  - signed requests carry the device's signature (shared/sync/signing.ts) stamped with the cloud's clock as
//    learned from its answers (cloud-clock.ts); a CLOCK_SKEW refusal teaches the clock (its details carry
//    serverTime) and the request is re-signed with a fresh nonce and sent once more (the cloud did nothing
//    with the refused one);
//  - no answer → OFFLINE (the caller's message, or a general one) with the cause in details;
//  - the cloud's {error:{code,message,details}} with a code of shared/errors.ts → that code WITH its details
//    (the cap of LIMIT_EXCEEDED, the card a CONFLICT names: screens explain with them), else {httpStatus};
//  - anything else (unreadable JSON, an unknown code, a body that fails the route's schema) → CLOUD_ERROR.
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import { signRequest } from '../device/signer';
import type { CloudClock } from './cloud-clock';

export interface DeviceCredentials {
  deviceId: string;
  privateKey: KeyObject;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface SendOptions {
  /** signed with the device key (default); only registration and its challenge go unsigned */
  signed?: boolean;
  /** the employee's session token when the route acts as an employee (Bearer) */
  token?: string | undefined;
  /** more headers (the back office's second factors); never logged */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /**
   * One immediate retry when the request never reached the cloud (a kept-alive connection that died while
   * the network was down fails the first request after it returns: "other side closed"). Only for routes
   * that are reads, or writes idempotent on a client id (a repeat answers with the first result). A timeout
   * is never retried: the cloud may have acted.
   */
  retryUnreached?: boolean;
  /** the OFFLINE message, given why ("did not answer in time" / "cannot be reached now") */
  offlineMessage?: (why: string) => string;
}

export type CloudSend = <S extends z.ZodType>(
  method: HttpMethod,
  pathWithQuery: string,
  body: unknown,
  schema: S,
  o?: SendOptions,
) => Promise<z.output<S>>;

export interface CloudTransportOptions {
  /** the cloud's URL, read per request (the first-run screen may change it before registration) */
  baseUrl: string | (() => string);
  /** the device id and key to sign with; throws DEVICE_NOT_REGISTERED before registration */
  credentials: () => DeviceCredentials;
  clock: CloudClock;
  /** the default timeout of a request */
  timeoutMs: number;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);
const generalOffline = (why: string) => `The cloud ${why}; check the network`;

export function createCloudTransport(opts: CloudTransportOptions): CloudSend {
  const base = () => (typeof opts.baseUrl === 'function' ? opts.baseUrl() : opts.baseUrl).replace(/\/+$/, '');
  const { clock } = opts;

  /** Learns the cloud's time from an answer: our own header (precise) or the HTTP Date header (seconds). */
  function learnTime(res: Response, t0: number, t1: number) {
    const precise = Number(res.headers.get(SIGNATURE_HEADERS.serverTime));
    if (Number.isSafeInteger(precise) && precise > 0) return clock.learn(precise, t0, t1, true);
    const date = Date.parse(res.headers.get('date') ?? '');
    // Date has whole seconds: the true time lies in [date, date + 1000).
    if (Number.isFinite(date)) clock.learn(date + 500, t0, t1, false);
  }

  const send: CloudSend = async (method, pathWithQuery, body, schema, o = {}) => {
    const signed = o.signed ?? true;
    // Before anything goes out: an unregistered (or copied) till has nothing to sign with.
    const credentials = signed ? opts.credentials() : undefined;
    const text = body === undefined ? '' : JSON.stringify(body);
    const attempt = (): Promise<Response> => {
      const headers: Record<string, string> = { ...o.headers };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (credentials)
        Object.assign(headers, signRequest({ ...credentials, method, pathWithQuery, body: text, now: clock.now() }));
      if (o.token) headers[SIGNATURE_HEADERS.session] = `Bearer ${o.token}`;
      return fetch(base() + pathWithQuery, {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(o.timeoutMs ?? opts.timeoutMs),
      });
    };

    const exchange = async (retried: boolean): Promise<z.output<typeof schema>> => {
      let res: Response;
      const t0 = clock.mono();
      try {
        try {
          res = await attempt();
        } catch (e) {
          if (!o.retryUnreached || isTimeout(e)) throw e;
          res = await attempt();
        }
      } catch (e) {
        const why = isTimeout(e) ? 'did not answer in time' : 'cannot be reached now';
        throw new AppError('OFFLINE', (o.offlineMessage ?? generalOffline)(why), {
          cause: String((e as Error & { cause?: unknown })?.cause ?? (e as Error)?.message ?? e),
          // the connection was never made: the request certainly did not reach the cloud
          unreached: !isTimeout(e) && NOT_CONNECTED.has(String((e as { cause?: { code?: unknown } })?.cause?.code)),
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
        if (err.code === 'CLOCK_SKEW' && signed && !retried) {
          const serverTime = (err.details as { serverTime?: unknown } | undefined)?.serverTime;
          if (typeof serverTime === 'number') clock.learn(serverTime, t0, clock.mono(), true);
          // Re-signed with the corrected time and a fresh nonce; a second refusal is reported as it is.
          return exchange(true);
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
    };
    return exchange(false);
  };
  return send;
}

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
const isTimeout = (e: unknown) => e instanceof Error && e.name === 'TimeoutError';

/** The cloud's refusal as the till's typed error (see the head of this file). */
export function cloudError(status: number, body: unknown): AppError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string' && KNOWN_CODES.has(err.code)) {
    return new AppError(
      err.code as ErrorCode,
      typeof err.message === 'string' ? err.message : err.code,
      err.details ?? { httpStatus: status },
    );
  }
  return new AppError('CLOUD_ERROR', `The cloud answered HTTP ${status}`, {
    httpStatus: status,
    ...(err && typeof err.code === 'string' ? { cloudCode: err.code } : {}),
  });
}
