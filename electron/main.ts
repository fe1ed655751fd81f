// Runtime: Electron main. Thin: lifecycle, one hardened window, the backend utilityProcess, and handing a
// MessagePort pair to (backend, renderer). Never runs SQL and never blocks: the POS engine lives in
// backend-host (utilityProcess); the work here is safeStorage for the device key, electron-updater
// (updater.ts, driven by the backend's update policy) and the health reports of starts (update-health.ts).
// Hardening choices are in window-options.ts (pure, unit-tested); this file applies them.
//  - A second instance exits at once, before anything starts (quitting before 'ready' would not stop it).
//  - The cloud URL comes from the build (package.json `qianmi.cloudUrl`, written by scripts/dist.mjs), or
//    POS_CLOUD_URL in development; the first-run screen may store another in the data folder (backend).
//  - A backend that cannot start leaves the window up: every call is answered BACKEND_UNAVAILABLE with what
//    failed (startup-failure.ts), the failure is logged in the data folder and reported, and the updater
//    keeps working on its own — a newer release (the fix) installs at once, since nothing is being sold.
//  - The first start of an updated version that fails rolls back to the version before it when that version's
//    installer was kept, with the databases as they were (rollback.ts); otherwise the failure screen stays.
//  - Quitting waits for the backend to close its databases (bounded), and so does installing an update.
import {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  session,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import electronUpdater from 'electron-updater';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StartupFailure } from '../shared/api/startup';
import { isFromBackendHost, type ToBackendHost } from './host-messages';
import { customerDisplayMode } from './customer-display';
import { openCustomerDisplay, type CustomerDisplayWindow } from './customer-display.electron';
import { answerKeystoreRequest } from './keystore.electron';
import { createRollback, runRollback } from './rollback';
import { appendLog, unavailableAnswer } from './startup-failure';
import { createHealthReporter } from './update-health';
import { createShellUpdater } from './updater';
import {
  isNavigationAllowed,
  isTrustedSender,
  mainWindowOptions,
  permissionDecision,
  responseHeaders,
  windowOpenDecision,
} from './window-options';

// Bundled to dist-electron/main.cjs: __dirname is dist-electron/.
const RENDERER_FILE = join(__dirname, '..', 'dist', 'renderer', 'index.html');
const RENDERER_URL = pathToFileURL(RENDERER_FILE).href;
/** How long quitting waits for the backend to close its databases before it is ended. */
const BACKEND_CLOSE_MS = 10_000;
/** A till whose backend failed checks for the fix this often on its own. */
const FAILED_CHECK_MS = 4 * 60 * 60 * 1000;

/** The build's cloud (package.json `qianmi.cloudUrl`), else POS_CLOUD_URL (development), else loopback. */
function buildCloudUrl(): string {
  if (process.env.POS_CLOUD_URL) return process.env.POS_CLOUD_URL;
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      qianmi?: { cloudUrl?: unknown };
    };
    if (typeof pkg.qianmi?.cloudUrl === 'string') return pkg.qianmi.cloudUrl;
  } catch {
    // no package.json beside the bundle: development defaults
  }
  return 'http://127.0.0.1:8787';
}

// Tests and side-by-side installs point the data folder elsewhere (must happen before 'ready').
if (process.env.POS_USER_DATA) app.setPath('userData', process.env.POS_USER_DATA);
if (!app.requestSingleInstanceLock()) app.exit(0);
else startShell();

