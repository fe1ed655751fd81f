// Runtime: Node. The routes the tills push their records to: one device-signed POST per kind of the
// record-kind registry (shared/sync/records.ts), each taking `{ [batchKey]: records }` (at most batchMax) and
// answering one verdict per record, in order, from the kind's repository. The device signature suffices: a
// record made offline is pushed after the cashier's session ended. Outlet tills only (the signed scope's
// default). A kind without a repository here does not compile.
import type { FastifyInstance } from 'fastify';
import {
  batchRequestSchema,
  RECORD_KIND_NAMES,
  RECORDS,
  type RecordKind,
  type RecordResult,
} from '../../shared/sync/records';
import { deviceOf } from '../http/signed';
import type { SecurityContext } from '../security/context';
import { pushOrders } from '../services/orders';
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
  const base = (p: RecordPush) => ({ deviceId: p.device.id, outletId: p.device.outlet_id, now: p.now, log: p.log });
  return {
    order: (raws, p) => pushOrders(ctx.db, raws, base(p)),
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
  const request = batchRequestSchema(kind);
  for (const path of [spec.route, ...(spec.legacyRoutes ?? [])])
    app.post(path, async (req): Promise<{ results: RecordResult<K>[] }> => {
      const body = request.parse(req.body) as Record<string, unknown[]>;
      const results = await repository(body[spec.batchKey]!, {
        device: deviceOf(req),
        now: ctx.now(),
        log: (err, msg) => req.log.error({ err }, msg),
      });
      return { results };
    });
}
