// The till's hash-chained audit log in sales.db. appendAudit() is synchronous so it can run inside the
// better-sqlite3 transaction of the act it records (a checkout and its audit row commit together).
import { createHash } from 'node:crypto';
import type { Db } from '../db/open';
import type { AuditAction } from '../../../shared/audit';
import type { MethodName } from '../../../shared/api/contract';

/** an act declared in shared/audit.ts, or the API method of a call the router refused (FORBIDDEN) */
export type TillAuditAction = AuditAction | MethodName;

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: number;
  actorId?: string | null;
  deviceId?: string | null;
  action: TillAuditAction;
  target?: string | null;
  outcome: 'ok' | 'refused';
  errorCode?: string | null;
  details?: unknown;
}

interface Row {
  id: number;
  at: number;
  actor_id: string | null;
  device_id: string | null;
  action: string;
  target: string | null;
  outcome: string;
  error_code: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

function hashOf(prev: string, r: Omit<Row, 'id' | 'prev_hash' | 'hash'>): string {
  const content = canonical({
    at: r.at,
    actor_id: r.actor_id,
    device_id: r.device_id,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    error_code: r.error_code,
    details: r.details,
  });
  return createHash('sha256')
    .update(prev + content)
    .digest('hex');
}

export function appendAudit(db: Db, e: AuditEntry): void {
  const tail = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prev = tail?.hash ?? GENESIS_HASH;
  const row = {
    at: e.at,
    actor_id: e.actorId ?? null,
    device_id: e.deviceId ?? null,
    action: e.action,
    target: e.target ?? null,
    outcome: e.outcome,
    error_code: e.errorCode ?? null,
    details: e.details === undefined ? null : canonical(e.details),
  };
  db.prepare(
    'INSERT INTO audit_log (at, actor_id, device_id, action, target, outcome, error_code, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.at,
    row.actor_id,
    row.device_id,
    row.action,
    row.target,
    row.outcome,
    row.error_code,
    row.details,
    prev,
    hashOf(prev, row),
  );
}

/**
 * Appends `e` unless the chain already holds an `ok` row of the same action and target for this clientId:
 * the cloud answers a till that repeats a request with its first answer (cloud/http/answers.ts), so the till
 * records each act once however often it asked.
 */
export function appendAuditOnce(
  db: Db,
  e: AuditEntry & { details: { clientId: string } & Record<string, unknown> },
): void {
  db.transaction(() => {
    const seen = db
      .prepare(
        "SELECT 1 FROM audit_log WHERE action = ? AND target IS ? AND outcome = 'ok' AND json_extract(details, '$.clientId') = ? LIMIT 1",
      )
      .get(e.action, e.target ?? null, e.details.clientId);
    if (!seen) appendAudit(db, e);
  })();
}

export type ChainCheck =
  { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: 'hash' | 'link' };

export function verifyAuditChain(db: Db): ChainCheck {
  let prev = GENESIS_HASH;
  let n = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as Iterable<Row>) {
    if (r.prev_hash !== prev) return { ok: false, rows: n, brokenAt: r.id, reason: 'link' };
    if (hashOf(prev, r) !== r.hash) return { ok: false, rows: n, brokenAt: r.id, reason: 'hash' };
    prev = r.hash;
    n += 1;
  }
  return { ok: true, rows: n };
}

/**
 * The till's audit writer on the context (BackendContext.audit), built once by createBackend from sales.db: what
 * writes a row without owning a transaction of its own (recordAudit, the router's refusals, an act whose
 * transaction is its store's) reaches the chain through it, never through the database itself.
 */
export interface AuditLog {
  /** appends `e` to the chain; synchronous and throwing, so inside a sales.db transaction it commits with the act */
  append(e: AuditEntry): void;
}

export function createAuditLog(db: Db): AuditLog {
  return { append: (e) => appendAudit(db, e) };
}
