// Runtime: Node. The cloud's ONE error handler: every failure leaves as { error: { code, message, details? } }
// with the status from HTTP_STATUS. Unexpected errors are logged and answered with a generic message —
// their text may hold SQL or internals and is never sent.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { AppError, HTTP_STATUS, validationError, type ApiError } from '../../shared/errors';

export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  const fe = err as Partial<FastifyError> | undefined;
  if (fe && typeof fe === 'object') {
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413)
      return new AppError('PAYLOAD_TOO_LARGE', 'Request body is too large');
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return new AppError('VALIDATION', 'Content-Type must be application/json');
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return new AppError('VALIDATION', 'Malformed request');
    }
  }
  return undefined;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const known = toAppError(err);
    if (known) {
      if (known.code === 'INTERNAL') request.log.error({ err }, 'internal error');
      return reply.status(HTTP_STATUS[known.code]).send({ error: known.toJSON() });
    }
    request.log.error({ err }, 'unhandled error');
    const body: ApiError = { code: 'INTERNAL', message: 'Internal error' };
    return reply.status(HTTP_STATUS.INTERNAL).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` };
    return reply.status(HTTP_STATUS.NOT_FOUND).send({ error: body });
  });
}
