// Runtime: Node (Vitest). updater.ts over a stand-in of electron-updater's autoUpdater: off outside an
// installed copy; downloads in the background but never installs on quit; "nothing offered" (latest.yml 404)
// is not an error; install only with something downloaded.
import { describe, expect, it } from 'vitest';
import type { AppUpdater } from 'electron-updater';
import type { UpdaterPhase } from './backend/updates/policy';
import { FakeAutoUpdater } from './testing/fake-electron';
import { createShellUpdater } from './updater';

const quiet = { info() {}, warn() {}, error() {} };

describe('shell updater', () => {
  it('is unavailable outside an installed copy and never touches electron-updater there', () => {
    const states: UpdaterPhase[] = [];
    let touched = false;
    const u = createShellUpdater({
      autoUpdater: () => {
        touched = true;
        return new FakeAutoUpdater() as unknown as AppUpdater;
      },
      packaged: false,
      onState: (s) => states.push(s),
      log: quiet,
    });
    u.check('https://x/');
    expect(touched).toBe(false);
    expect(states).toEqual([{ phase: 'unavailable', reason: 'not an installed copy (development)' }]);
  });

  it('maps electron-updater’s events; a 404 feed is "none"; install only what was downloaded', () => {
    const fake = new FakeAutoUpdater();
    const states: UpdaterPhase[] = [];
    const u = createShellUpdater({
      autoUpdater: () => fake as unknown as AppUpdater,
      packaged: true,
      onState: (s) => states.push(s),
      log: quiet,
    });
    expect([
      fake.autoDownload,
      fake.autoInstallOnAppQuit,
      fake.allowDowngrade,
      fake.disableDifferentialDownload,
    ]).toEqual([true, false, false, true]);
    u.install();
    expect(fake.installs).toEqual([]);
    fake.emit('checking-for-update');
    fake.emit(
      'error',
      Object.assign(new Error('Cannot find channel "latest.yml"'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' }),
    );
    fake.emit('error', new Error('net::ERR_CONNECTION_REFUSED\n  at …'));
    expect(states).toEqual([
      { phase: 'checking' },
      { phase: 'none' },
      { phase: 'error', message: 'net::ERR_CONNECTION_REFUSED' },
    ]);
    fake.emit('update-downloaded', { version: '1.3.0' });
    u.install();
    expect(fake.installs).toEqual([[true, true]]);
  });

  it('keeps a copy of what it downloaded, and never installs a version that failed to start here', () => {
    const fake = new FakeAutoUpdater();
    const states: UpdaterPhase[] = [];
    const kept: [string, string][] = [];
    const u = createShellUpdater({
      autoUpdater: () => fake as unknown as AppUpdater,
      packaged: true,
      onState: (s) => states.push(s),
      refuse: (v) => (v === '1.2.0' ? '1.2.0 failed to start on this till and was rolled back' : null),
      onDownloaded: (v, file) => void kept.push([v, file]),
      log: quiet,
    });
    fake.emit('update-downloaded', { version: '1.2.0', downloadedFile: '/pending/setup-1.2.0.exe' });
    u.install();
    expect([states, kept, fake.installs, u.downloaded()]).toEqual([[{ phase: 'none' }], [], [], null]);
    fake.emit('update-downloaded', { version: '1.2.1', downloadedFile: '/pending/setup-1.2.1.exe' });
    expect(kept).toEqual([['1.2.1', '/pending/setup-1.2.1.exe']]);
    u.install();
    expect(fake.installs).toEqual([[true, true]]);
  });
});
