// Runtime: Node. Closed shifts (交班) pushed by the tills. Idempotent forever on (device_id, client_shift_id):
//  - first push stores the shift and answers 'accepted' with a new serverShiftId;
//  - a repeat with the same payload hash answers 'duplicate' with the FIRST serverShiftId;
//  - the same id with another payload answers 'conflict' and changes nothing.
// The UNIQUE constraint decides races between processes (INSERT ... ON CONFLICT DO NOTHING). Each shift is
// judged on its own, under its own savepoint, so one bad shift never undoes the others. A till pushes a
// handful a day, so one statement per shift is plenty.
import { v4 as uuidv4 } from 'uuid';
import type { ShiftList, ShiftListQuery, ShiftRecord } from '../../shared/api/shift-report';
import { zodIssues } from '../../shared/errors';
import { zShiftWire, type ShiftWire } from '../../shared/sync/protocol';
import { type ShiftResult } from '../../shared/sync/records';
import type { CloudDb, Queryable } from '../db/types';
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';

export interface ShiftPushContext {
  deviceId: string;
  outletId: string;
  now: number;
  log?: (err: unknown, msg: string) => void;
}

function clientIdOf(raw: unknown): string {
  const id = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).clientShiftId : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : '';
}

/** Stores what is new; answers every shift. `stored` lists the shifts accepted now (for the alert). */
export async function pushShifts(
  db: CloudDb,
  raws: unknown[],
  ctx: ShiftPushContext,
): Promise<{ results: ShiftResult[]; stored: ShiftWire[] }> {
  const results: ShiftResult[] = new Array(raws.length);
  const stored: ShiftWire[] = [];
  await db.tx(async (q) => {
    for (const [index, raw] of raws.entries()) {
      const parsed = zShiftWire.safeParse(raw);
      if (!parsed.success) {
        const first = zodIssues(parsed.error)[0];
        results[index] = {
          clientShiftId: clientIdOf(raw),
          status: 'rejected',
          error: {
            code: 'VALIDATION',
            message: `Invalid shift${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`,
          },
        };
        continue;
      }
      const s = parsed.data;
      const r = await storeOne(q, s, sha256Hex(canonicalJson(s)), ctx);
      results[index] = r;
      if (r.status === 'accepted') stored.push(s);
    }
  });
  return { results, stored };
}

async function existing(q: Queryable, deviceId: string, clientShiftId: string) {
  const { rows } = await q.query<{ id: string; payload_sha256: string }>(
    'SELECT id, payload_sha256 FROM shifts WHERE device_id = $1 AND client_shift_id = $2',
    [deviceId, clientShiftId],
  );
  return rows[0];
}

function answerExisting(s: ShiftWire, hash: string, row: { id: string; payload_sha256: string }): ShiftResult {
  return row.payload_sha256 === hash
    ? { clientShiftId: s.clientShiftId, status: 'duplicate', serverShiftId: row.id }
    : {
        clientShiftId: s.clientShiftId,
        status: 'conflict',
        serverShiftId: row.id,
        error: {
          code: 'CONFLICT',
          message: 'A shift with this clientShiftId was already received with a different payload',
        },
      };
}

async function storeOne(q: Queryable, s: ShiftWire, hash: string, ctx: ShiftPushContext): Promise<ShiftResult> {
  const before = await existing(q, ctx.deviceId, s.clientShiftId);
  if (before) return answerExisting(s, hash, before);
  const { rows: staff } = await q.query<{ id: string }>(
    'SELECT id FROM employees WHERE org_id = $1 AND id = ANY($2::uuid[])',
    [ctx.outletId, [...new Set([s.openedBy, s.closedBy])]],
  );
  const known = new Set(staff.map((r) => r.id));
  if (!known.has(s.openedBy) || !known.has(s.closedBy)) {
    return {
      clientShiftId: s.clientShiftId,
      status: 'rejected',
      error: { code: 'FORBIDDEN', message: 'openedBy / closedBy do not belong to this device’s outlet' },
    };
  }
  await q.query('SAVEPOINT push_shift');
  try {
    const id = uuidv4();
    const ins = await q.query<{ id: string }>(
      `INSERT INTO shifts (id, outlet_id, device_id, client_shift_id, payload_sha256, opened_by, opened_at, opening_float, auto_opened, closed_by, closed_at,
         expected_cash, counted_cash, difference, cash_by_kind, sales_count, sales_total, note, received_at, takings_by_method)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17, $18, $19, $20::jsonb)
       ON CONFLICT (device_id, client_shift_id) DO NOTHING RETURNING id`,
      [
        id,
        ctx.outletId,
        ctx.deviceId,
        s.clientShiftId,
        hash,
        s.openedBy,
        s.openedAt,
        s.openingFloat,
        s.autoOpened,
        s.closedBy,
        s.closedAt,
        s.expectedCash,
        s.countedCash,
        s.difference,
        JSON.stringify(s.cashByKind),
        s.salesCount,
        s.salesTotal,
        s.note,
        ctx.now,
        s.takingsByMethod ? JSON.stringify(s.takingsByMethod) : null,
      ],
    );
    await q.query('RELEASE SAVEPOINT push_shift');
    if (ins.rows.length === 1) return { clientShiftId: s.clientShiftId, status: 'accepted', serverShiftId: id };
    // Another transaction stored it first (it committed while we waited on the unique key).
    const row = await existing(q, ctx.deviceId, s.clientShiftId);
    if (!row) throw new Error('shift vanished after a unique conflict');
    return answerExisting(s, hash, row);
  } catch (err) {
    await q.query('ROLLBACK TO SAVEPOINT push_shift');
    await q.query('RELEASE SAVEPOINT push_shift');
    ctx.log?.(err, 'storing a pushed shift failed');
    return {
      clientShiftId: s.clientShiftId,
      status: 'rejected',
      error: { code: 'INTERNAL', message: 'The shift could not be stored' },
    };
  }
}

