// Runtime: Node (Vitest). `npm run release` against a real cloud: what electron-builder left in release/
// (latest.yml, the installer, its blockmap) is checked on disk, uploaded and published; a file that does not
// match latest.yml stops the release before anything is sent.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../cloud/updates/admins';
import { createWorld, type TestWorld } from '../cloud/test-support/world';
import { publishBuild } from './release';

let w: TestWorld;
let url: string;
let token: string;
let dir: string;
const sha512 = (b: Uint8Array) => createHash('sha512').update(b).digest('base64');
const notes = { 'zh-CN': '会员卡读卡更快', en: 'Faster member card reads' };

beforeAll(async () => {
  w = await createWorld({ seed: false });
  await w.app.listen({ host: '127.0.0.1', port: 0 });
  const a = w.app.server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  token = (await createPlatformAdmin(w.db, 'ci', Date.now())).token;
  dir = await mkdtemp(join(tmpdir(), 'pos-release-'));
});
afterAll(async () => {
  await w?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function build(version: string, tamper = false) {
  const exe = randomBytes(5000);
  const name = `qianmi-pos-setup-${version}.exe`;
  await writeFile(join(dir, name), exe);
  await writeFile(join(dir, `${name}.blockmap`), randomBytes(300));
  const files = [{ url: name, sha512: tamper ? sha512(randomBytes(1)) : sha512(exe), size: exe.length }];
  await writeFile(
    join(dir, 'latest.yml'),
    dump({ version, files, path: name, sha512: files[0]!.sha512, releaseDate: '2025-05-01T00:00:00.000Z' }),
  );
}

describe('npm run release', () => {
  it('uploads the build (installer and blockmap) and publishes it at the given rollout', async () => {
    await build('1.5.0');
    const lines: string[] = [];
    const r = await publishBuild({
      cloud: url,
      token,
      dir,
      channel: 'beta',
      rolloutPercent: 10,
      notes,
      log: (l) => lines.push(l),
    });
    expect(r).toMatchObject({ channel: 'beta', version: '1.5.0', rolloutPercent: 10, status: 'active', notes });
    expect(r.files.map((f) => [f.name, f.listed])).toEqual([
      ['qianmi-pos-setup-1.5.0.exe', true],
      ['qianmi-pos-setup-1.5.0.exe.blockmap', false],
    ]);
    expect(lines.at(-1)).toBe('published 1.5.0 on beta at 10%');
  });

  it('stops before sending anything when a file does not match latest.yml', async () => {
    await build('1.6.0', true);
    const before = (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM update_blobs')).rows[0]!.n;
    await expect(
      publishBuild({ cloud: url, token, dir, channel: 'stable', rolloutPercent: 10, notes, log: () => {} }),
    ).rejects.toThrow(/does not match latest\.yml/);
    expect((await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM update_blobs')).rows[0]!.n).toBe(before);
  });

  it('refuses notes missing a language', async () => {
    await build('1.7.0');
    await expect(
      publishBuild({
        cloud: url,
        token,
        dir,
        channel: 'stable',
        rolloutPercent: 10,
        notes: { en: 'x' },
        log: () => {},
      }),
    ).rejects.toThrow();
  });
});
