// The cloud routes the till calls outside the sync protocol (member cards, the back office), declared once: the
// cloud registers them by these paths and the till builds its requests from the same declaration, so a path
// cannot drift between the two (the POS never imports cloud code). A path is a Fastify pattern; `:name` parts are
// filled by cloudPath, each value percent-encoded. The routes of each domain are declared beside its methods
// (member-admin-methods.ts, owner-routes.ts, agent-routes.ts, catalog-admin-routes.ts); cloud/http/
// declared-routes.test.ts proves the cloud registers every one of them with that method and path.
import type { z } from 'zod';

export type CloudHttpMethod = 'GET' | 'POST' | 'PUT';

/** Who calls a route: a logged-in employee (device signature + session) or the device alone (password recovery). */
export type CloudRouteAuth = 'session' | 'device';

/** The `:name` parameters of a path pattern, as a union of their names (never when it has none). */
export type PathParams<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | PathParams<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;

/** One cloud route: how it is called and the schema of its answer (the till parses the answer with it). */
export interface CloudRoute<A extends z.ZodType = z.ZodType, P extends string = string> {
  readonly method: CloudHttpMethod;
  readonly path: P;
  readonly answer: A;
  readonly auth: CloudRouteAuth;
}

export const cloudRoute = <A extends z.ZodType, P extends string>(
  method: CloudHttpMethod,
  path: P,
  answer: A,
  auth: CloudRouteAuth = 'session',
): CloudRoute<A, P> => ({ method, path, answer, auth });

/** The member routes (cloud/members/routes.ts): the counter's cards and the back office's 会员 tab. */
export const MEMBER_PATHS = {
  members: '/v1/members',
  overdrafts: '/v1/members/overdrafts',
  member: '/v1/members/:id',
  topups: '/v1/members/:id/topups',
  spends: '/v1/members/:id/spends',
  refunds: '/v1/members/:id/refunds',
  history: '/v1/members/:id/history',
  corrections: '/v1/members/:id/corrections',
  writeOff: '/v1/members/:id/write-off',
  close: '/v1/members/:id/close',
} as const;

/** The staff-card routes (cloud/security/card-routes.ts): the owner's 员工 tab binds a card (scanned) to an
 *  employee, replacing the one they had, or removes it (挂失 / 解绑). Both want the second factors. */
export const STAFF_CARD_PATHS = {
  card: '/v1/employees/:id/card',
  remove: '/v1/employees/:id/card/remove',
} as const;
/** Refunds to a payment code that failed after the cloud accepted them (cloud/returns/late-refunds.ts): the
 *  owner's 资金 tab lists them (answer: shared/payments/owner.ts zLateRefundFailures). */
export const REFUND_FAILURE_PATHS = { list: '/v1/payments/refunds/failed' } as const;

export type QueryValue = string | number | boolean | undefined;

/**
 * A route's path with its `:name` parts filled and the defined query values appended (a boolean as 1 / absent).
 * A missing or empty parameter throws: a request to the wrong route must never leave the till.
 */
export function cloudPath(
  pattern: string,
  params: Readonly<Record<string, string>> = {},
  query: Readonly<Record<string, QueryValue>> = {},
): string {
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === '') throw new Error(`cloudPath: ${pattern} needs :${name}`);
    return encodeURIComponent(v);
  });
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v === true ? '1' : String(v))}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}