/** An employee named in a shift, with the outlet's time zone (the alert's times are written in it). */
export interface ShiftStaffRow {
  id: string;
  name: string;
  username: string;
  timezone: string;
}

/** Those of `employeeIds` who belong to the outlet, each with its time zone; an unknown or other outlet's id has no row. */
export async function shiftStaff(q: Queryable, outletId: string, employeeIds: string[]): Promise<ShiftStaffRow[]> {
  const { rows } = await q.query<ShiftStaffRow>(
    `SELECT e.id, e.name, e.username, o.timezone FROM employees e JOIN organizations o ON o.id = e.org_id WHERE e.id = ANY($1::uuid[]) AND e.org_id = $2`,
    [employeeIds, outletId],
  );
  return rows;
}

interface ListRow {
  id: string;
  client_shift_id: string;
  device_id: string;
  device_name: string;
  opened_by: string;
  opened_by_name: string;
  opened_at: string | number;
  opening_float: string | number;
  auto_opened: boolean;
  closed_by: string;
  closed_by_name: string;
  closed_at: string | number;
  cash_by_kind: ShiftRecord['cashByKind'];
  expected_cash: string | number;
  counted_cash: string | number;
  difference: string | number;
  sales_count: number;
  sales_total: string | number;
  note: string | null;
  received_at: string | number;
  takings_by_method: ShiftRecord['takingsByMethod'] | null;
}

/** An outlet's closed shifts, newest first (closed_at, then id), with till and employee names resolved. */
export async function listShifts(
  db: Queryable,
  outletId: string,
  f: ShiftListQuery,
  shortfallAlertFen: number,
): Promise<ShiftList> {
  const where = ['s.outlet_id = $1'];
  const params: unknown[] = [outletId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.from !== undefined) add('s.closed_at >= ?', f.from);
  if (f.to !== undefined) add('s.closed_at < ?', f.to);
  if (f.deviceId) add('s.device_id = ?', f.deviceId);
  if (f.cursor) {
    const [at, id] = f.cursor.split('_') as [string, string];
    params.push(Number(at), id);
    where.push(`(s.closed_at, s.id) < ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(f.limit + 1);
  const { rows } = await db.query<ListRow>(
    `SELECT s.*, d.name AS device_name, coalesce(nullif(eo.name, ''), eo.username) AS opened_by_name, coalesce(nullif(ec.name, ''), ec.username) AS closed_by_name
       FROM shifts s JOIN devices d ON d.id = s.device_id JOIN employees eo ON eo.id = s.opened_by JOIN employees ec ON ec.id = s.closed_by
      WHERE ${where.join(' AND ')}
      ORDER BY s.closed_at DESC, s.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    shifts: page.map(view),
    nextCursor: rows.length > f.limit && last ? `${Number(last.closed_at)}_${last.id}` : null,
    shortfallAlertFen,
  };
}

function view(r: ListRow): ShiftRecord {
  return {
    id: r.id,
    clientShiftId: r.client_shift_id,
    deviceId: r.device_id,
    deviceName: r.device_name,
    openedBy: r.opened_by,
    openedByName: r.opened_by_name,
    openedAt: Number(r.opened_at),
    openingFloat: Number(r.opening_float),
    autoOpened: r.auto_opened,
    closedBy: r.closed_by,
    closedByName: r.closed_by_name,
    closedAt: Number(r.closed_at),
    cashByKind: r.cash_by_kind,
    expectedCash: Number(r.expected_cash),
    countedCash: Number(r.counted_cash),
    difference: Number(r.difference),
    salesCount: Number(r.sales_count),
    salesTotal: Number(r.sales_total),
    note: r.note,
    receivedAt: Number(r.received_at),
    takingsByMethod: r.takings_by_method ?? null,
  };
}
