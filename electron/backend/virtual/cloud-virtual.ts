// The POS side of the virtual-goods routes (shared/sync/protocol.ts VIRTUAL_PATHS): signed requests with
// the device key, stamped with the cloud's clock. Failures are typed like the sync client's: no answer →
// OFFLINE with a clear message; the cloud's {error:{code,message}} → that code; anything else → CLOUD_ERROR.
import type { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import { VIRTUAL_PATHS, zPhonePrefixesResponse, zVirtualOrder, type PhonePrefixesResponse, type VirtualOrder } from '../../../shared/sync/protocol';
import type { BackendContext } from '../context';
import { signRequest } from '../device/signer';

const KNOWN = new Set<string>(ERROR_CODES);

export interface VirtualCloud {
  submit(req: { clientOrderId: string; productId: string; phone?: string }): Promise<VirtualOrder>;
  status(id: string): Promise<VirtualOrder>;
  prefixes(cursor: number, limit: number): Promise<PhonePrefixesResponse>;
}

export function createVirtualCloud(ctx: Pick<BackendContext, 'cloudUrl' | 'device' | 'cloud'>, timeoutMs = 15_000): VirtualCloud {
  const base = ctx.cloudUrl.replace(/\/+$/, '');
  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S): Promise<z.output<S>> {
    const r = ctx.device.record();
    const k = ctx.device.key();
    if (!r || !k || ctx.device.mismatch()) throw new AppError('DEVICE_NOT_REGISTERED', 'This computer is not registered yet');
    const text = body === undefined ? '' : JSON.stringify(body);
    const send = () => {
      // Signed per attempt: a retry carries a fresh nonce.
      const headers: Record<string, string> = signRequest({ deviceId: r.deviceId, privateKey: k.privateKey, method, pathWithQuery: path, body: text, now: ctx.cloud.clock.now() });
      if (body !== undefined) headers['content-type'] = 'application/json';
      return fetch(base + path, { method, headers, body: body === undefined ? undefined : text, signal: AbortSignal.timeout(timeoutMs) });
    };
    let res: Response;
    try {
      try {
        res = await send();
      } catch (e) {
        // A kept-alive connection that died while the network was down fails the first request after it
        // returns ("other side closed") without reaching the cloud. One immediate retry on a fresh
        // connection is safe for every route here: GETs are reads, and a submit is idempotent on its
        // clientOrderId (a repeat answers with the first order, never charges twice). A timeout is not
        // retried: the cashier decides, and a retry with the same clientOrderId stays safe.
        if (e instanceof Error && e.name === 'TimeoutError') throw e;
        res = await send();
      }
    } catch (e) {
      const why = e instanceof Error && e.name === 'TimeoutError' ? 'did not answer in time' : 'cannot be reached now';
      throw new AppError('OFFLINE', `Top-ups and game cards need the cloud, which ${why}; check the network and try again`, {
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
      if (err && typeof err.code === 'string' && KNOWN.has(err.code)) throw new AppError(err.code as ErrorCode, typeof err.message === 'string' ? err.message : err.code);
      throw new AppError('CLOUD_ERROR', `The cloud answered HTTP ${res.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new AppError('CLOUD_ERROR', `The cloud's answer to ${path.split('?')[0]} does not match the protocol`);
    return parsed.data;
  }
  return {
    submit: (req) => call('POST', VIRTUAL_PATHS.submit, req, zVirtualOrder),
    status: (id) => call('GET', `${VIRTUAL_PATHS.order}/${id}`, undefined, zVirtualOrder),
    prefixes: (cursor, limit) => call('GET', `${VIRTUAL_PATHS.phonePrefixes}?cursor=${cursor}&limit=${limit}`, undefined, zPhonePrefixesResponse),
  };
}
