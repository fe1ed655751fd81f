// Runtime: Node. The routes the tills push their records to: one device-signed POST per kind of the
// record-kind registry (shared/sync/records.ts), each taking `{ [batchKey]: records }` (at most batchMax) and
// answering one verdict per record, in order, from the kind's repository. The device signature suffices: a
// record made offline is pushed after the cashier's session ended. Outlet tills only (the signed scope's
// default). A kind without a repository here does not compile.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  batchRequestSchema,
  batchResponseSchema,
  RECORD_KIND_NAMES,
  RECORDS,
  type RecordKind,
  type RecordResult,
} from '../../shared/sync/records';
import { deviceOf } from '../http/signed';
import { judgedInHandler } from '../http/zod-schemas';
import type { SecurityContext } from '../security/context';
import { pushOrdersAndAlert } from '../order-flags/routes';
import { pushShiftsAndAlert } from '../shifts/routes';
import { pushReturns } from '../returns/repository';

/** Who pushed, and when (the cloud's clock). */
export interface RecordPush {
  device: { id: string; outlet_id: string; name: string };
  now: number;
  log: (err: unknown, msg: string) => void;
}

/** Judges each raw record on its own (schema, idempotency on device + client id) and stores the good ones. */
export type RecordRepository<K extends RecordKind> = (raws: unknown[], push: RecordPush) => Promise<RecordResult<K>[]>;
export type RecordRepositories = { [K in RecordKind]: RecordRepository<K> };

export function recordRepositories(ctx: SecurityContext): RecordRepositories {
  return {
    order: (raws, p) => pushOrdersAndAlert(ctx, raws, p),
    shift: (raws, p) => pushShiftsAndAlert(ctx, raws, p),
    return: (raws, p) => pushReturns(ctx, raws, p),
  };
}

export function recordRoutes(
  ctx: SecurityContext,
  opts: { repositories?: RecordRepositories; takes?: (kind: RecordKind) => boolean } = {},
) {
  const repositories = opts.repositories ?? recordRepositories(ctx);
  return async (app: FastifyInstance): Promise<void> => {
    // A kind switched off (BuildCloudOptions.disabledRecordKinds: a cloud older than its tills, in tests) has
    // no route, so the capability handshake does not list it either.
    for (const kind of RECORD_KIND_NAMES.filter((k) => opts.takes?.(k) ?? true))
      route(app, ctx, kind, repositories[kind] as RecordRepository<typeof kind>);
  };
}

function route<K extends RecordKind>(
  app: FastifyInstance,
  ctx: SecurityContext,
  kind: K,
  repository: RecordRepository<K>,
): void {
  const spec = RECORDS[kind];
  // The envelope is declared (`{ [batchKey]: 1..batchMax records }`); each record is judged by the kind's wire
  // schema in its repository, one verdict per record: a bad record is refused on its own, never the batch.
  const body = batchRequestSchema(
    kind,
    judgedInHandler(spec.wire, `one ${kind}, judged on its own by its wire schema: one verdict each`),
  );
  for (const path of [spec.route, ...(spec.legacyRoutes ?? [])])
    app
      .withTypeProvider<ZodTypeProvider>()
      .post(
        path,
        { schema: { body, response: { 200: batchResponseSchema(kind) } } },
        async (req): Promise<{ results: RecordResult<K>[] }> => {
          const results = await repository((req.body as Record<string, unknown[]>)[spec.batchKey]!, {
            device: deviceOf(req),
            now: ctx.now(),
            log: (err, msg) => req.log.error({ err }, msg),
          });
          return { results };
        },
      );
}
