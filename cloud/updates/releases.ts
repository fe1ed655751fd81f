// Runtime: Node. The releases repository: publish (files must be stored blobs of the declared size), list
// with their health figures, and the rollout steps — percentage, pause, resume, supersede. Each step is one
// UPDATE guarded by the release's current status, so two administrators (or an administrator and the
// automatic pause) never interleave into a state neither chose.
import { v4 as uuidv4 } from 'uuid';
import { AppError } from '../../shared/errors';
import {
  AUTO_PAUSE_DEFAULT,
  percentToBps,
  type NewRelease,
  type ReleaseStatus,
  type ReleaseSummary,
  type UpdateChannel,
} from '../../shared/updates/protocol';
import { compareVersions, isNewer } from '../../shared/updates/version';
import type { Queryable } from '../db/types';
import type { OfferRelease } from './offer';

export interface ReleaseRow extends OfferRelease {
  id: string;
  channel: UpdateChannel;
  notes: { 'zh-CN': string; en: string };
  releaseDate: number;
  statusReason: string | null;
  failureThresholdBps: number;
  minReports: number;
}

interface DbRelease {
  id: string;
  channel: UpdateChannel;
  version: string;
  notes_zh: string;
  notes_en: string;
  minimum_version: string | null;
  rollout_bps: number;
  status: ReleaseStatus;
  status_reason: string | null;
  superseded_by: string | null;
  failure_threshold_bps: number;
  min_reports: number;
  release_date: string | number;
}

const COLS =
  'id, channel, version, notes_zh, notes_en, minimum_version, rollout_bps, status, status_reason, superseded_by, failure_threshold_bps, min_reports, release_date';

function toRow(r: DbRelease): ReleaseRow {
  return {
    id: r.id,
    channel: r.channel,
    version: r.version,
    notes: { 'zh-CN': r.notes_zh, en: r.notes_en },
    minimumVersion: r.minimum_version,
    rolloutBps: r.rollout_bps,
    status: r.status,
    statusReason: r.status_reason,
    supersededBy: r.superseded_by,
    failureThresholdBps: r.failure_threshold_bps,
    minReports: r.min_reports,
    releaseDate: Number(r.release_date),
  };
}

/** A channel's releases, newest version first. */
export async function channelReleases(q: Queryable, channel: UpdateChannel): Promise<ReleaseRow[]> {
  const { rows } = await q.query<DbRelease>(`SELECT ${COLS} FROM update_releases WHERE channel = $1`, [channel]);
  return rows.map(toRow).sort((a, b) => compareVersions(b.version, a.version));
}

export async function findRelease(q: Queryable, channel: UpdateChannel, version: string): Promise<ReleaseRow> {
  const { rows } = await q.query<DbRelease>(`SELECT ${COLS} FROM update_releases WHERE channel = $1 AND version = $2`, [
    channel,
    version,
  ]);
  if (!rows[0]) throw new AppError('NOT_FOUND', `No release ${version} on the ${channel} channel`);
  return toRow(rows[0]);
}

export interface StoredFile {
  name: string;
  sha512: string;
  size: number;
  listed: boolean;
  chunks: number;
}

