// Runtime: Node. The cloud's append-only, hash-chained audit log (one chain per organisation).
// hash = sha256(prev_hash || canonical JSON of the row's content fields). Refused acts are audited too, so
// callers write refusals with the pool (outside the refused request's transaction, which rolls back).
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';
import type { Queryable } from '../db/types';
import { actionsOfKind, type AuditAction, type AuditKind, type RouteAction } from '../../shared/audit';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** null: the platform's own chain (e.g. a forged request naming no known device) */
  orgId: string | null;
  at: number;
  actorId?: string | null;
  deviceId?: string | null;
  ip?: string | null;
  action: AuditAction | RouteAction;
  target?: string | null;
  outcome: 'ok' | 'refused';
  errorCode?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

export interface AuditRow {
  id: number;
  org_id: string | null;
  at: number;
  actor_id: string | null;
  device_id: string | null;
  ip: string | null;
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused';
  error_code: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** The fields the hash covers, in one canonical shape whether they come from an entry or a stored row. */
function content(r: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  return canonicalJson({
    org_id: r.org_id,
    at: Number(r.at),
    actor_id: r.actor_id,
    device_id: r.device_id,
    ip: r.ip,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    error_code: r.error_code,
    before: r.before ?? null,
    after: r.after ?? null,
    details: r.details ?? null,
  });
}

export function rowHash(prevHash: string, r: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  return sha256Hex(prevHash + content(r));
}

/** Appends one row. Pass a transaction's Queryable to make the row commit (or roll back) with the act. */
export async function appendAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('audit:' || coalesce($1::text, 'platform')))", [e.orgId]);
  const tail =
    e.orgId === null
      ? await q.query<{ hash: string }>('SELECT hash FROM audit_log WHERE org_id IS NULL ORDER BY id DESC LIMIT 1')
      : await q.query<{ hash: string }>('SELECT hash FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT 1', [
          e.orgId,
        ]);
  const prev = tail.rows[0]?.hash ?? GENESIS_HASH;
  // jsonb normalises values (e.g. key order); storing the canonical JSON parsed back keeps what we hash
  // equal to what we read back.
  const norm = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(canonicalJson(v)));
  const row = {
    org_id: e.orgId,
    at: e.at,
    actor_id: e.actorId ?? null,
    device_id: e.deviceId ?? null,
    ip: e.ip ?? null,
    action: e.action,
    target: e.target ?? null,
    outcome: e.outcome,
    error_code: e.errorCode ?? null,
    before: norm(e.before),
    after: norm(e.after),
    details: norm(e.details),
  };
  const hash = rowHash(prev, row);
  await q.query(
    `INSERT INTO audit_log (org_id, at, actor_id, device_id, ip, action, target, outcome, error_code, before, after, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      row.org_id,
      row.at,
      row.actor_id,
      row.device_id,
      row.ip,
      row.action,
      row.target,
      row.outcome,
      row.error_code,
      row.before === null ? null : JSON.stringify(row.before),
      row.after === null ? null : JSON.stringify(row.after),
      row.details === null ? null : JSON.stringify(row.details),
      prev,
      hash,
    ],
  );
}

/** Appends in its own transaction (for refusals, whose request transaction never commits). */
export async function appendAuditNow(
  db: { tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> },
  e: AuditEntry,
): Promise<void> {
  await db.tx((q) => appendAudit(q, e));
}

export type ChainCheck =
  { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: 'hash' | 'link' };

/** Walks an organisation's chain from the start; reports the first row whose hash or link is wrong. */
export async function verifyAuditChain(q: Queryable, orgId: string | null): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let n = 0;
  let after = 0;
  for (;;) {
    const { rows } =
      orgId === null
        ? await q.query<AuditRow>('SELECT * FROM audit_log WHERE org_id IS NULL AND id > $1 ORDER BY id LIMIT 1000', [
            after,
          ])
        : await q.query<AuditRow>('SELECT * FROM audit_log WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT 1000', [
            orgId,
            after,
          ]);
    if (rows.length === 0) return { ok: true, rows: n };
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, rows: n, brokenAt: Number(r.id), reason: 'link' };
      if (rowHash(prev, r) !== r.hash) return { ok: false, rows: n, brokenAt: Number(r.id), reason: 'hash' };
      prev = r.hash;
      n += 1;
      after = Number(r.id);
    }
  }
}

export interface AuditFilter {
  action?: string;
  kind?: AuditKind;
  actorId?: string;
  outcome?: 'ok' | 'refused';
  from?: number;
  to?: number;
  limit: number;
  /** rows with id < before (paging backwards, newest first) */
  before?: number;
}

export async function listAudit(q: Queryable, orgId: string, f: AuditFilter): Promise<AuditRow[]> {
  const where = ['org_id = $1'];
  const params: unknown[] = [orgId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.action) add('action = ?', f.action);
  if (f.kind) add('action = ANY(?)', actionsOfKind(f.kind));
  if (f.actorId) add('actor_id = ?', f.actorId);
  if (f.outcome) add('outcome = ?', f.outcome);
  if (f.from !== undefined) add('at >= ?', f.from);
  if (f.to !== undefined) add('at < ?', f.to);
  if (f.before !== undefined) add('id < ?', f.before);
  params.push(f.limit);
  const { rows } = await q.query<AuditRow>(
    `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
}
