// Runtime: Node (build tool). `npm run dist` (Windows installer, NSIS x64) or `npm run dist -- --linux`
// (AppImage for development machines). Checks first, then builds; where a build cannot be made it says why and
// stops (exit 2) before anything is built:
//  - the build's cloud: POS_BUILD_CLOUD_URL (or package.json qianmi.cloudUrl), HTTPS — written into the app's
//    package.json (what the installed till talks to) and into the publish URL (app-update.yml's channel feed);
//  - every target arch has a better-sqlite3 prebuilt binary (x64; there is none for ia32);
//  - Electron 45 for the target can be had: from the cache, or downloaded by Electron's own downloader
//    (@electron/get honours ELECTRON_MIRROR, e.g. https://npmmirror.com/mirrors/electron/ in mainland China);
//  - signing: on when CSC_LINK / WIN_CSC_LINK is set; an unsigned build is said to be unsigned.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { buildCloudUrl, channelFeedUrl, missingPrebuilds } from './dist-checks.mjs';

const root = new URL('..', import.meta.url).pathname;
const stop = (why) => {
  console.error(`npm run dist: ${why}`);
  process.exit(2);
};
const linux = process.argv.includes('--linux');
const platform = linux ? 'linux' : 'win32';
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// 1. the build's cloud
const cloud = buildCloudUrl(process.env.POS_BUILD_CLOUD_URL || pkg.qianmi?.cloudUrl);
if (!cloud)
  stop(
    `the build needs its platform's cloud as an HTTPS address: set POS_BUILD_CLOUD_URL=https://… (got ${JSON.stringify(process.env.POS_BUILD_CLOUD_URL ?? '')}). ` +
      'Installed tills talk to it and update from it; an installer may still type a private cloud on the first-run screen.',
  );

// 2. native binaries for every target arch
for (const { arch, path } of missingPrebuilds(config, platform, root))
  stop(
    `better-sqlite3 has no prebuilt binary for ${platform}-${arch} (${path}): an installer for it could not open its database`,
  );
const target = (linux ? config.linux : config.win).target[0];

// 3. Electron for the target
const timeoutMs = Number(process.env.POS_DIST_DOWNLOAD_TIMEOUT_MS ?? 180_000);
try {
  const { downloadArtifact } = await import('@electron/get');
  const zip = await Promise.race([
    downloadArtifact({ version: config.electronVersion, platform, arch: target.arch[0], artifactName: 'electron' }),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs).unref(),
    ),
  ]);
  console.log(`Electron ${config.electronVersion} (${platform}-${target.arch[0]}): ${zip}`);
} catch (e) {
  stop(
    `Electron ${config.electronVersion} for ${platform}-${target.arch[0]} cannot be had here: ${String(e?.message ?? e).split('\n')[0]}. ` +
      'Nothing was built. Where GitHub is slow or blocked set ELECTRON_MIRROR (in mainland China: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) and run npm run dist again.',
  );
}

// 4. signing
const signed = !linux && Boolean(process.env.CSC_LINK || process.env.WIN_CSC_LINK);
if (!linux)
  console.log(
    signed
      ? 'signing with the certificate in CSC_LINK / WIN_CSC_LINK'
      : 'WARNING: UNSIGNED installer (no CSC_LINK / WIN_CSC_LINK): security software common on Chinese PCs flags it',
  );

// 5. build
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', 'build']);
const { build } = await import('electron-builder');
await build({
  config: {
    ...config,
    extraMetadata: { qianmi: { cloudUrl: cloud } },
    publish: { ...config.publish, url: channelFeedUrl(cloud) },
  },
  ...(linux ? { linux: ['AppImage'] } : { win: ['nsis'] }),
  publish: 'never',
});
console.log(`built into ${config.directories.output}/: publish it with npm run release (docs/operator.md)`);
