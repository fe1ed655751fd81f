// Runtime: Node. Release files, content-addressed by sha512, kept in the database in chunks (see 0012) so
// every cloud process serves them and a backup holds them. An upload is one transaction: the blob row and
// its chunks commit only when the bytes' sha512 and size are what the uploader declared — a mismatch, a
// short body or a broken connection stores nothing.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { CloudDb, Queryable } from '../db/types';

export const CHUNK_BYTES = 1024 * 1024;

export async function blobExists(q: Queryable, sha512: string): Promise<{ size: number } | null> {
  const { rows } = await q.query<{ size: string }>('SELECT size FROM update_blobs WHERE sha512 = $1', [sha512]);
  return rows[0] ? { size: Number(rows[0].size) } : null;
}

/**
 * Stores a body stream as the blob `sha512` (base64) of `size` bytes. Answers 'exists' (after checking the
 * declared size) when the same content is already stored; never overwrites.
 */
export async function storeBlob(
  db: CloudDb,
  sha512: string,
  size: number,
  body: AsyncIterable<Buffer | string>,
  now: number,
): Promise<'created' | 'exists'> {
  const existing = await blobExists(db, sha512);
  if (existing) {
    // Drain what was sent so the connection can be reused; the stored copy is already verified.
    for await (const _ of body) void _;
    if (existing.size !== size) throw new AppError('CONFLICT', 'A file with this sha512 is stored with another size');
    return 'exists';
  }
  return db.tx(async (q) => {
    const chunks = Math.max(1, Math.ceil(size / CHUNK_BYTES));
    const inserted = await q.query<{ sha512: string }>(
      'INSERT INTO update_blobs (sha512, size, chunks, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING sha512',
      [sha512, size, chunks, now],
    );
    if (inserted.rows.length === 0) return 'exists'; // a concurrent upload of the same file won
    const hash = createHash('sha512');
    let received = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending);
        const chunk = joined.subarray(0, CHUNK_BYTES);
        const rest = joined.subarray(chunk.length);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
        await q.query('INSERT INTO update_blob_chunks (sha512, seq, data) VALUES ($1, $2, $3)', [sha512, seq++, chunk]);
      }
    };
    for await (const part of body) {
      const buf = typeof part === 'string' ? Buffer.from(part) : part;
      received += buf.length;
      if (received > size) throw mismatch(`more than the declared ${size} bytes arrived`);
      hash.update(buf);
      pending.push(buf);
      pendingBytes += buf.length;
      await flush(false);
    }
    await flush(true);
    if (received !== size) throw mismatch(`${received} bytes arrived, ${size} were declared`);
    const actual = hash.digest('base64');
    if (actual !== sha512) throw mismatch(`the bytes' sha512 is ${actual}, not the declared ${sha512}`);
    if (seq !== chunks) throw new Error(`chunk count ${seq} != ${chunks}`);
    return 'created';
  });
}

function mismatch(why: string): AppError {
  return new AppError('VALIDATION', `The file does not match its checksum: ${why}; nothing was stored`, {
    reason: 'CHECKSUM_MISMATCH',
  });
}

/** The blob's bytes, read one chunk at a time (a large installer never sits whole in memory). */
export function readBlob(q: Queryable, sha512: string, chunks: number): Readable {
  return Readable.from(
    (async function* () {
      for (let seq = 0; seq < chunks; seq++) {
        const { rows } = await q.query<{ data: Uint8Array }>(
          'SELECT data FROM update_blob_chunks WHERE sha512 = $1 AND seq = $2',
          [sha512, seq],
        );
        if (!rows[0]) throw new Error(`blob ${sha512} lacks chunk ${seq}`);
        yield Buffer.from(rows[0].data);
      }
    })(),
    { objectMode: false },
  );
}
