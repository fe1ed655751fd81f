// Runtime: Node (build tool). What `npm run dist` (scripts/dist.mjs) checks before it builds anything, as pure
// functions so scripts/packaging.test.ts can hold them without downloading Electron.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The build's cloud as written into the installed app: HTTPS, no credentials, query or fragment, no trailing
 * slash. Null when it is not such an address (a till must never be built to talk to a plain-HTTP cloud).
 * @param {string | undefined} raw
 * @returns {string | null}
 */
export function buildCloudUrl(raw) {
  const cloud = String(raw ?? '')
    .trim()
    .replace(/\/+$/, '');
  try {
    const u = new URL(cloud);
    return u.protocol === 'https:' && !u.username && !u.password && !u.search && !u.hash ? cloud : null;
  } catch {
    return null;
  }
}

/** The channel feed electron-updater reads from app-update.yml until the handshake names the device's own. */
export const channelFeedUrl = (cloud, channel = 'stable') => `${cloud}/v1/updates/channel/${channel}/`;

/**
 * The target archs of electron-builder.yml's first target for `platform` whose better-sqlite3 prebuilt
 * binary is missing (an installer for them could not open its database).
 * @returns {{ arch: string, path: string }[]}
 */
export function missingPrebuilds(config, platform, root) {
  const target = (platform === 'linux' ? config.linux : config.win).target[0];
  return target.arch
    .map((arch) => ({
      arch,
      path: join(root, 'node_modules', 'better-sqlite3', 'prebuilds', `${platform}-${arch}.node`),
    }))
    .filter((p) => !existsSync(p.path));
}
