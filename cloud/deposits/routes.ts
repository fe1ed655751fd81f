// Runtime: Node. Deposit routes.
//   employee session (money.deposit + super password for starting one):
//     GET  /v1/deposits/channels        null         the channels with their fees
//     POST /v1/deposits                 money.deposit, sensitive   {clientId, channelId, amountFen}
//     GET  /v1/deposits                 money.deposit              the outlet's deposits, newest first
//   the channel (no device, no session): POST /v1/deposits/callback/:channelId with
//     x-channel-signature = hex HMAC-SHA256 of the raw body under the channel's shared secret, body
//     {callbackId, depositId, status: 'paid'|'failed', amountFen, channelRef}. A replayed callbackId answers
//     'replayed'; an answer after the deposit resolved answers 'ignored_terminal'; nothing moves twice. An
//     answer for an expired deposit (0007) is refused with 409 DEPOSIT_EXPIRED, every time it is sent.
//   the sweep: expireDeposits (ledger.ts) runs every sweepMs as a periodic job on the cloud's job queue
//   (cloud/app.ts, cloud/jobs/queue.ts): once across all cloud processes, surviving restarts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OWNER_METHODS } from '../../shared/api/owner-methods';
import { zText } from '../../shared/text';
import { AppError } from '../../shared/errors';
import { zFen } from '../../shared/money';
import type { CloudDb } from '../db/types';
import type { RouteContext } from '../http/route-context';
import { judgedInHandler } from '../http/zod-schemas';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { withoutFactors } from '../security/employee-routes';
import { actorOf } from '../security/session-auth';
import {
  channelCallbackOutcome,
  depositView,
  listChannels,
  listOutletDeposits,
  recordChannelCallback,
  resolveDeposit,
  setChannelCallbackOutcome,
  startDeposit,
  type ResolveOutcome,
} from './ledger';
import { DEPOSIT_PATHS } from '../../shared/api/owner-routes';

/** declared in shared/ with the till's side of these routes */
export { DEPOSIT_PATHS };
export const CHANNEL_SIGNATURE_HEADER = 'x-channel-signature';

/** Per-channel callback secrets. Unset channels get a random per-process secret: their callbacks fail closed. */
export interface DepositOptions {
  secrets?: Record<string, string>;
  /** how long a deposit waits for its channel before it expires (default 24 h) */
  ttlMs?: number;
  /** ms between expiry sweeps (a periodic job; default 60 s; 0 = off, tests then call expireDeposits) */
  sweepMs?: number;
}
export function depositSecrets(
  opts: DepositOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): (channelId: string) => string {
  const fromEnv = env.DEPOSIT_CALLBACK_SECRETS
    ? (JSON.parse(env.DEPOSIT_CALLBACK_SECRETS) as Record<string, string>)
    : {};
  const secrets = { ...fromEnv, ...(opts.secrets ?? {}) };
  const fallback = randomBytes(32).toString('hex');
  return (id) => secrets[id] ?? fallback;
}

