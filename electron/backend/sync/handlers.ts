import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { isRetryable } from './engine';

export function syncHandlers(ctx: BackendContext): HandlerGroup {
  return {
    'sync.status': () => ctx.sync.status(),
    // A person asked: ignore the backoff schedule and try every unparked row now.
    'sync.now': () => ctx.sync.push(true),
    'sync.parked': () => ({
      records: ctx.outbox.parked().map((r) => ({
        id: r.id,
        kind: r.kind,
        ref: r.refId,
        number: r.number,
        createdAt: r.createdAt,
        parkedAt: r.failedAt!,
        reason: r.lastError ?? { code: 'CLOUD_ERROR', message: 'refused' },
        retryable: isRetryable(r.lastError),
      })),
    }),
    'sync.retryParked': ({ id }) => {
      const row = ctx.outbox.get(id);
      // The record itself was refused (invalid, or another payload under its id): trying again changes nothing.
      if (!row || row.failedAt === null || row.ackedAt !== null || !isRetryable(row.lastError))
        throw new AppError('NOT_FOUND', 'No parked record to try again with this id', { id });
      ctx.outbox.unpark(id, ctx.now());
      return ctx.sync.push(true);
    },
  };
}
