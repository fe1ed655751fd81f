// Runtime: Node (Vitest). The update service over real HTTP on a real database (PGlite, or PostgreSQL with
// DATABASE_URL): a platform administrator uploads and publishes releases (release-client.ts, as `npm run
// release` does); tills read their own feed with electron-updater's own GenericProvider and download with its
// executor (feed-client.ts); staged rollout by cohort, pause, resume, supersede, pins by the platform and the
// agent; health reports and the automatic pause.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { v4 as uuidv4 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedClient } from '../../electron/backend/updates/feed-client';
import { CAPABILITIES_PATH, zCapabilities } from '../../shared/sync/capabilities';
import { DEMO } from '../seed/demo';
import { EmployeeClient, injectSend } from '../security/testing/client';
import { hashPassword } from '../auth/passwords';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';
import { createPlatformAdmin, revokePlatformAdmin } from './admins';
import { cohortBucket } from './cohort';
import { latestYml } from './feed';
import { ReleaseApiError, releaseApi, type ReleaseApi } from './release-client';

const notes = (v: string) => ({ 'zh-CN': `${v}：修复交班打印`, en: `${v}: fixes shift printing` });
const sha512 = (b: Uint8Array) => createHash('sha512').update(b).digest('base64');

let w: TestWorld;
let url: string;
let api: ReleaseApi;
let tmp: string;
/** devices sorted by cohort bucket, lowest first */
let devices: (TestDevice & { bucket: number })[];

