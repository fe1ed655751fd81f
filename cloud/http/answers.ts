// Runtime: Node. A lost answer must not cost the customer. A till whose answer was lost (a dropped
// connection, a crash before it wrote what it got) repeats the same signed request with the same client id;
// it must get the SAME answer again — a game card's code, a payment's result, the member a create made —
// for as long as the act is recent (ANSWER_RECENT_MS), and no other device ever gets it.
//
// Two shapes, one rule:
//  - an act whose answer is a one-time result (member creates and money acts) keeps that answer here, sealed
//    (AES-256-GCM, CARD_CODE_KEY: it may hold what only the ordering till may read), keyed by
//    (device, route, client id) and the request's hash, written in the act's own transaction — the answer
//    exists iff the act committed. `answerOnce` recalls it for the same device and the same request, or runs
//    the act and keeps its answer;
//  - a record whose state moves on after the answer (a virtual order, a payment) answers a repeat from the
//    record as it is now, and re-hands its secret (the card code) to the device that made it while the record
//    is recent (cloud/virtual/orders.ts getVirtualOrder) — a stored snapshot would answer "pending" forever.
// After ANSWER_RECENT_MS a repeat falls back to the route's own idempotency ('exists': nothing moves twice),
// and another device's repeat always does. Answers are pruned after that time.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../catalog/canonical-json';
import type { CloudDb, Queryable } from '../db/types';
import { cardKeyFromEnv } from '../virtual/card-crypto';

/** 24 h: how long a repeated request gets the first answer again. */
export const ANSWER_RECENT_MS = 24 * 60 * 60 * 1000;

export interface AnswerKey {
  deviceId: string;
  /** the route pattern, e.g. 'POST /v1/members/:id/topups' */
  route: string;
  /** the caller's idempotency key */
  clientId: string;
}

let sealKey: Buffer | null = null;
const key = (): Buffer => (sealKey ??= cardKeyFromEnv());

function seal(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

/** The sealed answer, or undefined when it cannot be opened (another key: a process without CARD_CODE_KEY). */
function unseal(sealed: string): string | undefined {
  try {
    const [iv, tag, data] = sealed.split('.').map((s) => Buffer.from(s, 'base64'));
    const d = createDecipheriv('aes-256-gcm', key(), iv!);
    d.setAuthTag(tag!);
    return Buffer.concat([d.update(data!), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The hash a repeat must match: the same route parameters and the same body. */
export const requestHash = (request: unknown): string => sha256Hex(canonicalJson(request));

/** The answer this device got for this very request, while recent; undefined otherwise. */
export async function recallAnswer<T>(q: Queryable, k: AnswerKey, hash: string, now: number): Promise<T | undefined> {
  const { rows } = await q.query<{ request_sha256: string; answer_sealed: string; created_at: number }>(
    'SELECT request_sha256, answer_sealed, created_at FROM device_answers WHERE device_id = $1 AND route = $2 AND client_id = $3',
    [k.deviceId, k.route, k.clientId],
  );
  const r = rows[0];
  if (!r || r.request_sha256 !== hash || now - Number(r.created_at) >= ANSWER_RECENT_MS) return undefined;
  const plain = unseal(r.answer_sealed);
  return plain === undefined ? undefined : (JSON.parse(plain) as T);
}

/** Keeps an answer; pass the act's transaction so it commits with the act. A first answer is never replaced. */
export async function keepAnswer(
  q: Queryable,
  k: AnswerKey,
  hash: string,
  answer: unknown,
  now: number,
): Promise<void> {
  await q.query(
    `INSERT INTO device_answers (device_id, route, client_id, request_sha256, answer_sealed, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id, route, client_id) DO NOTHING`,
    [k.deviceId, k.route, k.clientId, hash, seal(JSON.stringify(answer)), now],
  );
  await q.query('DELETE FROM device_answers WHERE device_id = $1 AND created_at < $2', [
    k.deviceId,
    now - ANSWER_RECENT_MS,
  ]);
}

/**
 * The first answer again for the same device and request while recent; otherwise runs `act` in one
 * transaction and keeps its answer there. `act` keeps its own idempotency (e.g. answering 'exists'): that is
 * what an old repeat, or another device's, gets.
 */
export async function answerOnce<T>(
  db: CloudDb,
  k: AnswerKey,
  request: unknown,
  now: number,
  act: (q: Queryable) => Promise<T>,
): Promise<T> {
  const hash = requestHash(request);
  return db.tx(async (q) => {
    const before = await recallAnswer<T>(q, k, hash, now);
    if (before !== undefined) return before;
    const answer = await act(q);
    await keepAnswer(q, k, hash, answer, now);
    return answer;
  });
}
