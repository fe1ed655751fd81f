// Runtime: Node (web host; no 'electron' import). The web host's updater: checks the device's feed and
// downloads the installer with electron-updater's own provider and executor (backend/updates/feed-client.ts,
// sha512 checked), so the update policy runs here exactly as in the shell — what is offered, progress, the
// prompt, waiting for a safe moment. A browser-served till cannot replace its own program: install() hands the
// downloaded installer to `onInstall` (the CLI prints where it is; tests record it).
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isNewer } from '../shared/updates/version';
import { feedClient } from './backend/updates/feed-client';
import type { UpdaterPhase } from './backend/updates/policy';
import type { UpdaterPort } from './backend/updates/service';

export interface FeedUpdaterOptions {
  appVersion: string;
  /** where installers are downloaded (a folder in the data folder) */
  downloadDir: string;
  onInstall?: (installer: { version: string; path: string }) => void;
  log?: (msg: string, e?: unknown) => void;
}

export function feedUpdater(
  o: FeedUpdaterOptions,
): UpdaterPort & { downloaded(): { version: string; path: string } | null } {
  const listeners = new Set<(s: UpdaterPhase) => void>();
  const say = (s: UpdaterPhase) => {
    for (const l of listeners) l(s);
  };
  let ready: { version: string; path: string } | null = null;
  let running = false;

  async function check(feedUrl: string) {
    say({ phase: 'checking' });
    const client = feedClient(feedUrl);
    const { info, file } = await client.latest();
    if (!isNewer(info.version, o.appVersion)) return say({ phase: 'none' });
    if (ready?.version === info.version) return say({ phase: 'downloaded', version: info.version });
    await mkdir(o.downloadDir, { recursive: true });
    say({ phase: 'downloading', version: info.version, percent: 0 });
    let last = 0;
    const path = await client.download(
      file,
      join(o.downloadDir, basename(decodeURIComponent(file.url.pathname))),
      (p) => {
        const percent = Math.floor(p.percent);
        if (percent > last) {
          last = percent;
          say({ phase: 'downloading', version: info.version, percent });
        }
      },
    );
    ready = { version: info.version, path };
    say({ phase: 'downloaded', version: info.version });
  }

  return {
    check(feedUrl) {
      if (running) return;
      // a web host has no build feed (app-update.yml): until the cloud names the device's, there is nothing
      if (!feedUrl) return say({ phase: 'none' });
      running = true;
      check(feedUrl)
        .catch((e: unknown) => {
          if ((e as { code?: string }).code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return say({ phase: 'none' });
          o.log?.('update check failed', e);
          say({ phase: 'error', message: (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300) });
        })
        .finally(() => (running = false));
    },
    install() {
      if (ready) o.onInstall?.(ready);
    },
    onState(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    downloaded: () => ready,
  };
}
