// The record-kind registry: one declaration per kind of record a till sends to the cloud through its outbox
// (an order, a closed shift; payments, returns … later). Everything else is driven from here:
//  - the till's outbox (electron/backend/sync/outbox.ts) validates a record against `wire` inside the
//    transaction that makes it, and sales.db accepts only kinds listed here (the `kinds` table, seeded from
//    RECORD_KIND_NAMES at every open: no table rebuild for a new kind);
//  - the sync engine (electron/backend/sync/engine.ts) sends a run of rows of one kind to `route` as
//    `{ [batchKey]: [...] }`, at most `batchMax` at a time, and reads the per-record verdicts by
//    `clientIdKey` / `serverIdKey`; `ordering` says what a cloud without the route holds back;
//  - the cloud registers one route per kind (cloud/records/routes.ts) over the kind's repository, and the
//    test stand-in (electron/backend/testing/fake-cloud.ts) answers every kind the same way.
// How to add a kind: docs/architecture.md "How to add a record kind".
import { z } from 'zod';
import { zMultiline, zText } from '../text';
import { zReturnWire } from '../sale/returns';
import { PATHS, zOrderWire, zShiftWire } from './protocol';

/**
 * What a cloud that lacks the kind's route (older than the till) holds back, and so how the kind is ordered:
 * - 'strict': the kind is the base of the queue — nothing behind a failed request goes (orders);
 * - 'independent': nothing sent later depends on a record of this kind having arrived, so a missing route
 *   holds back only this kind's rows and the rest of the queue flows on (a shift still never overtakes the
 *   orders queued before it: the queue is sent in order).
 */
export type RecordOrdering = 'strict' | 'independent';

export interface RecordKindSpec<
  W extends z.ZodType = z.ZodType,
  B extends string = string,
  C extends string = string,
  S extends string = string,
> {
  /** the name in the outbox's kind column and in messages ("this order") */
  noun: string;
  /** the wire schema: checked when the till makes the record, and by the cloud on arrival */
  wire: W;
  /** POST route taking a batch (device-signed) */
  route: string;
  /** earlier routes of the kind the cloud still serves for older tills (the same wire, read by the same schema) */
  legacyRoutes?: readonly string[];
  /** the batch body's array: `{ [batchKey]: records }` */
  batchKey: B;
  /** the wire's own id: the cloud's idempotency key with the device, and the key of each verdict */
  clientIdKey: C;
  /** the verdict's field naming the cloud's id for the record */
  serverIdKey: S;
  /** most records the cloud takes in one request */
  batchMax: number;
  ordering: RecordOrdering;
}

const defineKind = <W extends z.ZodType, B extends string, C extends string, S extends string>(
  spec: RecordKindSpec<W, B, C, S>,
) => spec;

export const RECORDS = {
  /** a sale, with its lines and payments (idempotent on device + clientOrderId, forever) */
  order: defineKind({
    noun: 'order',
    wire: zOrderWire,
    route: PATHS.ordersBatch,
    // version 1 (before discounts): a version-1 order is a valid version-2 order
    legacyRoutes: [PATHS.ordersBatchV1],
    batchKey: 'orders',
    clientIdKey: 'clientOrderId',
    serverIdKey: 'serverOrderId',
    batchMax: 200,
    ordering: 'strict',
  }),
  /** a closed shift (交班) with its figures frozen at the close (idempotent on device + clientShiftId) */
  shift: defineKind({
    noun: 'shift',
    wire: zShiftWire,
    route: PATHS.shiftsBatch,
    batchKey: 'shifts',
    clientIdKey: 'clientShiftId',
    serverIdKey: 'serverShiftId',
    batchMax: 100,
    ordering: 'independent',
  }),
  /** a return or void (退货 / 作废) of an earlier sale, with its refunds (idempotent on device + clientReturnId);
   *  queued behind the sale it returns, and judged by the cloud against it (shared/sale/returns.ts) */
  return: defineKind({
    noun: 'return',
    wire: zReturnWire,
    route: PATHS.returnsBatch,
    batchKey: 'returns',
    clientIdKey: 'clientReturnId',
    serverIdKey: 'serverReturnId',
    batchMax: 100,
    ordering: 'independent',
  }),
} as const;

/** Verdict codes that describe the cloud's state, not the record: the till tries again (a bounded number of
 *  times, electron/backend/sync/engine.ts). AWAITING_ORIGINAL: a return whose sale has not reached the cloud
 *  yet (its order was held back) waits behind it. */
