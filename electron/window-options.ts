// Runtime: Node, pure (no 'electron' import, so Vitest can check it without an Electron binary).
// Every hardening decision of the Electron shell lives here as data or a pure function; main.ts only
// applies them. docs/security.md: contextIsolation, sandbox, no nodeIntegration, strict CSP, navigation and
// new windows denied, permission requests denied, IPC sender checked, no remote content.

/** The subset of BrowserWindowConstructorOptions we set (structurally compatible with Electron's type). */
export interface HardenedWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  title: string;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    devTools: boolean;
  };
}

export function mainWindowOptions(preloadPath: string, opts: { devTools?: boolean } = {}): HardenedWindowOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false, // shown on ready-to-show: no white flash on slow counter PCs
    backgroundColor: '#eef1f5',
    title: '千米收银',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: opts.devTools ?? false,
    },
  };
}

/** Sent as a response header for every renderer load (the meta tag in index.html says the same). */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * The headers a response leaves with (session.webRequest.onHeadersReceived): ours get the renderer's CSP;
 * the DevTools' own pages (devtools://, open in development only) keep theirs — the renderer's policy would
 * break them.
 */
export function responseHeaders(
  url: string,
  headers: Record<string, string[] | string> | undefined,
): Record<string, string[]> | Record<string, string[] | string> | undefined {
  return url.startsWith('devtools://') ? headers : withCsp(headers);
}

/** Adds the CSP to a response's headers. */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [RENDERER_CSP];
  return out;
}

/** The app never navigates: the renderer is one page. Only a reload of that same file is allowed. */
export function isNavigationAllowed(targetUrl: string, rendererUrl: string, platform = process.platform): boolean {
  const a = comparableUrl(targetUrl, platform);
  return a !== null && a === comparableUrl(rendererUrl, platform);
}

/** New windows are never opened (links to the outside world included). */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** No camera, microphone, geolocation, notifications, HID, serial… A till needs none of them. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/** IPC is only accepted from our own top-level page loaded from our own file. */
export function isTrustedSender(
  frameUrl: string | undefined,
  isMainFrame: boolean,
  rendererUrl: string,
  platform = process.platform,
): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isNavigationAllowed(frameUrl, rendererUrl, platform);
}

/**
 * A URL as two spellings of the same page compare equal: without query and hash, and for file: URLs the
 * path percent-decoded (Node's pathToFileURL and Chromium encode non-ASCII and some punctuation
 * differently — a till in C:\Users\张三 must still trust its own page) and, on Windows, case-folded (drive
 * letters and NTFS paths are case-insensitive). null: not a URL, or a path that does not decode.
 */
export function comparableUrl(url: string, platform: string = process.platform): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'file:') {
    u.hash = '';
    u.search = '';
    return u.href;
  }
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  const host = u.host.toLowerCase();
  const full = `file://${host}${path.replace(/\\/g, '/')}`;
  return platform === 'win32' ? full.toLowerCase() : full;
}