async function handshake(d: TestDevice, version: string) {
  const r = await signedInject(w.app, d, { method: 'GET', url: `${CAPABILITIES_PATH}?version=${version}` });
  expect(r.statusCode, r.body).toBe(200);
  return zCapabilities.parse(r.json());
}
const feedOf = async (d: TestDevice, version = '1.0.0') => url + (await handshake(d, version)).update.feedPath;
/** the version a device's feed offers now (null: 404) */
async function offered(d: TestDevice, version = '1.0.0'): Promise<string | null> {
  try {
    return (await feedClient(await feedOf(d, version)).latest()).info.version;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return null;
    throw e;
  }
}
async function publish(version: string, percent: number, over: Record<string, unknown> = {}) {
  const bytes = randomBytes(4096);
  await api.upload({ bytes });
  const name = `qianmi-pos-setup-${version}.exe`;
  return api.publish({
    channel: 'stable',
    version,
    files: [{ name, sha512: sha512(bytes), size: bytes.length }],
    notes: notes(version),
    rolloutPercent: percent,
    ...over,
  });
}
const health = (token: string, body: unknown) =>
  fetch(`${url}/v1/updates/feed/${token}/health`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const tokenOf = async (d: TestDevice, version = '1.0.0') =>
  (await handshake(d, version)).update.feedPath.split('/')[4]!;

beforeAll(async () => {
  w = await createWorld();
  await w.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = w.app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const admin = await createPlatformAdmin(w.db, 'release-bot', w.clock.now);
  api = releaseApi(url, admin.token);
  tmp = await mkdtemp(join(tmpdir(), 'pos-updates-'));
  const made = [];
  for (let i = 0; i < 6; i++) made.push(await registerDevice(w.app));
  devices = made.map((d) => ({ ...d, bucket: cohortBucket(d.id) })).sort((a, b) => a.bucket - b.bucket);
}, 60_000);

afterAll(async () => {
  await w?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('publishing and the feed', () => {
  it('refuses a caller without a valid platform administrator token', async () => {
    const none = await fetch(`${url}/v1/platform/updates/releases`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const gone = await createPlatformAdmin(w.db, 'leaver', w.clock.now);
    await expect(releaseApi(url, gone.token).list('stable')).resolves.toEqual([]);
    await revokePlatformAdmin(w.db, 'leaver', w.clock.now);
    await expect(releaseApi(url, gone.token).list('stable')).rejects.toMatchObject({ status: 401 });
    await expect(releaseApi(url, 'qpa_guess').list('stable')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses an upload whose bytes do not match its sha512, and stores nothing', async () => {
    const bytes = randomBytes(3000);
    const count = async () =>
      (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM update_blobs')).rows[0]!.n;
    const before = await count();
    const wrong = sha512(randomBytes(3000));
    const err = await api.upload({ bytes }, wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION', details: { reason: 'CHECKSUM_MISMATCH' } });
    expect(await count()).toBe(before);
    // a release naming a file that never arrived is refused too
    const r = await api
      .publish({
        channel: 'stable',
        version: '0.9.0',
        files: [{ name: 'x.exe', sha512: wrong, size: 3000 }],
        notes: notes('0.9.0'),
        rolloutPercent: 100,
      })
      .catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'VALIDATION', details: { reason: 'FILE_NOT_UPLOADED' } });
  });

  it('serves latest.yml that electron-updater parses, and an installer it downloads with its sha512 checked', async () => {
    // 2.5 MiB: three chunks in the database
    const bytes = randomBytes(2.5 * 1024 * 1024);
    expect(await api.upload({ bytes })).toMatchObject({ size: bytes.length, result: 'created' });
    expect((await api.upload({ bytes })).result).toBe('exists');
    const published = await api.publish({
      channel: 'stable',
      version: '1.1.0',
      files: [{ name: 'qianmi-pos-setup-1.1.0.exe', sha512: sha512(bytes), size: bytes.length }],
      notes: notes('1.1.0'),
      rolloutPercent: 100,
      releaseDate: '2025-03-01T02:00:00.000Z',
    });
    expect(published).toMatchObject({ version: '1.1.0', status: 'active', rolloutPercent: 100 });

    const client = feedClient(await feedOf(devices[0]!));
    const { info, file } = await client.latest();
    expect(info).toMatchObject({ version: '1.1.0', releaseDate: '2025-03-01T02:00:00.000Z' });
    expect(info.files).toEqual([
      { url: '1.1.0/qianmi-pos-setup-1.1.0.exe', sha512: sha512(bytes), size: bytes.length },
    ]);
    expect(String(info.releaseNotes)).toContain('修复交班打印');
    const dest = join(tmp, 'setup.exe');
    await client.download(file, dest);
    expect((await readFile(dest)).equals(bytes)).toBe(true);

    // the build's channel feed (app-update.yml) serves the same full rollout
    const viaChannel = await feedClient(`${url}/v1/updates/channel/stable/`).latest();
    expect(viaChannel.info.version).toBe('1.1.0');
  });

  it('electron-updater refuses an installer whose bytes differ from what latest.yml states, and keeps no file', async () => {
    const client = feedClient(await feedOf(devices[0]!));
    const { file } = await client.latest();
    const dest = join(tmp, 'tampered.exe');
    const err: unknown = await client
      .download({ ...file, sha512: sha512(randomBytes(10)) }, dest)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
    expect(await readdir(tmp)).not.toContain('tampered.exe');
  });

  it('writes latest.yml fields exactly as electron-builder does (js-yaml round trip)', () => {
    const doc = load(
      latestYml({
        version: '2.0.0',
        releaseDate: Date.UTC(2025, 0, 2),
        notes: notes('2.0.0'),
        files: [
          { name: 'a-2.0.0.exe', sha512: 'A'.repeat(86) + '==', size: 10, listed: true },
          { name: 'a-2.0.0.exe.blockmap', sha512: 'B'.repeat(86) + '==', size: 5, listed: false },
        ],
      }),
    );
    expect(doc).toEqual({
      version: '2.0.0',
      files: [{ url: '2.0.0/a-2.0.0.exe', sha512: 'A'.repeat(86) + '==', size: 10 }],
      path: '2.0.0/a-2.0.0.exe',
      sha512: 'A'.repeat(86) + '==',
      releaseDate: '2025-01-02T00:00:00.000Z',
      releaseNotes: '2.0.0：修复交班打印\n\n2.0.0: fixes shift printing',
    });
  });
});

describe('staged rollout', () => {
  it('reaches the cohort only, grows without dropping anyone, pauses, resumes and is superseded everywhere', async () => {
    const [low, mid, high] = [devices[0]!, devices[2]!, devices[5]!];
    // a percentage just above the low device's bucket and below the others'
    const pct = (bucket: number) => (bucket + 1) / 100;
    await publish('1.2.0', pct(low.bucket));
    expect(await offered(low)).toBe('1.2.0');
    expect(await offered(mid)).toBe('1.1.0');
    expect(await offered(high)).toBe('1.1.0');

    await api.step('stable', '1.2.0', 'rollout', { percent: pct(mid.bucket) });
    expect([await offered(low), await offered(mid), await offered(high)]).toEqual(['1.2.0', '1.2.0', '1.1.0']);

    const paused = await api.step('stable', '1.2.0', 'pause', { reason: 'receipts misprint' });
    expect(paused).toMatchObject({ status: 'paused', statusReason: 'receipts misprint' });
    expect(await offered(low)).toBe('1.1.0');
    // a device that already runs the paused release keeps being offered nothing newer than the full rollout
    expect(await offered(low, '1.2.0')).toBe('1.1.0');
    await expect(api.step('stable', '1.2.0', 'pause')).rejects.toMatchObject({ code: 'CONFLICT' });
    await api.step('stable', '1.2.0', 'resume');
    expect(await offered(low)).toBe('1.2.0');

    // the fix goes to a smaller cohort than the bad release had; every device running 1.2.0 still gets it
    await publish('1.2.1', pct(low.bucket));
    await expect(api.step('stable', '1.2.0', 'supersede', { by: '1.1.0' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const superseded = await api.step('stable', '1.2.0', 'supersede', { by: '1.2.1' });
    expect(superseded).toMatchObject({ status: 'superseded', supersededBy: '1.2.1' });
    expect(await offered(mid, '1.2.0')).toBe('1.2.1');
    expect(await offered(mid, '1.1.0')).toBe('1.1.0');
    expect(await offered(low, '1.1.0')).toBe('1.2.1');
  });

  it('a pin holds an outlet at its version; the agent pins its own outlets only', async () => {
    const d = devices[0]!;
    expect(await offered(d, '1.1.0')).toBe('1.2.1');
    await api.outlet(DEMO.outletId, { pinnedVersion: '1.1.0' });
    expect(await offered(d, '1.1.0')).toBe('1.1.0');
    await api.outlet(DEMO.outletId, { pinnedVersion: null });
    expect(await offered(d, '1.1.0')).toBe('1.2.1');

    const SUPER = 'agent-super-1';
    await w.db.query('UPDATE employees SET super_password_hash = $1 WHERE id = $2', [
      await hashPassword(SUPER),
      DEMO.agentMaster.id,
    ]);
    const agent = await EmployeeClient.register(injectSend(w.app), () => w.clock.now, {
      username: DEMO.agentMaster.username,
      password: DEMO.agentMaster.password,
    });
    expect((await agent.login(DEMO.agentMaster.username, DEMO.agentMaster.password)).status).toBe(200);
    const pin = (outlet: string, v: string | null, sp?: string) =>
      agent.call(
        'PUT',
        `/v1/agent/outlets/${outlet}/update-pin`,
        { pinnedVersion: v },
        sp ? { superPassword: sp } : {},
      );
    expect((await pin(DEMO.outletId, '1.1.0')).body.error.code).toBe('SUPER_PASSWORD_REQUIRED');
    // what a tired agent types: not a version, a wrong super password, an extra field — refused, nothing pinned
    for (const v of ['latest', '1.1', ' 1.1.0', '１.１.０', 'v1.1.0']) {
      const bad = await pin(DEMO.outletId, v, SUPER);
      expect(bad.status, v).toBe(400);
      expect(bad.body.error.code, v).toBe('VALIDATION');
    }
    const wrongSuper = await pin(DEMO.outletId, '1.1.0', 'not-the-super-password');
    expect(wrongSuper.status).not.toBe(200);
    expect(wrongSuper.body.error.code).toMatch(/SUPER_PASSWORD|BAD_CREDENTIALS/);
    const extra = await agent.call(
      'PUT',
      `/v1/agent/outlets/${DEMO.outletId}/update-pin`,
      { pinnedVersion: '1.1.0', channel: 'beta' },
      { superPassword: SUPER },
    );
    expect(extra.body.error.code).toBe('VALIDATION');
    expect(await offered(d, '1.1.0')).toBe('1.2.1');
    const ok = await pin(DEMO.outletId, '1.1.0', SUPER);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ pinnedVersion: '1.1.0', channel: 'stable' });
    expect(await offered(d, '1.1.0')).toBe('1.1.0');
    const list = await agent.call('GET', '/v1/agent/updates');
    expect(list.body.outlets).toEqual([
      expect.objectContaining({ id: DEMO.outletId, pinnedVersion: '1.1.0', versions: expect.any(Array) }),
    ]);
    // an outlet of another agent (here: directly under the platform) is not this agent's to pin
    const foreign = uuidv4();
    await w.db.query("INSERT INTO organizations (id, type, name, created_at) VALUES ($1, 'outlet', '别家网吧', $2)", [
      foreign,
      w.clock.now,
    ]);
    expect((await pin(foreign, '1.0.0', SUPER)).body.error.code).toBe('FORBIDDEN');
    expect((await pin(DEMO.outletId, null, SUPER)).status).toBe(200);
    expect(await offered(d, '1.1.0')).toBe('1.2.1');
  });

  it('a minimum version reaches every older till, past rollout and pin, and the handshake says so', async () => {
    await api.outlet(DEMO.outletId, { pinnedVersion: '1.1.0' });
    await publish('1.3.0', 0.01, { minimumVersion: '1.3.0' });
    const high = devices[5]!;
    const caps = await handshake(high, '1.1.0');
    expect(caps.minimumTillVersion).toBe('1.3.0');
    expect(caps.update.offer).toMatchObject({ version: '1.3.0', forced: true, notes: notes('1.3.0') });
    expect(await offered(high, '1.1.0')).toBe('1.3.0');
    // lifting the requirement (pausing the release) frees the others again
    await api.step('stable', '1.3.0', 'pause');
    expect((await handshake(high, '1.1.0')).minimumTillVersion).toBeNull();
    await api.outlet(DEMO.outletId, { pinnedVersion: null });
  });
});

describe('health', () => {
  it('counts runs and failed starts per release, and pauses a release whose failure rate passes its threshold', async () => {
    await publish('1.4.0', 100, { autoPause: { failureRatePercent: 20, minReports: 5 } });
    const tokens: string[] = [];
    for (const d of devices) tokens.push(await tokenOf(d, '1.2.1'));
    const report = (i: number, startOk: boolean) =>
      health(tokens[i]!, {
        version: '1.4.0',
        previousVersion: '1.2.1',
        startOk,
        error: startOk ? null : { code: 'MIGRATION', message: 'sales.db: migration 0009 failed' },
      });
    for (const i of [0, 1, 2, 3]) expect((await report(i, true)).status).toBe(200);
    expect((await report(4, false)).status).toBe(200); // 1 of 5 = 20 %: not above the threshold
    let rel = (await api.list('stable')).find((r) => r.version === '1.4.0')!;
    expect(rel).toMatchObject({ status: 'active', running: 5, reports: 5, failed: 1 });
    // a failure retried successfully still counts as a failed start
    expect((await report(4, true)).status).toBe(200);
    expect((await report(5, false)).status).toBe(200); // 2 of 6 = 33 %
    rel = (await api.list('stable')).find((r) => r.version === '1.4.0')!;
    expect(rel).toMatchObject({ status: 'paused', reports: 6, failed: 2 });
    expect(rel.statusReason).toMatch(/^auto: 2 of 6 devices failed/);
    const audit = await w.db.query<{ target: string }>(
      "SELECT target FROM audit_log WHERE org_id IS NULL AND action = 'update.release.auto_pause'",
    );
    expect(audit.rows.map((r) => r.target)).toEqual(['stable/1.4.0']);
    // nobody new is offered it
    expect(await offered(devices[0]!, '1.2.1')).toBe('1.2.1');
  });

  it('refuses a report for an unknown feed, and bad input, without recording anything', async () => {
    const r = await health('A'.repeat(43), { version: '1.0.0', previousVersion: null, startOk: true });
    expect(r.status).toBe(404);
    const bad = await health(await tokenOf(devices[0]!), { version: 'v1', previousVersion: null, startOk: 'yes' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });
});
