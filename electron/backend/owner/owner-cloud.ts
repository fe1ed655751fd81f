// The POS side of the cloud's employee-session routes (the owner's back office): signed with the device key,
// stamped with the cloud's clock, carrying the logged-in employee's session as a Bearer token and, when the
// act needs them, the second factors as headers. Failures are typed: no answer → OFFLINE; the cloud's
// {error:{code,message,details}} → that code WITH its details (the cap and amount of LIMIT_EXCEEDED, the
// reason of SUPER_PASSWORD_REQUIRED — the screen needs them to explain the refusal); anything else →
// CLOUD_ERROR. The factors are only ever put on the wire: never stored, never logged.
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import { SIGNATURE_HEADERS } from '../../../shared/sync/signing';
import type { BackendContext } from '../context';
import { signRequest } from '../device/signer';

const KNOWN = new Set<string>(ERROR_CODES);

export interface Factors {
  superPassword?: string | undefined;
  totpCode?: string | undefined;
  smsCode?: string | undefined;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface OwnerCloud {
  /** a route acting as the logged-in employee (needs an online session) */
  session(method: HttpMethod, path: string, body?: unknown, factors?: Factors): Promise<unknown>;
  /** a signed device route without a session (password recovery) */
  device(method: HttpMethod, path: string, body?: unknown): Promise<unknown>;
}

export function createOwnerCloud(
  ctx: Pick<BackendContext, 'cloudUrl' | 'device' | 'cloud' | 'session'>,
  timeoutMs = 15_000,
): OwnerCloud {
  // read per call: the first-run screen may point the till at another cloud (device/cloud-config.ts)
  const baseUrl = () => ctx.cloudUrl.replace(/\/+$/, '');

  async function send(
    method: HttpMethod,
    path: string,
    body: unknown,
    extra: Record<string, string>,
    retried = false,
  ): Promise<unknown> {
    const r = ctx.device.record();
    const k = ctx.device.key();
    if (!r || !k || ctx.device.mismatch())
      throw new AppError('DEVICE_NOT_REGISTERED', 'This computer is not registered yet');
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      ...extra,
      ...signRequest({
        deviceId: r.deviceId,
        privateKey: k.privateKey,
        method,
        pathWithQuery: path,
        body: text,
        now: ctx.cloud.clock.now(),
      }),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(baseUrl() + path, {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const why = e instanceof Error && e.name === 'TimeoutError' ? 'did not answer in time' : 'cannot be reached now';
      throw new AppError('OFFLINE', `The back office needs the cloud, which ${why}; check the network and try again`);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new AppError('CLOUD_ERROR', `The cloud sent an unreadable answer (HTTP ${res.status})`);
    }
    if (res.ok) return json;
    const err = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    if (err && typeof err.code === 'string' && KNOWN.has(err.code)) {
      // Our clock was off: the answer taught the clock (details.serverTime); re-signed once with a fresh nonce.
      if (err.code === 'CLOCK_SKEW' && !retried) {
        const t = (err.details as { serverTime?: unknown } | undefined)?.serverTime;
        if (typeof t === 'number') ctx.cloud.clock.learn(t, ctx.cloud.clock.mono(), ctx.cloud.clock.mono(), true);
        return send(method, path, body, extra, true);
      }
      throw new AppError(err.code as ErrorCode, typeof err.message === 'string' ? err.message : err.code, err.details);
    }
    throw new AppError('CLOUD_ERROR', `The cloud answered HTTP ${res.status}`);
  }

  return {
    session(method, path, body, factors) {
      const s = ctx.session.get();
      if (!s) throw new AppError('UNAUTHENTICATED', 'Please log in');
      // An offline login has no cloud session: the back office is online only.
      if (s.offline || !s.token)
        throw new AppError('OFFLINE', 'The back office needs an online login; connect to the network and log in again');
      const headers: Record<string, string> = { [SIGNATURE_HEADERS.session]: `Bearer ${s.token}` };
      // Header values are latin-1 on the wire: a Chinese super password travels percent-encoded.
      if (factors?.superPassword !== undefined) headers['x-super-password'] = encodeURIComponent(factors.superPassword);
      if (factors?.totpCode !== undefined) headers['x-totp-code'] = factors.totpCode;
      if (factors?.smsCode !== undefined) headers['x-sms-code'] = factors.smsCode;
      return send(method, path, body, headers);
    },
    device: (method, path, body) => send(method, path, body, {}),
  };
}
