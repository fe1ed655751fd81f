// Runtime: Node. `npm run release -- --cloud <url> --channel stable --rollout 10 --notes <notes.json>
// [--minimum <version>] [--dir release]`: publishes what `npm run dist` built. Reads electron-builder's
// latest.yml in --dir (the same YAML electron-updater reads), checks every listed file's sha512 and size on
// disk against it (a mismatch stops before anything is sent), uploads each file and its .blockmap, then
// publishes the release with its notes ({"zh-CN": "…", "en": "…"}) at the given rollout percentage.
// The platform administrator's token comes from QIANMI_ADMIN_TOKEN (never the command line: shell history).
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { load } from 'js-yaml';
import { z } from 'zod';
import { releaseApi, sha512OfFile } from '../cloud/updates/release-client';
import { zNewRelease, zReleaseNotes, type ReleaseSummary } from '../shared/updates/protocol';

const zBuilderYml = z.object({
  version: z.string(),
  files: z.array(z.object({ url: z.string(), sha512: z.string(), size: z.number().int() })).min(1),
  releaseDate: z.string().optional(),
});

export interface ReleaseOptions {
  cloud: string;
  token: string;
  dir: string;
  channel: string;
  rolloutPercent: number;
  notes: unknown;
  minimumVersion?: string | null;
  log?: (line: string) => void;
}

export async function publishBuild(o: ReleaseOptions): Promise<ReleaseSummary> {
  const log = o.log ?? console.log;
  const yml = zBuilderYml.parse(load(await readFile(join(o.dir, 'latest.yml'), 'utf8')));
  const notes = zReleaseNotes.parse(o.notes);
  const files: { name: string; sha512: string; size: number; listed: boolean; path: string }[] = [];
  for (const f of yml.files) {
    const path = join(o.dir, decodeURIComponent(f.url));
    const [size, sha512] = [(await stat(path)).size, await sha512OfFile(path)];
    if (size !== f.size || sha512 !== f.sha512)
      throw new Error(
        `${f.url}: the file on disk does not match latest.yml (size ${size}/${f.size}, sha512 differs: ${sha512 !== f.sha512})`,
      );
    files.push({ name: basename(path), sha512, size, listed: true, path });
    const blockmap = `${path}.blockmap`;
    const bm = await stat(blockmap).catch(() => null);
    if (bm)
      files.push({
        name: basename(blockmap),
        sha512: await sha512OfFile(blockmap),
        size: bm.size,
        listed: false,
        path: blockmap,
      });
  }
  const release = zNewRelease.parse({
    channel: o.channel,
    version: yml.version,
    files: files.map(({ path: _p, ...f }) => f),
    notes,
    minimumVersion: o.minimumVersion ?? null,
    rolloutPercent: o.rolloutPercent,
    ...(yml.releaseDate ? { releaseDate: yml.releaseDate } : {}),
  });
  const api = releaseApi(o.cloud, o.token);
  for (const f of files) {
    const r = await api.upload({ path: f.path }, f.sha512);
    log(`uploaded ${f.name} (${f.size} bytes): ${r.result}`);
  }
  const published = await api.publish(release);
  log(`published ${published.version} on ${published.channel} at ${published.rolloutPercent}%`);
  return published;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cloud: { type: 'string' },
      channel: { type: 'string', default: 'stable' },
      rollout: { type: 'string' },
      notes: { type: 'string' },
      minimum: { type: 'string' },
      dir: { type: 'string', default: 'release' },
    },
  });
  const token = process.env.QIANMI_ADMIN_TOKEN;
  if (!values.cloud || !values.rollout || !values.notes || !token) {
    console.error(
      'usage: QIANMI_ADMIN_TOKEN=… npm run release -- --cloud <url> --rollout <percent> --notes <notes.json> [--channel stable|beta] [--minimum <version>] [--dir release]',
    );
    process.exit(2);
  }
  await publishBuild({
    cloud: values.cloud,
    token,
    dir: values.dir,
    channel: values.channel,
    rolloutPercent: Number(values.rollout),
    notes: JSON.parse(await readFile(values.notes, 'utf8')),
    minimumVersion: values.minimum ?? null,
  });
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  main().catch((e: unknown) => {
    console.error(`release failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
