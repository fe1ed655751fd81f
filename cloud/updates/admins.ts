// Runtime: Node. Platform administrators: the people who publish releases and steer rollouts. Their
// credential is a bearer token (`Authorization: Bearer qpa_…`): 32 random bytes, shown once at creation,
// stored only as its sha256 (the token carries 256 bits, so a fast hash is enough). A revoked token stops
// at once. Tokens are made by `npm run cloud:admin` (admin-cli.ts) on the cloud's own database.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import type { Queryable } from '../db/types';

export interface PlatformAdmin {
  id: string;
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    platformAdmin?: PlatformAdmin;
  }
}

const TOKEN_PREFIX = 'qpa_';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createPlatformAdmin(
  q: Queryable,
  name: string,
  now: number,
): Promise<PlatformAdmin & { token: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = uuidv4();
  await q.query('INSERT INTO platform_admins (id, name, token_sha256, created_at) VALUES ($1, $2, $3, $4)', [
    id,
    name,
    sha256(token),
    now,
  ]);
  return { id, name, token };
}

export async function revokePlatformAdmin(q: Queryable, name: string, now: number): Promise<number> {
  const r = await q.query<{ id: string }>(
    'UPDATE platform_admins SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL RETURNING id',
    [name, now],
  );
  return r.rows.length;
}

export async function findPlatformAdmin(q: Queryable, token: string): Promise<PlatformAdmin | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const { rows } = await q.query<PlatformAdmin>(
    'SELECT id, name FROM platform_admins WHERE token_sha256 = $1 AND revoked_at IS NULL',
    [sha256(token)],
  );
  return rows[0] ?? null;
}

/** preValidation hook (auth before any route schema) for the platform-admin scope: a valid bearer token, or UNAUTHENTICATED. */
export function requirePlatformAdmin(app: FastifyInstance, q: Queryable): void {
  app.addHook('preValidation', async (request) => {
    const h = request.headers.authorization;
    const token = typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : '';
    const admin = token ? await findPlatformAdmin(q, token) : null;
    if (!admin) throw new AppError('UNAUTHENTICATED', 'A platform administrator token is required');
    request.platformAdmin = admin;
  });
}

export function adminOf(request: FastifyRequest): PlatformAdmin {
  if (!request.platformAdmin) throw new Error('route is not behind requirePlatformAdmin');
  return request.platformAdmin;
}
