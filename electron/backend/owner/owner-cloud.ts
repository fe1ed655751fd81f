// The POS side of the cloud's employee-session routes (the owner's back office), through the till's one cloud
// client (sync/cloud-transport.ts: device signature, the cloud's clock, typed failures that keep the cloud's
// details — the cap and amount of LIMIT_EXCEEDED, the reason of SUPER_PASSWORD_REQUIRED — for the screen to
// explain the refusal). It adds the logged-in employee's session as a Bearer token and, when the act needs
// them, the second factors as headers. The factors are only ever put on the wire: never stored, never logged.
import { z } from 'zod';
import { cloudPath, type CloudRoute, type QueryValue } from '../../../shared/api/cloud-routes';
import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import type { HttpMethod } from '../sync/cloud-transport';

export type { HttpMethod } from '../sync/cloud-transport';

export interface Factors {
  superPassword?: string | undefined;
  totpCode?: string | undefined;
  smsCode?: string | undefined;
}

/** what fills a declared route: its `:name` parameters, its query and its body */
export interface RouteRequest {
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
}

export interface OwnerCloud {
  /** a declared route (shared/api/cloud-routes.ts) acting as the logged-in employee; the answer is parsed with the
   *  route's schema (an answer off the protocol is CLOUD_ERROR) */
  route<A extends z.ZodType>(route: CloudRoute<A>, req?: RouteRequest, factors?: Factors): Promise<z.output<A>>;
  /** a route acting as the logged-in employee (needs an online session); its path built by the caller */
  session(method: HttpMethod, path: string, body?: unknown, factors?: Factors): Promise<unknown>;
  /** a signed device route without a session (password recovery) */
  device(method: HttpMethod, path: string, body?: unknown): Promise<unknown>;
}

const zAny = z.unknown();
const offlineMessage = (why: string) =>
  `The back office needs the cloud, which ${why}; check the network and try again`;

export function createOwnerCloud(ctx: Pick<BackendContext, 'cloud' | 'session'>, timeoutMs = 15_000): OwnerCloud {
  const send = <S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    body: unknown,
    schema: S,
    token?: string,
    headers?: Record<string, string>,
  ) =>
    ctx.cloud.call(method, path, body, schema, {
      timeoutMs,
      offlineMessage,
      ...(token ? { token } : {}),
      ...(headers ? { headers } : {}),
    });

  /** the session's token and the factors as headers; refused before anything is sent without an online login */
  const asEmployee = (factors?: Factors): { token: string; headers: Record<string, string> } => {
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
    return { token: s.token, headers };
  };

  return {
    route(route, req = {}, factors) {
      const { token, headers } = asEmployee(factors);
      return send(route.method, cloudPath(route.path, req.params, req.query), req.body, route.answer, token, headers);
    },
    session(method, path, body, factors) {
      const { token, headers } = asEmployee(factors);
      return send(method, path, body, zAny, token, headers);
    },
    device: (method, path, body) => send(method, path, body, zAny),
  };
}
