// Runtime: Electron main. Self-update policy: generic provider (URL from config), check at start and every
// 6 hours, download in the background, install when the app quits. The till is never interrupted.
import { app } from 'electron';
import electronUpdater from 'electron-updater';

const SIX_HOURS_MS = 6 * 60 * 60 * 1000;

export function startUpdater(
  feedUrl: string | undefined,
  log: Pick<Console, 'info' | 'warn' | 'error'> = console,
): void {
  if (!app.isPackaged || !feedUrl) {
    log.info(`updater: off (${!app.isPackaged ? 'not packaged' : 'no POS_UPDATE_URL'})`);
    return;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = log;
  autoUpdater.on('checking-for-update', () => log.info('updater: checking'));
  autoUpdater.on('update-available', (i) => log.info(`updater: ${i.version} available, downloading`));
  autoUpdater.on('update-not-available', () => log.info('updater: up to date'));
  autoUpdater.on('download-progress', (p) => log.info(`updater: ${Math.round(p.percent)}%`));
  autoUpdater.on('update-downloaded', (i) => log.info(`updater: ${i.version} downloaded, installs on quit`));
  autoUpdater.on('error', (e) => log.warn(`updater: ${e.message}`));
  const check = () => void autoUpdater.checkForUpdates().catch((e: unknown) => log.warn(`updater: ${String(e)}`));
  check();
  setInterval(check, SIX_HOURS_MS).unref();
}
