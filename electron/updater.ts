// Runtime: Electron main. The thin driver of electron-updater: the backend's update policy decides when to
// check and when to install (electron/backend/updates/), this file only does it and reports what happens.
// The feed is the build's (app-update.yml, which electron-updater reads by itself) until the cloud's
// handshake names the device's own feed; never an environment variable. Downloads happen in the background
// (sha512 checked by electron-updater); nothing installs when the app quits — only when the policy found a
// safe, accepted moment and main has closed the backend. Differential downloads are off: the update service
// serves whole files (no HTTP ranges).
import type { AppUpdater } from 'electron-updater';
import type { UpdaterPhase } from './backend/updates/policy';

export interface ShellUpdater {
  /** check `feedUrl` (the device's feed) or, with null, the build's app-update.yml; downloads what is offered */
  check(feedUrl: string | null): void;
  /** quit and run the downloaded installer silently, restarting the till after it */
  install(): void;
  /** the version downloaded and ready, if any */
  downloaded(): string | null;
}

type Log = Pick<Console, 'info' | 'warn' | 'error'>;

export function createShellUpdater(o: {
  /** electron-updater's autoUpdater, fetched only in an installed copy (its getter loads Electron's parts) */
  autoUpdater: () => AppUpdater;
  packaged: boolean;
  onState: (s: UpdaterPhase) => void;
  /** why a downloaded version must not be installed here (it failed to start on this till before), or null */
  refuse?: (version: string) => string | null;
  /** a version was downloaded to `file` and will be installed (rollback.ts keeps a copy of the installer) */
  onDownloaded?: (version: string, file: string) => void;
  log?: Log;
}): ShellUpdater {
  const log = o.log ?? console;
  if (!o.packaged) {
    o.onState({ phase: 'unavailable', reason: 'not an installed copy (development)' });
    return { check: () => {}, install: () => {}, downloaded: () => null };
  }
  const u = o.autoUpdater();
  u.autoDownload = true;
  u.autoInstallOnAppQuit = false;
  u.allowDowngrade = false;
  u.disableDifferentialDownload = true;
  u.logger = log;
  let ready: string | null = null;
  let feed: string | null = null;
  let coming = '';
  u.on('checking-for-update', () => o.onState({ phase: 'checking' }));
  u.on('update-not-available', () => o.onState({ phase: 'none' }));
  u.on('update-available', (i) => {
    coming = i.version;
    o.onState({ phase: 'downloading', version: i.version, percent: 0 });
  });
  u.on('download-progress', (p) =>
    o.onState({ phase: 'downloading', version: coming, percent: Math.round(p.percent) }),
  );
  u.on('update-downloaded', (i) => {
    const refused = o.refuse?.(i.version) ?? null;
    if (refused) {
      log.warn(`updater: not installing ${i.version}: ${refused}`);
      return o.onState({ phase: 'none' });
    }
    try {
      o.onDownloaded?.(i.version, i.downloadedFile);
    } catch (e) {
      // without the copy this version cannot be rolled back from later; the update itself still goes on
      log.warn(`updater: could not keep the installer of ${i.version}: ${(e as Error).message}`);
    }
    ready = i.version;
    log.info(`updater: ${i.version} downloaded`);
    o.onState({ phase: 'downloaded', version: i.version });
  });
  u.on('error', (e) => {
    // The cloud offers nothing to this device now (latest.yml answers 404): not an error.
    if ((e as { code?: string }).code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return o.onState({ phase: 'none' });
    log.warn(`updater: ${e.message}`);
    o.onState({ phase: 'error', message: e.message.split('\n')[0]!.slice(0, 300) });
  });
  return {
    check(feedUrl) {
      if (feedUrl && feedUrl !== feed) {
        u.setFeedURL({ provider: 'generic', url: feedUrl, useMultipleRangeRequest: false });
        feed = feedUrl;
      }
      u.checkForUpdates().catch(() => {}); // failures arrive as 'error' events
    },
    install() {
      if (!ready) return log.warn('updater: install asked with nothing downloaded');
      log.info(`updater: installing ${ready}`);
      u.quitAndInstall(true, true);
    },
    downloaded: () => ready,
  };
}
