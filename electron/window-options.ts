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

/** Adds the CSP to a response's headers (session.webRequest.onHeadersReceived). */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [RENDERER_CSP];
  return out;
}

/** The app never navigates: the renderer is one page. Only a reload of that same file is allowed. */
export function isNavigationAllowed(targetUrl: string, rendererUrl: string): boolean {
  return stripHash(targetUrl) === stripHash(rendererUrl);
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
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, rendererUrl: string): boolean {
  return isMainFrame && typeof frameUrl === 'string' && stripHash(frameUrl) === stripHash(rendererUrl);
}

function stripHash(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return '\0invalid';
  }
}