function startShell(): void {
  app.enableSandbox();
  const dataDir = app.getPath('userData');
  const version = app.getVersion();
  const health = createHealthReporter({ dataDir, version });
  const rollback = createRollback({ dataDir, version });
  const log = {
    info: (m: string) => console.info(m),
    warn: (m: string) => {
      console.warn(m);
      appendLog(dataDir, [m]);
    },
    error: (m: string) => {
      console.error(m);
      appendLog(dataDir, [m]);
    },
  };

  let win: BrowserWindow | null = null;
  /** the customer display (客显) on a second screen, when there is one */
  let customer: CustomerDisplayWindow | null = null;
  let backend: UtilityProcess | null = null;
  let backendReady = false;
  let failure: StartupFailure | null = null;
  let quitting = false;
  const toBackend = (m: ToBackendHost, ports?: Electron.MessagePortMain[]) => backend?.postMessage(m, ports);

  const updater = createShellUpdater({
    autoUpdater: () => electronUpdater.autoUpdater,
    packaged: app.isPackaged,
    refuse: (v) => rollback.refuseVersion(v),
    onDownloaded: (v, file) => rollback.keep(v, file),
    log,
    onState: (state) => {
      toBackend({ type: 'update.state', state });
      // Nobody is selling on a till whose backend failed: the fix installs as soon as it is here.
      if (failure && state.phase === 'downloaded') void installUpdate();
    },
  });

  /** After a failed start: check the device's feed (kept from the last good start) now and every few hours. */
  function onFailedStart(f: StartupFailure) {
    if (failure) return;
    failure = f;
    log.error(`backend failed to start (${f.reason}): ${f.message}`);
    // The first start of a new version failed and the old version's installer is kept: go back to it.
    const plan = rollback.plan(health.previousVersion);
    if (plan) {
      log.error(`rolling back to ${plan.to} (${plan.installer})`);
      health.failed({ ...f, message: `rolled back to ${plan.to}: ${f.message}` });
      rollback.begin();
      void runRollback(plan, {
        flush: () => health.flush(),
        spawn: (file, args) => spawn(file, args, { detached: true, stdio: 'ignore' }).unref(),
        exit: () => app.exit(0),
      });
      return;
    }
    health.failed(f);
    void health.flush();
    updater.check(health.feedUrl());
    setInterval(() => updater.check(health.feedUrl()), FAILED_CHECK_MS).unref();
  }

  function startBackend(): void {
    const child = utilityProcess.fork(join(__dirname, 'backend-host.cjs'), [], {
      serviceName: 'pos-backend',
      stdio: 'inherit',
    });
    backend = child;
    child.on('message', (msg: unknown) => {
      if (!isFromBackendHost(msg)) return;
      switch (msg.type) {
        case 'keystore.request':
          void answerKeystoreRequest(msg).then((reply) => toBackend(reply));
          break;
        case 'ready':
          backendReady = true;
          health.started();
          rollback.discard();
          void health.flush();
          break;
        case 'fatal':
          // backend-host stays up and answers every call with the failure itself
          onFailedStart(msg.failure);
          break;
        case 'update.check':
          if (msg.feedUrl) health.setFeed(msg.feedUrl);
          updater.check(msg.feedUrl ?? health.feedUrl());
          void health.flush();
          break;
        case 'update.install':
          void installUpdate();
          break;
      }
    });
    child.on('exit', (code) => {
      backend = null;
      if (quitting) return;
      if (!backendReady && !failure) {
        // It ended before it could say why (a crash while loading): main answers the renderer instead.
        onFailedStart({ reason: 'CRASHED', message: `the backend process exited (${code})`, logPath: null });
        answerFromMain();
        return;
      }
      if (failure) return;
      log.error(`backend exited (${code})`);
      app.quit(); // a till without its backend must not pretend to work
    });
    toBackend({ type: 'config', config: { dataDir, cloudUrl: buildCloudUrl(), appVersion: version } });
  }

  /** Asks the backend to close its databases and waits for it to exit (ending it after BACKEND_CLOSE_MS). */
  async function stopBackend(): Promise<void> {
    const child = backend;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    toBackend({ type: 'shutdown' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), BACKEND_CLOSE_MS)));
    if ((await Promise.race([exited, late])) === 'late') {
      log.warn('backend did not close in time: ended');
      child.kill();
    }
    clearTimeout(timer);
    backend = null;
  }

  let installing = false;
  async function installUpdate(): Promise<void> {
    if (installing || !updater.downloaded()) return;
    installing = true;
    quitting = true;
    await stopBackend();
    updater.install();
  }

  /** Every renderer call answered by main itself: the backend process is gone. */
  function failurePort(): Electron.MessagePortMain {
    const { port1, port2 } = new MessageChannelMain();
    port1.on('message', (e) => port1.postMessage(JSON.stringify(unavailableAnswer(e.data, failure!))));
    port1.start();
    return port2;
  }
  function answerFromMain() {
    win?.webContents.postMessage('pos:port', null, [failurePort()]);
  }

  function hardenSession(): void {
    const ses = session.defaultSession;
    ses.webRequest.onHeadersReceived((details, callback) =>
      callback({ responseHeaders: responseHeaders(details.url, details.responseHeaders) }),
    );
    ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
    ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
    // No remote content: only our own files load.
    ses.webRequest.onBeforeRequest((details, callback) => {
      const ok = details.url.startsWith('file://') || details.url.startsWith('devtools://');
      callback({ cancel: !ok });
    });
  }

  /** Both windows' pages: our own file only, no redirects, no webviews, no new windows. */
  function harden(wc: Electron.WebContents): void {
    wc.on('will-navigate', (event, url) => {
      if (!isNavigationAllowed(url, RENDERER_URL)) event.preventDefault();
    });
    wc.on('will-redirect', (event) => event.preventDefault());
    wc.on('will-attach-webview', (event) => event.preventDefault());
    wc.setWindowOpenHandler(windowOpenDecision);
  }

  function createWindow(): void {
    win = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs'), { devTools: !app.isPackaged }));
    harden(win.webContents);
    win.once('ready-to-show', () => win?.show());
    win.on('closed', () => {
      win = null;
      // the customer display does not outlive the till
      customer?.close();
    });
    void win.loadFile(RENDERER_FILE);
    customer = openCustomerDisplay({
      preloadPath: join(__dirname, 'preload.cjs'),
      rendererFile: RENDERER_FILE,
      devTools: !app.isPackaged,
      mode: customerDisplayMode(process.env.POS_CUSTOMER_DISPLAY),
      harden,
    });
  }

  // Each page load of our renderer asks for a port; the answer goes to that exact sender only. The customer
  // display's page gets a port of role 'display': the backend host lets it read the display state only.
  ipcMain.on('pos:hello', (event) => {
    const frame = event.senderFrame;
    const role =
      win && event.sender === win.webContents
        ? ('till' as const)
        : customer && event.sender === customer.webContents()
          ? ('display' as const)
          : null;
    if (!role || !isTrustedSender(frame?.url, !!frame && frame.parent === null, RENDERER_URL)) {
      console.warn('refused pos:hello from an untrusted sender');
      return;
    }
    if (!backend && failure) return event.sender.postMessage('pos:port', null, [failurePort()]);
    const { port1, port2 } = new MessageChannelMain();
    toBackend({ type: 'port', role }, [port1]);
    event.sender.postMessage('pos:port', null, [port2]);
  });

  app.on('before-quit', (event) => {
    quitting = true;
    if (!backend) return;
    // The databases close first (WAL checkpoint, nothing half-written); then the quit goes on.
    event.preventDefault();
    void stopBackend().then(() => app.quit());
  });
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    hardenSession();
    try {
      // only on the first start of an updated version that could roll back; nothing has the databases open yet
      rollback.prepare(health.previousVersion);
    } catch (e) {
      log.warn(`could not copy the databases aside before the first start of ${version}: ${(e as Error).message}`);
    }
    startBackend();
    createWindow();
  });
}
