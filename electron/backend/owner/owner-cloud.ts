// The POS side of the cloud's employee-session routes (the owner's back office), through the till's one cloud
// client (sync/cloud-transport.ts: device signature, the cloud's clock, typed failures that keep the cloud's
// details — the cap and amount of LIMIT_EXCEEDED, the reason of SUPER_PASSWORD_REQUIRED — for the screen to
// explain the refusal). It adds the logged-in employee's session as a Bearer token and, when the act needs
// them, the second factors as headers. The factors are only ever put on the wire: never stored, never logged.
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import type { HttpMethod } from '../sync/cloud-transport';

export type { HttpMethod } from '../sync/cloud-transport';

export interface Factors {
  superPassword?: string | undefined;
  totpCode?: string | undefined;
  smsCode?: string | undefined;
}

export interface OwnerCloud {
  /** a route acting as the logged-in employee (needs an online session) */
  session(method: HttpMethod, path: string, body?: unknown, factors?: Factors): Promise<unknown>;
  /** a signed device route without a session (password recovery) */
  device(method: HttpMethod, path: string, body?: unknown): Promise<unknown>;
}

const zAny = z.unknown();
const offlineMessage = (why: string) =>
  `The back office needs the cloud, which ${why}; check the network and try again`;

export function createOwnerCloud(ctx: Pick<BackendContext, 'cloud' | 'session'>, timeoutMs = 15_000): OwnerCloud {
  const send = (method: HttpMethod, path: string, body: unknown, token?: string, headers?: Record<string, string>) =>
    ctx.cloud.call(method, path, body, zAny, {
      timeoutMs,
      offlineMessage,
      ...(token ? { token } : {}),
      ...(headers ? { headers } : {}),
    });

  return {
    session(method, path, body, factors) {
      const s = ctx.session.get();
      if (!s) throw new AppError('UNAUTHENTICATED', 'Please log in');
      // An offline login has no cloud session: the back office is online only.
      if (s.offline || !s.token)
        throw new AppError('OFFLINE', 'The back office needs an online login; connect to the network and log in again');
      const headers: Record<string, string> = {};
      // Header values are latin-1 on the wire: a Chinese super password travels percent-encoded.
      if (factors?.superPassword !== undefined) headers['x-super-password'] = encodeURIComponent(factors.superPassword);
      if (factors?.totpCode !== undefined) headers['x-totp-code'] = factors.totpCode;
      if (factors?.smsCode !== undefined) headers['x-sms-code'] = factors.smsCode;
      return send(method, path, body, s.token, headers);
    },
    device: (method, path, body) => send(method, path, body),
  };
}
