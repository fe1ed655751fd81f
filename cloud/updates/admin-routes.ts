// Runtime: Node. The platform administrator's update routes (Bearer token, admins.ts), all under
// /v1/platform/updates:
//   PUT  /blobs/:sha512                            (base64url) the bytes of one file (application/octet-stream; Content-Length
//                                                  = its size); stored only if sha512 and size match → {result}
//   POST /releases                                 publish a release (shared/updates/protocol.ts zNewRelease)
//   GET  /releases?channel=                        every release of a channel with running / reports / failed
//   POST /releases/:channel/:version/rollout       {percent}    raise or lower the share of devices offered it
//   POST /releases/:channel/:version/pause         {reason?}    offer it to nobody new
//   POST /releases/:channel/:version/resume        {}
//   POST /releases/:channel/:version/supersede     {by}         replace it by a newer active release everywhere
//   PUT  /outlets/:id                              {channel?, pinnedVersion?}   an outlet's channel and pin
// Every write is audited in the platform's chain with the administrator's id.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zText } from '../../shared/text';
import type { AuditAction } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import {
  MAX_UPDATE_FILE_BYTES,
  UPDATE_PATHS,
  zNewRelease,
  zOutletUpdateSettings,
  zPauseRequest,
  zRolloutChange,
  zSupersedeRequest,
  zUpdateChannel,
  zVersion,
} from '../../shared/updates/protocol';
import type { Queryable } from '../db/types';
import type { RouteContext } from '../http/route-context';
import { appendAudit } from '../security/audit';
import { normalizeIp } from '../security/ip';
import { adminOf, requirePlatformAdmin } from './admins';
import { storeBlob } from './blobs';
import { setOutletUpdateSettings } from './devices';
import {
  findRelease,
  pauseRelease,
  publishRelease,
  resumeRelease,
  setRollout,
  summaries,
  supersedeRelease,
} from './releases';

const BASE = UPDATE_PATHS.admin;
const zReleaseParams = z.object({ channel: zUpdateChannel, version: zVersion });
const zBlobParams = z.object({ sha512: zText().regex(/^[A-Za-z0-9_-]{86}$/, 'base64url sha512 (86 characters)') });

export function updateAdminRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    requirePlatformAdmin(app, ctx.db);
    // The upload's body reaches the route as the request stream itself: it is hashed and stored chunk by
    // chunk (blobs.ts), never held whole in memory.
    app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

    const audit = (q: Queryable, request: FastifyRequest, action: AuditAction, target: string, after?: unknown) =>
      appendAudit(q, {
        orgId: null,
        at: ctx.now(),
        actorId: adminOf(request).id,
        ip: normalizeIp(request.ip),
        action,
        target,
        outcome: 'ok',
        after,
        details: { admin: adminOf(request).name },
      });

    app.put(`${BASE}/blobs/:sha512`, async (request) => {
      const sha512 = Buffer.from(zBlobParams.parse(request.params).sha512, 'base64url').toString('base64');
      const size = Number(request.headers['content-length']);
      if (!Number.isSafeInteger(size) || size < 1)
        throw new AppError('VALIDATION', 'Content-Length must state the file size');
      if (size > MAX_UPDATE_FILE_BYTES)
        throw new AppError('PAYLOAD_TOO_LARGE', `A file may have at most ${MAX_UPDATE_FILE_BYTES} bytes`);
      if (!request.headers['content-type']?.startsWith('application/octet-stream'))
        throw new AppError('VALIDATION', 'Content-Type must be application/octet-stream');
      const body = request.body as AsyncIterable<Buffer>;
      const result = await storeBlob(ctx.db, sha512, size, body, ctx.now());
      return { sha512, size, result };
    });

    app.post(`${BASE}/releases`, async (request) => {
      const body = zNewRelease.parse(request.body);
      const release = await ctx.db.tx(async (q) => {
        const r = await publishRelease(q, body, adminOf(request).id, ctx.now());
        await audit(q, request, 'update.release.publish', `${r.channel}/${r.version}`, {
          rolloutBps: r.rolloutBps,
          minimumVersion: r.minimumVersion,
          files: body.files,
        });
        return r;
      });
      return { release: (await summaries(ctx.db, release.channel)).find((s) => s.version === release.version) };
    });

    app.get(`${BASE}/releases`, async (request) => {
      const { channel } = z.object({ channel: zUpdateChannel.default('stable') }).parse(request.query);
      return { releases: await summaries(ctx.db, channel) };
    });

    const step = (
      name: 'rollout' | 'pause' | 'resume' | 'supersede',
      run: (q: Queryable, request: FastifyRequest) => Promise<{ version: string }>,
    ) =>
      app.post(`${BASE}/releases/:channel/:version/${name}`, async (request) => {
        const { channel } = zReleaseParams.parse(request.params);
        const done = await ctx.db.tx(async (q) => {
          const r = await run(q, request);
          await audit(q, request, `update.release.${name}`, `${channel}/${r.version}`, request.body ?? null);
          return r;
        });
        return { release: (await summaries(ctx.db, channel)).find((s) => s.version === done.version) };
      });
    const release = (q: Queryable, request: FastifyRequest) => {
      const { channel, version } = zReleaseParams.parse(request.params);
      return findRelease(q, channel, version);
    };
    step('rollout', async (q, request) => {
      const { percent } = zRolloutChange.parse(request.body);
      return setRollout(q, await release(q, request), percent, ctx.now());
    });
    step('pause', async (q, request) => {
      const { reason } = zPauseRequest.parse(request.body ?? {});
      return pauseRelease(q, await release(q, request), reason ?? `paused by ${adminOf(request).name}`, ctx.now());
    });
    step('resume', async (q, request) => resumeRelease(q, await release(q, request), ctx.now()));
    step('supersede', async (q, request) => {
      const { by } = zSupersedeRequest.parse(request.body);
      return supersedeRelease(q, await release(q, request), by, ctx.now());
    });

    app.put(`${BASE}/outlets/:id`, async (request) => {
      const { id } = z.object({ id: z.uuid() }).parse(request.params);
      const change = zOutletUpdateSettings.parse(request.body);
      return ctx.db.tx(async (q) => {
        const settings = await setOutletUpdateSettings(q, id, change, `platform:${adminOf(request).id}`, ctx.now());
        await audit(q, request, 'update.outlet_settings', id, settings);
        return { outletId: id, ...settings };
      });
    });
  };
}
