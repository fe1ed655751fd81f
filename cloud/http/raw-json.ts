// Runtime: Node. JSON body parser that keeps the raw bytes: signatures are over sha256(raw body), and
// re-serialising a parsed body would not give the same bytes back.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export function installRawJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (req, body, done) => {
      const buf = body as Buffer;
      req.rawBody = buf;
      if (buf.length === 0) return done(null, undefined);
      try {
        done(null, JSON.parse(buf.toString('utf8')));
      } catch {
        done(new AppError('VALIDATION', 'Request body is not valid JSON'), undefined);
      }
    },
  );
}
