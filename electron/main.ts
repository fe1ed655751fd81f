// Runtime: Electron main. Thin: lifecycle, one hardened window, the backend utilityProcess, and handing a
// MessagePort pair to (backend, renderer). Never runs SQL and never blocks: the POS engine lives in
// backend-host (utilityProcess); the only work here is safeStorage for the device key.
// Hardening choices are in window-options.ts (pure, unit-tested); this file applies them.
import {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  session,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFromBackendHost, type ToBackendHost } from './host-messages';
import { answerKeystoreRequest } from './keystore.electron';
import { startUpdater } from './updater';
import {
  isNavigationAllowed,
  isTrustedSender,
  mainWindowOptions,
  permissionDecision,
  windowOpenDecision,
  withCsp,
} from './window-options';

// Bundled to dist-electron/main.cjs: __dirname is dist-electron/.
const RENDERER_FILE = join(__dirname, '..', 'dist', 'renderer', 'index.html');
const RENDERER_URL = pathToFileURL(RENDERER_FILE).href;
const CLOUD_URL = process.env.POS_CLOUD_URL ?? 'http://127.0.0.1:8787';

// Tests and side-by-side installs point the data folder elsewhere (must happen before 'ready').
if (process.env.POS_USER_DATA) app.setPath('userData', process.env.POS_USER_DATA);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;
let backend: UtilityProcess | null = null;
const toBackend = (m: ToBackendHost, ports?: Electron.MessagePortMain[]) => backend?.postMessage(m, ports);

function startBackend(): void {
  const child = utilityProcess.fork(join(__dirname, 'backend-host.cjs'), [], {
    serviceName: 'pos-backend',
    stdio: 'inherit',
  });
  backend = child;
  child.on('message', (msg: unknown) => {
    if (!isFromBackendHost(msg)) return;
    if (msg.type === 'keystore.request') toBackend(answerKeystoreRequest(msg));
    else if (msg.type === 'fatal') console.error(`backend failed: ${msg.message}`);
  });
  child.on('exit', (code) => {
    console.error(`backend exited (${code})`);
    backend = null;
    if (!quitting) app.quit(); // a till without its backend must not pretend to work
  });
  toBackend({ type: 'config', config: { dataDir: app.getPath('userData'), cloudUrl: CLOUD_URL } });
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withCsp(details.responseHeaders) }),
  );
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
  // No remote content: only our own files load.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith('file://') || details.url.startsWith('devtools://');
    callback({ cancel: !ok });
  });
}

function createWindow(): void {
  win = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs'), { devTools: !app.isPackaged }));
  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, RENDERER_URL)) event.preventDefault();
  });
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(windowOpenDecision);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  void win.loadFile(RENDERER_FILE);
}

// Each page load of our renderer asks for a port; the answer goes to that exact sender only.
ipcMain.on('pos:hello', (event) => {
  const frame = event.senderFrame;
  if (
    !win ||
    event.sender !== win.webContents ||
    !isTrustedSender(frame?.url, !!frame && frame.parent === null, RENDERER_URL)
  ) {
    console.warn('refused pos:hello from an untrusted sender');
    return;
  }
  const { port1, port2 } = new MessageChannelMain();
  toBackend({ type: 'port' }, [port1]);
  event.sender.postMessage('pos:port', null, [port2]);
});

let quitting = false;
app.on('before-quit', () => {
  quitting = true;
  toBackend({ type: 'shutdown' });
});
app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore();
  win?.focus();
});
app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  hardenSession();
  startBackend();
  createWindow();
  startUpdater(process.env.POS_UPDATE_URL);
});
