// Runtime: Node. The devices as the update service sees them: each has a feed token (the per-device feed
// URL, and the credential of its health reports), the version it last said it runs, and its outlet's
// update settings (channel, pin). Health reports feed the per-release figures, and a release whose share of
// failed starts passes its threshold pauses itself in the same transaction as the report that tipped it.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { HealthReport, UpdateChannel } from '../../shared/updates/protocol';
import type { Queryable } from '../db/types';
import { appendAudit } from '../security/audit';

export interface UpdateDevice {
  deviceId: string;
  outletId: string;
  feedToken: string;
  version: string | null;
  channel: UpdateChannel;
  pinnedVersion: string | null;
}

const newToken = () => randomBytes(32).toString('base64url');

async function outletSettings(q: Queryable, outletId: string) {
  const { rows } = await q.query<{ channel: UpdateChannel; pinned_version: string | null }>(
    'SELECT channel, pinned_version FROM update_outlet_settings WHERE outlet_id = $1',
    [outletId],
  );
  return { channel: rows[0]?.channel ?? 'stable', pinnedVersion: rows[0]?.pinned_version ?? null };
}

/** The device's update record, made on first contact; `version` (when given) is what it runs now. */
export async function touchUpdateDevice(
  q: Queryable,
  device: { id: string; outlet_id: string },
  version: string | null,
  now: number,
): Promise<UpdateDevice> {
  const { rows } = await q.query<{ feed_token: string; version: string | null }>(
    `INSERT INTO update_devices (device_id, feed_token, version, seen_at, created_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (device_id) DO UPDATE SET version = coalesce(EXCLUDED.version, update_devices.version), seen_at = EXCLUDED.seen_at
     RETURNING feed_token, version`,
    [device.id, newToken(), version, now],
  );
  return {
    deviceId: device.id,
    outletId: device.outlet_id,
    feedToken: rows[0]!.feed_token,
    version: rows[0]!.version,
    ...(await outletSettings(q, device.outlet_id)),
  };
}

/** The device behind a feed token (only an active device's token works), or NOT_FOUND. */
export async function deviceByFeedToken(q: Queryable, token: string): Promise<UpdateDevice> {
  const { rows } = await q.query<{ device_id: string; outlet_id: string; version: string | null; status: string }>(
    `SELECT u.device_id, d.outlet_id, u.version, d.status FROM update_devices u JOIN devices d ON d.id = u.device_id
      WHERE u.feed_token = $1`,
    [token],
  );
  const r = rows[0];
  if (!r || r.status === 'revoked') throw new AppError('NOT_FOUND', 'Unknown update feed');
  return {
    deviceId: r.device_id,
    outletId: r.outlet_id,
    feedToken: token,
    version: r.version,
    ...(await outletSettings(q, r.outlet_id)),
  };
}

export async function setOutletUpdateSettings(
  q: Queryable,
  outletId: string,
  change: { channel?: UpdateChannel; pinnedVersion?: string | null },
  by: string,
  now: number,
): Promise<{ channel: UpdateChannel; pinnedVersion: string | null }> {
  const { rows: org } = await q.query<{ type: string }>('SELECT type FROM organizations WHERE id = $1', [outletId]);
  if (org[0]?.type !== 'outlet') throw new AppError('NOT_FOUND', 'No such outlet');
  const before = await outletSettings(q, outletId);
  const after = {
    channel: change.channel ?? before.channel,
    pinnedVersion: change.pinnedVersion === undefined ? before.pinnedVersion : change.pinnedVersion,
  };
  await q.query(
    `INSERT INTO update_outlet_settings (outlet_id, channel, pinned_version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (outlet_id) DO UPDATE SET channel = $2, pinned_version = $3, updated_by = $4, updated_at = $5`,
    [outletId, after.channel, after.pinnedVersion, by, now],
  );
  return after;
}

export interface OutletUpdateSettingsRow {
  outlet_id: string;
  channel: UpdateChannel;
  pinned_version: string | null;
}