export async function releaseFiles(q: Queryable, releaseId: string): Promise<StoredFile[]> {
  const { rows } = await q.query<{ name: string; sha512: string; size: string; listed: boolean; chunks: number }>(
    `SELECT f.name, f.sha512, f.size, f.listed, b.chunks FROM update_release_files f
       JOIN update_blobs b ON b.sha512 = f.sha512 WHERE f.release_id = $1 ORDER BY f.listed DESC, f.name`,
    [releaseId],
  );
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function publishRelease(q: Queryable, r: NewRelease, adminId: string, now: number): Promise<ReleaseRow> {
  for (const f of r.files) {
    const { rows } = await q.query<{ size: string }>('SELECT size FROM update_blobs WHERE sha512 = $1', [f.sha512]);
    if (!rows[0])
      throw new AppError('VALIDATION', `File ${f.name} has not been uploaded (no file with its sha512)`, {
        reason: 'FILE_NOT_UPLOADED',
        file: f.name,
      });
    if (Number(rows[0].size) !== f.size)
      throw new AppError('VALIDATION', `File ${f.name}: the uploaded file has ${rows[0].size} bytes, not ${f.size}`, {
        reason: 'SIZE_MISMATCH',
        file: f.name,
      });
  }
  const autoPause = r.autoPause ?? AUTO_PAUSE_DEFAULT;
  const id = uuidv4();
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO update_releases (id, channel, version, notes_zh, notes_en, minimum_version, rollout_bps, status,
       failure_threshold_bps, min_reports, release_date, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9, $10, $11, $12, $12)
     ON CONFLICT (channel, version) DO NOTHING RETURNING id`,
    [
      id,
      r.channel,
      r.version,
      r.notes['zh-CN'],
      r.notes.en,
      r.minimumVersion,
      percentToBps(r.rolloutPercent),
      percentToBps(autoPause.failureRatePercent),
      autoPause.minReports,
      r.releaseDate ? Date.parse(r.releaseDate) : now,
      adminId,
      now,
    ],
  );
  if (inserted.rows.length === 0)
    throw new AppError('CONFLICT', `Release ${r.version} already exists on the ${r.channel} channel`);
  for (const f of r.files)
    await q.query(
      'INSERT INTO update_release_files (release_id, name, sha512, size, listed) VALUES ($1, $2, $3, $4, $5)',
      [id, f.name, f.sha512, f.size, f.listed],
    );
  return findRelease(q, r.channel, r.version);
}

/** Moves a release from one of `from` to `to`; CONFLICT names its current status otherwise. */
async function transition(
  q: Queryable,
  rel: ReleaseRow,
  from: readonly ReleaseStatus[],
  set: { status?: ReleaseStatus; reason?: string | null; rolloutBps?: number; supersededBy?: string },
  now: number,
): Promise<ReleaseRow> {
  const r = await q.query<{ id: string }>(
    `UPDATE update_releases SET status = coalesce($2, status), status_reason = CASE WHEN $2::text IS NULL THEN status_reason ELSE $3 END,
       rollout_bps = coalesce($4, rollout_bps), superseded_by = coalesce($5, superseded_by), updated_at = $6
     WHERE id = $1 AND status = ANY($7::text[]) RETURNING id`,
    [rel.id, set.status ?? null, set.reason ?? null, set.rolloutBps ?? null, set.supersededBy ?? null, now, from],
  );
  if (r.rows.length === 0)
    throw new AppError('CONFLICT', `Release ${rel.version} is ${rel.status}; this step needs it ${from.join(' or ')}`, {
      status: rel.status,
    });
  return findRelease(q, rel.channel, rel.version);
}

/** Raises or lowers the share of devices offered the release (a paused one keeps its figure for resume). */
export async function setRollout(q: Queryable, rel: ReleaseRow, percent: number, now: number) {
  return transition(q, rel, ['active', 'paused'], { rolloutBps: percentToBps(percent) }, now);
}

export async function pauseRelease(q: Queryable, rel: ReleaseRow, reason: string, now: number) {
  return transition(q, rel, ['active'], { status: 'paused', reason }, now);
}

export async function resumeRelease(q: Queryable, rel: ReleaseRow, now: number) {
  return transition(q, rel, ['paused'], { status: 'active', reason: null }, now);
}

/** Replaces a (bad) release by a newer active one on its channel: every device running it is offered that. */
export async function supersedeRelease(q: Queryable, rel: ReleaseRow, by: string, now: number) {
  if (!isNewer(by, rel.version))
    throw new AppError('VALIDATION', `A release is superseded by a newer one: ${by} is not newer than ${rel.version}`);
  const replacement = await findRelease(q, rel.channel, by);
  if (replacement.status !== 'active')
    throw new AppError('CONFLICT', `Release ${by} is ${replacement.status}: a replacement must be active`);
  return transition(
    q,
    rel,
    ['active', 'paused'],
    { status: 'superseded', reason: `superseded by ${by}`, supersededBy: by },
    now,
  );
}

/** Devices running each version, and per version how many reported a start and how many failed one. */
export async function healthFigures(
  q: Queryable,
  versions: string[],
): Promise<Map<string, { running: number; reports: number; failed: number }>> {
  const out = new Map(versions.map((v) => [v, { running: 0, reports: 0, failed: 0 }]));
  if (versions.length === 0) return out;
  const running = await q.query<{ version: string; n: string }>(
    'SELECT version, count(*) AS n FROM update_devices WHERE version = ANY($1::text[]) GROUP BY version',
    [versions],
  );
  for (const r of running.rows) out.get(r.version)!.running = Number(r.n);
  const health = await q.query<{ version: string; reports: string; failed: string }>(
    `SELECT version, count(*) AS reports, count(*) FILTER (WHERE ever_failed) AS failed
       FROM update_health WHERE version = ANY($1::text[]) GROUP BY version`,
    [versions],
  );
  for (const r of health.rows)
    Object.assign(out.get(r.version)!, { reports: Number(r.reports), failed: Number(r.failed) });
  return out;
}

export async function summaries(q: Queryable, channel: UpdateChannel): Promise<ReleaseSummary[]> {
  const rels = await channelReleases(q, channel);
  const figures = await healthFigures(
    q,
    rels.map((r) => r.version),
  );
  return Promise.all(
    rels.map(async (r) => ({
      channel: r.channel,
      version: r.version,
      status: r.status,
      statusReason: r.statusReason,
      supersededBy: r.supersededBy,
      rolloutPercent: r.rolloutBps / 100,
      minimumVersion: r.minimumVersion,
      notes: r.notes,
      releaseDate: r.releaseDate,
      files: (await releaseFiles(q, r.id)).map(({ chunks: _c, ...f }) => f),
      autoPause: { failureRatePercent: r.failureThresholdBps / 100, minReports: r.minReports },
      ...figures.get(r.version)!,
    })),
  );
}
