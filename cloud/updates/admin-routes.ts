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
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { zText } from '../../shared/text';
import type { AuditAction } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import {
  MAX_UPDATE_FILE_BYTES,
  type ReleaseSummary,
  type UpdateChannel,
  UPDATE_PATHS,
  zNewRelease,
  zOutletUpdateSettings,
  zPauseRequest,
  zReleaseAnswer,
  zReleasesAnswer,
  zResumeRequest,
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
  type ReleaseRow,
  publishRelease,
  resumeRelease,
  setRollout,
  summaries,
  supersedeRelease,
} from './releases';

const BASE = UPDATE_PATHS.admin;
const zReleaseParams = z.object({ channel: zUpdateChannel, version: zVersion });
const zBlobParams = z.object({ sha512: zText().regex(/^[A-Za-z0-9_-]{86}$/, 'base64url sha512 (86 characters)') });
const zBlobAnswer = z.object({ sha512: zText(), size: z.number().int(), result: zText() });
const zOutletAnswer = z.object({ outletId: z.uuid(), channel: zUpdateChannel, pinnedVersion: zText().nullable() });

export function updateAdminRoutes(ctx: RouteContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    requirePlatformAdmin(scope, ctx.db);
    const app = scope.withTypeProvider<ZodTypeProvider>();
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

    // the body is the file's bytes as a stream (no schema can judge it): its size and hash are checked as stored
    /** A release as the administrator reads it (counted after the write committed). */
    const summaryOf = async (channel: UpdateChannel, version: string): Promise<ReleaseSummary> => {
      const found = (await summaries(ctx.db, channel)).find((s) => s.version === version);
      if (!found) throw new AppError('NOT_FOUND', `No release ${version} on the ${channel} channel`);
      return found;
    };

    app.put(
      `${BASE}/blobs/:sha512`,
      { schema: { params: zBlobParams, response: { 200: zBlobAnswer } } },
      async (request) => {
        const sha512 = Buffer.from(request.params.sha512, 'base64url').toString('base64');
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
      },
    );

    app.post(
      `${BASE}/releases`,
      { schema: { body: zNewRelease, response: { 200: zReleaseAnswer } } },
      async (request) => {
        const body = request.body;
        const release = await ctx.db.tx(async (q) => {
          const r = await publishRelease(q, body, adminOf(request).id, ctx.now());
          await audit(q, request, 'update.release.publish', `${r.channel}/${r.version}`, {
            rolloutBps: r.rolloutBps,
            minimumVersion: r.minimumVersion,
            files: body.files,
          });
          return r;
        });
        return { release: await summaryOf(release.channel, release.version) };
      },
    );

    app.get(
      `${BASE}/releases`,
      {
        schema: {
          querystring: z.object({ channel: zUpdateChannel.default('stable') }),
          response: { 200: zReleasesAnswer },
        },
      },
      async (request) => ({ releases: await summaries(ctx.db, request.query.channel) }),
    );

    /** One step of a release's life: its params, its body, and what it does to the release. */
    const step = <B extends z.ZodType>(
      name: 'rollout' | 'pause' | 'resume' | 'supersede',
      body: B,
      run: (
        q: Queryable,
        release: ReleaseRow,
        body: z.output<B>,
        request: FastifyRequest,
      ) => Promise<{ version: string }>,
    ) =>
      app.post(
        `${BASE}/releases/:channel/:version/${name}`,
        { schema: { params: zReleaseParams, body, response: { 200: zReleaseAnswer } } },
        async (request) => {
          const { channel, version } = request.params;
          const done = await ctx.db.tx(async (q) => {
            const r = await run(q, await findRelease(q, channel, version), request.body as z.output<B>, request);
            await audit(q, request, `update.release.${name}`, `${channel}/${r.version}`, request.body ?? null);
            return r;
          });
          return { release: await summaryOf(channel, done.version) };
        },
      );
    step('rollout', zRolloutChange, (q, release, { percent }) => setRollout(q, release, percent, ctx.now()));
    // the body is optional: a pause without a reason names the administrator
    step('pause', zPauseRequest.optional(), (q, release, body, request) =>
      pauseRelease(q, release, body?.reason ?? `paused by ${adminOf(request).name}`, ctx.now()),
    );
    step('resume', zResumeRequest.optional(), (q, release) => resumeRelease(q, release, ctx.now()));
    step('supersede', zSupersedeRequest, (q, release, { by }) => supersedeRelease(q, release, by, ctx.now()));

    app.put(
      `${BASE}/outlets/:id`,
      { schema: { params: z.object({ id: z.uuid() }), body: zOutletUpdateSettings, response: { 200: zOutletAnswer } } },
      async (request) => {
        const { id } = request.params;
        const change = request.body;
        return ctx.db.tx(async (q) => {
          const settings = await setOutletUpdateSettings(q, id, change, `platform:${adminOf(request).id}`, ctx.now());
          await audit(q, request, 'update.outlet_settings', id, settings);
          return { outletId: id, ...settings };
        });
      },
    );
  };
}