export const TRANSIENT_VERDICT_CODES: readonly string[] = ['INTERNAL', 'AWAITING_ORIGINAL'];

export type Records = typeof RECORDS;
export type RecordKind = keyof Records;
export const RECORD_KIND_NAMES = Object.keys(RECORDS) as [RecordKind, ...RecordKind[]];
export type RecordWire<K extends RecordKind> = z.output<Records[K]['wire']>;

export function isRecordKind(kind: string): kind is RecordKind {
  return Object.hasOwn(RECORDS, kind);
}

/** accepted: stored now; duplicate: stored before with the same payload; conflict: another payload under the
 *  same id (parked for a person); rejected: refused (parked, unless the cloud's own fault: engine.ts) */
export const RECORD_STATUSES = ['accepted', 'duplicate', 'conflict', 'rejected'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
const zVerdictError = z.object({ code: zText(), message: zMultiline() });

type BatchRequestShape<K extends RecordKind> = { [P in Records[K]['batchKey']]: z.ZodArray<z.ZodUnknown> };
type ResultShape<K extends RecordKind> = { [P in Records[K]['clientIdKey']]: z.ZodString } & {
  [P in Records[K]['serverIdKey']]: z.ZodOptional<z.ZodUUID>;
} & { status: z.ZodEnum<{ [S in RecordStatus]: S }>; error: z.ZodOptional<typeof zVerdictError> };

/** `{ [batchKey]: unknown[] }`: each record is judged on its own by the cloud, so the array is not parsed here
 *  (`record` lets a route describe its records without judging them) */
export function batchRequestSchema<K extends RecordKind>(
  kind: K,
  record: z.ZodUnknown = z.unknown(),
): z.ZodObject<BatchRequestShape<K>> {
  const s = RECORDS[kind];
  return z.object({ [s.batchKey]: z.array(record).min(1).max(s.batchMax) }) as never;
}

/** one verdict: `{ [clientIdKey], status, [serverIdKey]?, error? }` */
export function resultSchema<K extends RecordKind>(kind: K): z.ZodObject<ResultShape<K>> {
  const s = RECORDS[kind];
  return z.object({
    [s.clientIdKey]: zText(),
    status: z.enum(RECORD_STATUSES),
    [s.serverIdKey]: z.uuid().optional(),
    error: zVerdictError.optional(),
  }) as never;
}

export function batchResponseSchema<K extends RecordKind>(kind: K) {
  return z.object({ results: z.array(resultSchema(kind)) });
}

export type RecordResult<K extends RecordKind> = z.output<ReturnType<typeof resultSchema<K>>>;
export type BatchResponse<K extends RecordKind> = { results: RecordResult<K>[] };

// The names the order and shift routes and tests have always used.
export const ORDER_BATCH_MAX = RECORDS.order.batchMax;
export const SHIFT_BATCH_MAX = RECORDS.shift.batchMax;
export const zOrdersBatchRequest = batchRequestSchema('order');
export const zOrdersBatchResponse = batchResponseSchema('order');
export const zOrderResult = resultSchema('order');
export type OrderResult = RecordResult<'order'>;
export type OrdersBatchResponse = BatchResponse<'order'>;
export const zShiftsBatchRequest = batchRequestSchema('shift');
export const zShiftsBatchResponse = batchResponseSchema('shift');
export const zShiftResult = resultSchema('shift');
export type ShiftResult = RecordResult<'shift'>;
export type ShiftsBatchResponse = BatchResponse<'shift'>;

/** A verdict whatever the kind: the record's client id, the status, the cloud's id and error. */
export interface Verdict {
  id: string;
  status: RecordStatus;
  serverId?: string;
  error?: { code: string; message: string };
}

export function verdictOf(kind: RecordKind, r: Record<string, unknown>): Verdict {
  const s = RECORDS[kind];
  const serverId = r[s.serverIdKey];
  return {
    id: String(r[s.clientIdKey]),
    status: r.status as RecordStatus,
    ...(typeof serverId === 'string' ? { serverId } : {}),
    ...(r.error ? { error: r.error as Verdict['error'] & object } : {}),
  };
}

/** The client id of a raw record (the verdict's key even when the record fails its schema). */
export function clientIdOf(kind: RecordKind, raw: unknown): string {
  const v = (raw as Record<string, unknown> | null)?.[RECORDS[kind].clientIdKey];
  return typeof v === 'string' ? v : '';
}
