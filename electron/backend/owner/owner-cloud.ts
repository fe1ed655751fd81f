// The POS side of the cloud's back-office routes (the owner's, the agent's, the 会员 and 商品 tabs, password
// recovery), through the till's one cloud client (sync/cloud-transport.ts: device signature, the cloud's clock,
// typed failures that keep the cloud's details — the cap and amount of LIMIT_EXCEEDED, the reason of
// SUPER_PASSWORD_REQUIRED — for the screen to explain the refusal). Every call is a route declared in shared/api/
// (cloud-routes.ts and the *-routes.ts beside it): its path filled from the request, its answer parsed with the
// route's schema (an answer off the protocol is CLOUD_ERROR). A session route adds the logged-in employee's
// session as a Bearer token and, when the act needs them, the second factors as headers. The factors are only
// ever put on the wire: never stored, never logged.
import type { z } from 'zod';
import { cloudPath, type CloudRoute, type PathParams, type QueryValue } from '../../../shared/api/cloud-routes';
import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';

export interface Factors {
  superPassword?: string | undefined;
  totpCode?: string | undefined;
  smsCode?: string | undefined;
}

/** the factors of an input, split from the act's own fields (which go in the body) */
export function splitFactors<T extends Factors>(input: T): [Omit<T, keyof Factors>, Factors] {
  const { superPassword, totpCode, smsCode, ...rest } = input;
  return [rest, { superPassword, totpCode, smsCode }];
}

/** what fills a declared route: its `:name` parameters (each one, by name), its query and its body */
export interface RouteRequest<P extends string = string> {
  params?: Readonly<Record<PathParams<P>, string>>;
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
}

export interface OwnerCloud {
  /**
   * A declared route: a session route acts as the logged-in employee (refused before anything is sent without an
   * online login), a device route (password recovery) goes out signed by the device alone and takes no factors.
   * The answer is parsed with the route's schema.
   */
  route<A extends z.ZodType, P extends string>(
    route: CloudRoute<A, P>,
    req?: RouteRequest<P>,
    factors?: Factors,
  ): Promise<z.output<A>>;
}

const offlineMessage = (why: string) =>
  `The back office needs the cloud, which ${why}; check the network and try again`;

export function createOwnerCloud(ctx: Pick<BackendContext, 'cloud' | 'session'>, timeoutMs = 15_000): OwnerCloud {
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
    async route(route, req = {}, factors) {
      const employee = route.auth === 'session' ? asEmployee(factors) : undefined;
      const path = cloudPath(route.path, req.params as Readonly<Record<string, string>> | undefined, req.query);
      return ctx.cloud.call(route.method, path, req.body, route.answer, {
        timeoutMs,
        offlineMessage,
        ...(employee ? { token: employee.token, headers: employee.headers } : {}),
      });
    },
  };
}
