// Runtime: Node (Vitest). Asserts each Electron hardening setting (docs/security.md) without an Electron binary.
import { describe, expect, it } from 'vitest';
import {
  RENDERER_CSP,
  isNavigationAllowed,
  isTrustedSender,
  mainWindowOptions,
  permissionDecision,
  windowOpenDecision,
  withCsp,
} from './window-options';

const RENDERER = 'file:///opt/pos/resources/app.asar/dist/renderer/index.html';

describe('main window hardening', () => {
  const { webPreferences: wp } = mainWindowOptions('/opt/pos/preload.cjs');

  it('isolates and sandboxes the renderer', () => {
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and exotic features off', () => {
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.navigateOnDragDrop).toBe(false);
  });

  it('uses the given preload and has devtools off by default', () => {
    expect(wp.preload).toBe('/opt/pos/preload.cjs');
    expect(wp.devTools).toBe(false);
  });

  it('sends a strict CSP and replaces any other', () => {
    expect(RENDERER_CSP).toContain("default-src 'self'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(RENDERER_CSP).toContain("object-src 'none'");
    const h = withCsp({ 'content-security-policy': ['default-src *'], 'X-Other': 'a' });
    expect(h['Content-Security-Policy']).toEqual([RENDERER_CSP]);
    expect(h['content-security-policy']).toBeUndefined();
    expect(h['X-Other']).toEqual(['a']);
  });

  it('denies navigation anywhere but a reload of the renderer', () => {
    expect(isNavigationAllowed(RENDERER, RENDERER)).toBe(true);
    expect(isNavigationAllowed(`${RENDERER}#x`, RENDERER)).toBe(true);
    expect(isNavigationAllowed('https://evil.example/', RENDERER)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', RENDERER)).toBe(false);
    expect(isNavigationAllowed('not a url', RENDERER)).toBe(false);
  });

  it('denies new windows and every permission', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'serial', 'clipboard-read']) {
      expect(permissionDecision(p)).toBe(false);
    }
  });

  it('trusts IPC only from the renderer main frame', () => {
    expect(isTrustedSender(RENDERER, true, RENDERER)).toBe(true);
    expect(isTrustedSender(RENDERER, false, RENDERER)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, RENDERER)).toBe(false);
    expect(isTrustedSender(undefined, true, RENDERER)).toBe(false);
  });
});

describe('file URLs compared as the same page however they are spelled', () => {
  // Node's pathToFileURL and Chromium differ in percent-encoding and, on Windows, drive-letter case.
  const NODE =
    'file:///C:/Users/%E5%BC%A0%E4%B8%89/AppData/Local/Programs/pos/resources/app.asar/dist/renderer/index.html';
  const CHROMIUM = 'file:///c:/Users/张三/AppData/Local/Programs/pos/resources/app.asar/dist/renderer/index.html';
  it('on Windows: drive letter case and percent-encoding do not matter', () => {
    expect(isTrustedSender(CHROMIUM, true, NODE, 'win32')).toBe(true);
    expect(isNavigationAllowed(`${CHROMIUM}#/sale`, NODE, 'win32')).toBe(true);
    expect(isTrustedSender('file:///C:/Users/%E5%BC%A0%E4%B8%89/other.html', true, NODE, 'win32')).toBe(false);
    expect(isTrustedSender('file:///C:/Users/%ZZ/bad.html', true, NODE, 'win32')).toBe(false);
  });
  it('elsewhere: percent-encoding does not matter, case does', () => {
    const node = 'file:///opt/%E5%8D%83%E7%B1%B3/index.html';
    expect(isTrustedSender('file:///opt/千米/index.html', true, node, 'linux')).toBe(true);
    expect(isTrustedSender('file:///OPT/千米/index.html', true, node, 'linux')).toBe(false);
  });
});
