// A signed request to the cloud outside the sync protocol's own client (virtual goods, members): signed
// with the device key per attempt (fresh nonce), stamped with the cloud's clock, optionally acting as the
// logged-in employee (Bearer session token). Failures are typed like the sync client's: no answer →
// OFFLINE with the caller's message; the cloud's {error:{code,message}} → that code; anything else →
// CLOUD_ERROR.
import type { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import type { BackendContext } from '../context';
import { signRequest } from '../device/signer';

const KNOWN = new Set<string>(ERROR_CODES);

export interface SignedCallOptions {
  /** the session token when the route acts as an employee */
  token?: string;
  timeoutMs?: number;
}

export type SignedCall = <S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body: unknown,
  schema: S,
  o?: SignedCallOptions,
) => Promise<z.output<S>>;

export function createSignedCall(
  ctx: Pick<BackendContext, 'cloudUrl' | 'device' | 'cloud'>,
  p: { timeoutMs: number; offlineMessage: (why: string) => string },
): SignedCall {
  // read per call: the first-run screen may point the till at another cloud (device/cloud-config.ts)
  const baseUrl = () => ctx.cloudUrl.replace(/\/+$/, '');
  return async function call(method, path, body, schema, o = {}) {
    const r = ctx.device.record();
    const k = ctx.device.key();
    if (!r || !k || ctx.device.mismatch())
      throw new AppError('DEVICE_NOT_REGISTERED', 'This computer is not registered yet');
    const text = body === undefined ? '' : JSON.stringify(body);
    const timeoutMs = o.timeoutMs ?? p.timeoutMs;
    const send = () => {
      const headers: Record<string, string> = signRequest({
        deviceId: r.deviceId,
        privateKey: k.privateKey,
        method,
        pathWithQuery: path,
        body: text,
        now: ctx.cloud.clock.now(),
      });
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (o.token) headers[SIGNATURE_HEADERS.session] = `Bearer ${o.token}`;
      return fetch(baseUrl() + path, {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(timeoutMs),
      });
    };
    let res: Response;
    try {
      try {
        res = await send();
      } catch (e) {
        // A kept-alive connection that died while the network was down fails the first request after it
        // returns ("other side closed") without reaching the cloud. One immediate retry on a fresh
        // connection is safe for every route that uses this: reads, and writes that are idempotent on a
        // client id (a repeat answers with the first result, never moves money twice). A timeout is not
        // retried: the cashier decides, and a retry with the same client id stays safe.
        if (e instanceof Error && e.name === 'TimeoutError') throw e;
        res = await send();
      }
    } catch (e) {
      const why = e instanceof Error && e.name === 'TimeoutError' ? 'did not answer in time' : 'cannot be reached now';
      throw new AppError('OFFLINE', p.offlineMessage(why), {
        cause: String((e as Error & { cause?: unknown })?.cause ?? (e as Error)?.message ?? e),
      });
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new AppError('CLOUD_ERROR', `The cloud sent an unreadable answer (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
      // The details travel on (the card number a CONFLICT names, a limit's figures): the screen explains with them.
      if (err && typeof err.code === 'string' && KNOWN.has(err.code))
        throw new AppError(
          err.code as ErrorCode,
          typeof err.message === 'string' ? err.message : err.code,
          err.details,
        );
      throw new AppError('CLOUD_ERROR', `The cloud answered HTTP ${res.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new AppError('CLOUD_ERROR', `The cloud's answer to ${path.split('?')[0]} does not match the protocol`);
    return parsed.data;
  };
}