export function signChannelBody(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

const zStart = z
  .object({
    clientId: z.uuid(),
    channelId: zText().min(1).max(32),
    amountFen: zFen.refine((n) => n > 0, 'must be positive'),
  })
  .strict();
const zCallback = z.object({
  callbackId: zText().min(1).max(128),
  depositId: z.uuid(),
  status: z.enum(['paid', 'failed']),
  amountFen: zFen,
  channelRef: zText().min(1).max(128),
});
const zChannelParams = z.object({ channelId: zText().min(1).max(32) });
// loose: Fastify replaces request.headers with what the schema lets through
const zCallbackHeaders = z.looseObject({
  [CHANNEL_SIGNATURE_HEADER]: judgedInHandler(
    zText().regex(/^[0-9a-f]{64}$/),
    'hex HMAC-SHA256 of the raw body under the channel secret; a missing or wrong one is BAD_SIGNATURE',
  ).optional(),
});
const zCallbackAnswer = z.object({ outcome: z.enum(['confirmed', 'failed', 'ignored_terminal', 'replayed']) });

export function depositSessionRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    // the answers are the ones the owner's back office parses (shared/api/owner-methods.ts)
    app.get(
      DEPOSIT_PATHS.channels,
      { config: { permission: null }, schema: { response: { 200: OWNER_METHODS['owner.depositChannels'].output } } },
      async () => ({ channels: await listChannels(ctx.db) }),
    );

    app.post(
      DEPOSIT_PATHS.deposits,
      {
        config: { permission: 'money.deposit', sensitive: true, action: 'money.deposit' },
        schema: { body: withoutFactors(zStart), response: { 200: OWNER_METHODS['owner.depositStart'].output } },
      },
      async (request) => {
        const body = request.body;
        const a = actorOf(request);
        return ctx.db.tx(async (q) => {
          const d = await startDeposit(
            q,
            {
              id: body.clientId,
              outletId: a.employee.org_id,
              channelId: body.channelId,
              amount: body.amountFen,
              employeeId: a.employee.id,
            },
            ctx.now(),
          );
          await auditOk(q, ctx, request, { target: d.id, after: depositView(d) });
          return { deposit: depositView(d) };
        });
      },
    );

    app.get(
      DEPOSIT_PATHS.deposits,
      {
        config: { permission: 'money.deposit' },
        schema: { response: { 200: OWNER_METHODS['owner.deposits'].output } },
      },
      async (request) => {
        const rows = await listOutletDeposits(ctx.db, actorOf(request).employee.org_id);
        return { deposits: rows.map(depositView) };
      },
    );
  };
}

export async function handleChannelCallback(
  db: CloudDb,
  channelId: string,
  cb: z.infer<typeof zCallback>,
  now: number,
): Promise<Exclude<ResolveOutcome, 'refused_expired'> | 'replayed'> {
  const outcome = await db.tx(async (q): Promise<ResolveOutcome | 'replayed'> => {
    const fresh = await recordChannelCallback(
      q,
      { channelId, callbackId: cb.callbackId, depositId: cb.depositId },
      now,
    );
    if (!fresh) {
      // A replay of a refused answer is refused again (the same answer to the same callback, every time).
      const seen = await channelCallbackOutcome(q, channelId, cb.callbackId);
      return seen === 'refused_expired' ? 'refused_expired' : 'replayed';
    }
    const outcome = await resolveDeposit(
      q,
      cb.depositId,
      channelId,
      { paid: cb.status === 'paid', amount: cb.amountFen, channelRef: cb.channelRef },
      now,
    );
    await setChannelCallbackOutcome(q, channelId, cb.callbackId, outcome);
    return outcome;
  });
  // Refused after the commit, so the callback stays on record (the channel must return that money).
  if (outcome === 'refused_expired')
    throw new AppError(
      'DEPOSIT_EXPIRED',
      'This deposit expired before the channel confirmed it; nothing was credited',
      { depositId: cb.depositId },
    );
  return outcome;
}

export function depositCallbackRoutes(ctx: RouteContext, secretOf: (channelId: string) => string) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const raw = 'judged by the callback schema only after the HMAC signature over the exact bytes verified';
    app.post(
      DEPOSIT_PATHS.callback,
      {
        schema: {
          params: zChannelParams,
          headers: zCallbackHeaders,
          body: judgedInHandler(zCallback, raw),
          response: { 200: zCallbackAnswer },
        },
      },
      async (request) => {
        const { channelId } = request.params;
        if (!(await listChannels(ctx.db)).some((c) => c.id === channelId))
          throw new AppError('NOT_FOUND', 'Unknown deposit channel');
        const sig = request.headers[CHANNEL_SIGNATURE_HEADER];
        const expected = Buffer.from(signChannelBody(secretOf(channelId), request.rawBody ?? Buffer.alloc(0)), 'hex');
        const given = typeof sig === 'string' && /^[0-9a-f]{64}$/.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0);
        if (given.length !== expected.length || !timingSafeEqual(given, expected))
          throw new AppError('BAD_SIGNATURE', 'Bad channel signature');
        // raw until now: the signature is checked over the exact bytes before the body is judged
        const cb = zCallback.parse(request.body);
        return { outcome: await handleChannelCallback(ctx.db, channelId, cb, ctx.now()) };
      },
    );
  };
}
