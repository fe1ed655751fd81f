// Runtime: Node. What electron-updater reads (public routes: a till's shell has no device key at hand, and
// a till whose backend failed to start must still update and report):
//   GET  /v1/updates/feed/:token/latest.yml            the device's offer (device-offer.ts), or 404 NOT_FOUND
//   GET  /v1/updates/feed/:token/:version/:file        a file of the offered release, or of the running one
//                                                      (its .blockmap, for a differential download)
//   POST /v1/updates/feed/:token/health                {version, previousVersion, startOk, error}
//   GET  /v1/updates/channel/:channel/latest.yml       the build's feed (app-update.yml): full rollouts only
//   GET  /v1/updates/channel/:channel/:version/:file
// The token is the device's own (issued by the signed handshake, cloud/capabilities/); a revoked device's
// token stops working. latest.yml is never cached; a file is immutable under its URL.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { zText } from '../../shared/text';
import { AppError } from '../../shared/errors';
import {
  CHANNEL_FILE,
  UPDATE_PATHS,
  zFileName,
  zHealthReport,
  zUpdateChannel,
  zVersion,
} from '../../shared/updates/protocol';
import type { Queryable } from '../db/types';
import type { RouteContext } from '../http/route-context';
import { readBlob } from './blobs';
import { channelOffer, deviceOffer } from './device-offer';
import { deviceByFeedToken, recordHealth } from './devices';
import { latestYml } from './feed';
import { findRelease, releaseFiles, type ReleaseRow } from './releases';

const zFeedToken = zText().regex(/^[A-Za-z0-9_-]{43}$/, "the device's feed token (43 characters, base64url)");
const zToken = z.object({ token: zFeedToken });
const zTokenFile = z.object({ token: zFeedToken, version: zVersion, file: zFileName });
const zChannel = z.object({ channel: zUpdateChannel });
const zChannelFile = z.object({ channel: zUpdateChannel, version: zVersion, file: zFileName });
const zRecorded = z.object({ recorded: z.literal(true) });

async function sendYml(q: Queryable, reply: FastifyReply, release: ReleaseRow | null) {
  if (!release) throw new AppError('NOT_FOUND', 'No release is offered to this device now');
  const files = await releaseFiles(q, release.id);
  return reply
    .header('cache-control', 'no-store')
    .type('text/yaml; charset=utf-8')
    .send(latestYml({ ...release, files }));
}

async function sendFile(q: Queryable, reply: FastifyReply, release: ReleaseRow, name: string) {
  const file = (await releaseFiles(q, release.id)).find((f) => f.name === name);
  if (!file) throw new AppError('NOT_FOUND', `Release ${release.version} has no file ${name}`);
  return reply
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('content-length', String(file.size))
    .type('application/octet-stream')
    .send(readBlob(q, file.sha512, file.chunks));
}

export function updateFeedRoutes(ctx: RouteContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    // latest.yml and the files are not JSON: their routes declare what they take, not what they answer.
    const FEED = UPDATE_PATHS.feed;
    app.get(`${FEED}/:token/${CHANNEL_FILE}`, { schema: { params: zToken } }, async (request, reply) => {
      const device = await deviceByFeedToken(ctx.db, request.params.token);
      return sendYml(ctx.db, reply, (await deviceOffer(ctx.db, device)).release);
    });
    app.get(`${FEED}/:token/:version/:file`, { schema: { params: zTokenFile } }, async (request, reply) => {
      const { token, version, file } = request.params;
      const device = await deviceByFeedToken(ctx.db, token);
      const offered = (await deviceOffer(ctx.db, device)).release;
      if (offered?.version !== version && device.version !== version)
        throw new AppError('NOT_FOUND', `Release ${version} is not offered to this device`);
      return sendFile(
        ctx.db,
        reply,
        offered?.version === version ? offered : await findRelease(ctx.db, device.channel, version),
        file,
      );
    });
    app.post(
      `${FEED}/:token/health`,
      { schema: { params: zToken, body: zHealthReport, response: { 200: zRecorded } } },
      async (request) => {
        const { token } = request.params;
        const report = request.body;
        return ctx.db.tx(async (q) => {
          const device = await deviceByFeedToken(q, token);
          const { paused } = await recordHealth(q, device, report, ctx.now());
          if (paused.length) request.log.warn({ paused }, 'release paused by its failure rate');
          return { recorded: true as const };
        });
      },
    );

    const CHANNEL = UPDATE_PATHS.channel;
    app.get(`${CHANNEL}/:channel/${CHANNEL_FILE}`, { schema: { params: zChannel } }, async (request, reply) => {
      return sendYml(ctx.db, reply, await channelOffer(ctx.db, request.params.channel));
    });
    app.get(`${CHANNEL}/:channel/:version/:file`, { schema: { params: zChannelFile } }, async (request, reply) => {
      const { channel, version, file } = request.params;
      const release = await findRelease(ctx.db, channel, version);
      if (release.status !== 'active' || release.rolloutBps < 10_000)
        throw new AppError('NOT_FOUND', `Release ${version} is not offered on the ${channel} feed`);
      return sendFile(ctx.db, reply, release, file);
    });
  };
}
