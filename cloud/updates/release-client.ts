// Runtime: Node. The platform administrator's side of the update routes over HTTP (fetch): used by
// `npm run release` (scripts/release.ts) and the tests, so both speak exactly what the routes take.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UPDATE_PATHS, type ReleaseSummary } from '../../shared/updates/protocol';

export class ReleaseApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ReleaseApi {
  upload(
    source: { path: string } | { bytes: Uint8Array },
    sha512?: string,
  ): Promise<{ sha512: string; size: number; result: string }>;
  publish(release: unknown): Promise<ReleaseSummary>;
  list(channel: string): Promise<ReleaseSummary[]>;
  step(
    channel: string,
    version: string,
    step: 'rollout' | 'pause' | 'resume' | 'supersede',
    body?: unknown,
  ): Promise<ReleaseSummary>;
  outlet(outletId: string, settings: { channel?: string; pinnedVersion?: string | null }): Promise<unknown>;
}

/** sha512 (base64, as latest.yml states it) of a file, streamed */
export async function sha512OfFile(path: string): Promise<string> {
  const h = createHash('sha512');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('base64');
}

export function releaseApi(cloudUrl: string, token: string): ReleaseApi {
  const base = cloudUrl.replace(/\/+$/, '') + UPDATE_PATHS.admin;
  const auth = { authorization: `Bearer ${token}` };
  async function answer<T>(res: Response): Promise<T> {
    const text = await res.text();
    const body = text ? (JSON.parse(text) as { error?: { code: string; message: string; details?: unknown } }) : {};
    if (!res.ok || body.error)
      throw new ReleaseApiError(
        res.status,
        body.error?.code ?? 'HTTP',
        body.error?.message ?? `HTTP ${res.status}`,
        body.error?.details,
      );
    return body as T;
  }
  const json = async <T>(method: string, path: string, body?: unknown) =>
    answer<T>(
      await fetch(base + path, {
        method,
        headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return {
    async upload(source, declared) {
      const size = 'bytes' in source ? source.bytes.length : (await stat(source.path)).size;
      const sha512 =
        declared ??
        ('bytes' in source
          ? createHash('sha512').update(source.bytes).digest('base64')
          : await sha512OfFile(source.path));
      const body = 'bytes' in source ? source.bytes : (Readable.toWeb(createReadStream(source.path)) as ReadableStream);
      const id = Buffer.from(sha512, 'base64').toString('base64url');
      return answer(
        await fetch(`${base}/blobs/${id}`, {
          method: 'PUT',
          headers: { ...auth, 'content-type': 'application/octet-stream', 'content-length': String(size) },
          body,
          duplex: 'half',
        } as RequestInit),
      );
    },
    publish: async (release) => (await json<{ release: ReleaseSummary }>('POST', '/releases', release)).release,
    list: async (channel) =>
      (await json<{ releases: ReleaseSummary[] }>('GET', `/releases?channel=${channel}`)).releases,
    step: async (channel, version, step, body = {}) =>
      (await json<{ release: ReleaseSummary }>('POST', `/releases/${channel}/${version}/${step}`, body)).release,
    outlet: (outletId, settings) => json('PUT', `/outlets/${outletId}`, settings),
  };
}
