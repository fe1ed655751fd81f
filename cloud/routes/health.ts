// Runtime: Node. Liveness: answers without touching the database.
import type { FastifyInstance } from 'fastify';
import { PATHS } from '../../shared/sync/protocol';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(PATHS.health, async () => ({ ok: true }));
}
