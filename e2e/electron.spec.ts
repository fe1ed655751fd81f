// Runtime: Node (Playwright). Launches the real Electron app — only where an Electron binary exists.
// The binary is looked up the way the electron package does (path.txt → node_modules/electron/dist/…)
// WITHOUT require('electron'), which would try to download it. Where it is missing the test is skipped,
// loudly, with the reason; it never passes without running.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

function electronBinary(): { path: string | null; reason: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const bin = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(bin)
      ? { path: bin, reason: '' }
      : { path: null, reason: `no Electron binary at ${bin} (ELECTRON_OVERRIDE_DIST_PATH)` };
  }
  const pkg = resolve('node_modules/electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt))
    return {
      path: null,
      reason: `no Electron binary: ${pathTxt} is missing (electron's postinstall download did not run)`,
    };
  const bin = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(bin)) return { path: null, reason: `no Electron binary: ${bin} does not exist` };
  return { path: bin, reason: '' };
}

const found = electronBinary();

test.describe('Electron shell', () => {
  test.beforeAll(() => {
    if (!found.path) console.log(`[electron.spec] SKIPPED: ${found.reason}`);
  });

  test('opens the hardened window with the POS renderer', async () => {
    test.skip(!found.path, found.reason);
    if (!existsSync('dist-electron/main.cjs')) throw new Error('dist-electron/main.cjs missing: run `npm run build`');
    const userData = mkdtempSync(join(tmpdir(), 'pos-electron-'));
    const app = await electron.launch({
      executablePath: found.path!,
      args: ['.', '--no-sandbox'],
      env: {
        ...process.env,
        POS_CLOUD_URL: process.env.POS_CLOUD_URL ?? 'http://127.0.0.1:9',
        POS_USER_DATA: userData,
      },
    });
    try {
      const page = await app.firstWindow();
      // The renderer reaches the backend through window.pos (preload), never through Node.
      await expect(page.getByTestId('register-username').or(page.getByTestId('login-username'))).toBeVisible();
      // No Node in the page (sandbox, no nodeIntegration), and only call/on crossed the context bridge.
      expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { pos: object }).pos).sort())).toEqual([
        'call',
        'on',
      ]);
      // New windows are denied; navigation away is denied.
      expect(
        await page.evaluate(
          () => (globalThis as unknown as { open(u: string): unknown }).open('https://example.com') === null,
        ),
      ).toBe(true);
      const before = page.url();
      await page
        .evaluate(
          () => ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'),
        )
        .catch(() => {});
      await page.waitForTimeout(500);
      expect(page.url()).toBe(before);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