/** The update settings stored for these outlets (an outlet with none is on 'stable', unpinned). */
export async function outletsUpdateSettings(q: Queryable, outletIds: string[]): Promise<OutletUpdateSettingsRow[]> {
  const { rows } = await q.query<OutletUpdateSettingsRow>(
    'SELECT outlet_id, channel, pinned_version FROM update_outlet_settings WHERE outlet_id = ANY($1::uuid[])',
    [outletIds],
  );
  return rows;
}

/** `n` active devices of the outlet run `version` (null: not said yet); n is a count, as text. */
export interface OutletVersionCountRow {
  outlet_id: string;
  version: string | null;
  n: string;
}

/** How many active devices of these outlets run each version, per outlet. */
export async function outletsRunningVersions(q: Queryable, outletIds: string[]): Promise<OutletVersionCountRow[]> {
  const { rows } = await q.query<OutletVersionCountRow>(
    `SELECT d.outlet_id, u.version, count(*) AS n FROM update_devices u JOIN devices d ON d.id = u.device_id
      WHERE d.outlet_id = ANY($1::uuid[]) AND d.status = 'active' GROUP BY d.outlet_id, u.version`,
    [outletIds],
  );
  return rows;
}

/**
 * Records one start. The row per (device, version) keeps the latest outcome and whether any start of that
 * version failed there; the device's running version becomes the reported one. Then every active release of
 * that version is checked against its threshold: paused (and audited) when failed / reports passes it.
 */
export async function recordHealth(
  q: Queryable,
  device: UpdateDevice,
  report: HealthReport,
  now: number,
): Promise<{ paused: string[] }> {
  await q.query(
    `INSERT INTO update_health (device_id, version, previous_version, started_ok, ever_failed, error_code, error_message, first_at, last_at)
     VALUES ($1, $2, $3, $4, NOT $4, $5, $6, $7, $7)
     ON CONFLICT (device_id, version) DO UPDATE SET started_ok = $4, ever_failed = update_health.ever_failed OR NOT $4,
       previous_version = coalesce(update_health.previous_version, $3),
       error_code = CASE WHEN $4 THEN update_health.error_code ELSE $5 END,
       error_message = CASE WHEN $4 THEN update_health.error_message ELSE $6 END, last_at = $7`,
    [
      device.deviceId,
      report.version,
      report.previousVersion,
      report.startOk,
      report.error?.code ?? null,
      report.error?.message ?? null,
      now,
    ],
  );
  await q.query('UPDATE update_devices SET version = $2, seen_at = $3 WHERE device_id = $1', [
    device.deviceId,
    report.version,
    now,
  ]);
  if (report.startOk) return { paused: [] };
  return autoPause(q, report.version, now);
}

/** Pauses each active release of `version` whose failure rate passed its threshold (after enough reports). */
export async function autoPause(q: Queryable, version: string, now: number): Promise<{ paused: string[] }> {
  // The rows of this version are locked first, so concurrent reports count one after the other.
  await q.query("SELECT pg_advisory_xact_lock(hashtext('update-health:' || $1))", [version]);
  const { rows: f } = await q.query<{ reports: string; failed: string }>(
    'SELECT count(*) AS reports, count(*) FILTER (WHERE ever_failed) AS failed FROM update_health WHERE version = $1',
    [version],
  );
  const reports = Number(f[0]!.reports);
  const failed = Number(f[0]!.failed);
  const reason = `auto: ${failed} of ${reports} devices failed to start it (${((failed / reports) * 100).toFixed(1)}%)`;
  const { rows } = await q.query<{ id: string; channel: string }>(
    `UPDATE update_releases SET status = 'paused', status_reason = $2, updated_at = $3
      WHERE version = $1 AND status = 'active' AND $4::int >= min_reports AND $5::bigint * 10000 > failure_threshold_bps::bigint * $4::int
      RETURNING id, channel`,
    [version, reason, now, reports, failed],
  );
  for (const r of rows)
    await appendAudit(q, {
      orgId: null,
      at: now,
      action: 'update.release.auto_pause',
      target: `${r.channel}/${version}`,
      outcome: 'ok',
      details: { reports, failed },
    });
  return { paused: rows.map((r) => `${r.channel}/${version}`) };
}
