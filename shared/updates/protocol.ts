// The update service's wire (cloud/updates/, `npm run release`, the till's update policy): releases per
// channel, the files electron-updater downloads, health reports, pins. Versions are semver (the same
// precedence electron-updater uses to decide whether an offered version is newer: shared/updates/version.ts).
import { z } from 'zod';
import { zMultiline, zText } from '../text';
import { isNewer, isVersion } from './version';

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];
export const zUpdateChannel = z.enum(UPDATE_CHANNELS);

/** A plain semver version without a leading "v" (what electron-builder writes into latest.yml). */
export const zVersion = zText().max(32).refine(isVersion, 'must be a version like 1.2.3 or 1.3.0-beta.1');

/** sha512 of a file, base64 — the form electron-builder writes into latest.yml and electron-updater checks. */
export const zSha512 = zText().regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a base64 sha512 (88 characters)');

/** A file name as it appears in a URL: no folders, no spaces, nothing to escape. */
export const zFileName = zText().regex(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
  'letters, digits, . _ - only (no folders, no spaces)',
);

/** Installers can be large; this is the most one file may be. */
export const MAX_UPDATE_FILE_BYTES = 512 * 1024 * 1024;

export const zReleaseFile = z
  .object({
    name: zFileName,
    sha512: zSha512,
    size: z.number().int().min(1).max(MAX_UPDATE_FILE_BYTES),
    /** listed in latest.yml (the installer); false: fetched by convention beside it (its .blockmap) */
    listed: z.boolean().default(true),
  })
  .strict();
export type ReleaseFile = z.output<typeof zReleaseFile>;

// release notes are paragraphs: lines allowed
const zNote = zMultiline().trim().min(1).max(4000);
/** What the cashier reads before accepting an update, in both languages of the app. */
export const zReleaseNotes = z.object({ 'zh-CN': zNote, en: zNote }).strict();
export type ReleaseNotes = z.output<typeof zReleaseNotes>;

/** A percentage with at most two decimals (0.01 % steps): stored as basis points. */
export const zPercent = z
  .number()
  .min(0)
  .max(100)
  .refine((p) => Number.isInteger(Math.round(p * 100 * 1e6) / 1e6), 'at most two decimals');
export const percentToBps = (p: number): number => Math.round(p * 100);

export const zAutoPause = z
  .object({
    /** a release pauses itself once more than this share of the devices reporting on it failed to start */
    failureRatePercent: zPercent,
    /** … counted only once at least this many devices reported on it */
    minReports: z.number().int().min(1).max(100_000),
  })
  .strict();
export const AUTO_PAUSE_DEFAULT = { failureRatePercent: 5, minReports: 20 } as const;

export const zNewRelease = z
  .object({
    channel: zUpdateChannel,
    version: zVersion,
    files: z
      .array(zReleaseFile)
      .min(1)
      .max(8)
      .refine((fs) => fs.some((f) => f.listed), 'at least one listed file (the installer)')
      .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, 'file names must differ'),
    notes: zReleaseNotes,
    /** tills older than this must install this release before they sync again (a security fix) */
    minimumVersion: zVersion.nullable().default(null),
    rolloutPercent: zPercent,
    /** ISO 8601; default: now */
    releaseDate: z.iso.datetime({ offset: true }).optional(),
    autoPause: zAutoPause.optional(),
  })
  .strict()
  .refine((r) => r.minimumVersion === null || !isNewer(r.minimumVersion, r.version), {
    message: 'minimumVersion cannot be newer than the release itself',
    path: ['minimumVersion'],
  });
export type NewRelease = z.output<typeof zNewRelease>;

export const RELEASE_STATUSES = ['active', 'paused', 'superseded'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export const zReleaseSummary = z.object({
  channel: zUpdateChannel,
  version: zText(),
  status: z.enum(RELEASE_STATUSES),
  statusReason: zText().nullable(),
  supersededBy: zText().nullable(),
  rolloutPercent: z.number(),
  minimumVersion: zText().nullable(),
  notes: zReleaseNotes,
  releaseDate: z.number().int(),
  files: z.array(z.object({ name: zText(), sha512: zText(), size: z.number().int(), listed: z.boolean() })),
  autoPause: z.object({ failureRatePercent: z.number(), minReports: z.number().int() }),
  /** devices whose latest report says they run this version */
  running: z.number().int(),
  /** devices that reported a start of this version, and how many of them failed to start it */
  reports: z.number().int(),
  failed: z.number().int(),
});
export type ReleaseSummary = z.output<typeof zReleaseSummary>;

export const zRolloutChange = z.object({ percent: zPercent }).strict();
export const zPauseRequest = z.object({ reason: zText().trim().min(1).max(200).optional() }).strict();
export const zSupersedeRequest = z.object({ by: zVersion }).strict();
export const zResumeRequest = z.object({}).strict();
export const zReleaseAnswer = z.object({ release: zReleaseSummary });
export const zReleasesAnswer = z.object({ releases: z.array(zReleaseSummary) });

/** One outlet's update settings: its channel, and the version it must not go past (null: follows rollouts). */
export const zOutletUpdateSettings = z
  .object({ channel: zUpdateChannel.optional(), pinnedVersion: zVersion.nullable().optional() })
  .strict();
export const zPin = z.object({ pinnedVersion: zVersion.nullable() }).strict();

/** A till's start, as the shell reports it (by its feed token: a backend that failed has no device key). */
export const zHealthReport = z
  .object({
    version: zVersion,
    /** the version that ran before this start, when this start is the first after an update */
    previousVersion: zVersion.nullable(),
    /** the backend opened its databases, ran its migrations and answered */
    startOk: z.boolean(),
    error: z
      .object({ code: zText().max(64), message: zMultiline().max(500) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type HealthReport = z.output<typeof zHealthReport>;

/** What a till is offered: the release its cohort is in (or must install), with what the cashier reads. */
export const zUpdateOffer = z.object({
  version: zText(),
  notes: zReleaseNotes,
  releaseDate: z.number().int(),
  /** the till is below a minimum version: it installs at the first safe moment and syncs nothing until then */
  forced: z.boolean(),
});
export type UpdateOffer = z.output<typeof zUpdateOffer>;

export const UPDATE_PATHS = {
  /** GET …/:token/latest.yml, GET …/:token/:version/:file, POST …/:token/health — the device's own feed */
  feed: '/v1/updates/feed',
  /** GET …/:channel/latest.yml, GET …/:channel/:version/:file — the build's feed (app-update.yml): full rollouts only */
  channel: '/v1/updates/channel',
  /** platform admin (Bearer): blobs, releases, rollout, pause, resume, supersede, outlet settings */
  admin: '/v1/platform/updates',
} as const;

/** The channel file electron-updater's generic provider asks for on Windows (`${channel}.yml`, default latest). */
export const CHANNEL_FILE = 'latest.yml';
