// Runtime: Node (Playwright + Chromium). Cold start to ready-to-scan: a till whose catalog is already synced
// is started the way `npm run web` starts one (a new Node process: bench/coldstart-child.ts), the renderer
// is opened in Chromium (launched beforehand: in Electron the window starts alongside the backend), the
// cashier logs in and scans one barcode. Measured from the child's process start (its
// performance.timeOrigin, the same clock as Date.now here) to the frame that shows the scanned line, with
// each start-up step on the way. The cloud is reachable (loopback), so the handshake and the catalog pull
// that start-up kicks off run during the measurement: they must not delay the scan.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'esbuild';
import { DEMO } from '../cloud/seed/demo';
import { timeFigure, type Figure } from './harness';

export interface ColdStart {
  /** process start → first scan painted, ms */
  totalMs: number;
  /** each step, ms since process start, in order */
  steps: { name: string; at: number }[];
}

export async function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** How the till's process is started: from source through tsx (`npm run web`), or one bundled file. */
export type TillEntry = { kind: 'source' } | { kind: 'bundle'; file: string };

/**
 * Bundles the till (web host + backend) into one ES module the way scripts/build-electron.mjs bundles the
 * installed app's backend: native and optional modules stay external. Written under node_modules/.cache so
 * those resolve from this repository's node_modules.
 */
export async function bundleTill(): Promise<TillEntry> {
  const file = join(process.cwd(), 'node_modules', '.cache', 'qianmi-bench', 'till.mjs');
  await build({
    entryPoints: ['bench/coldstart-child.ts'],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    external: ['electron', 'better-sqlite3', 'node-machine-id', 'electron-updater', 'pg-native'],
    // web-host.ts would see itself as the entry point (its CLI would start a second till)
    define: { 'import.meta.url': '"bundle:till"' },
    // bundled CommonJS dependencies call require(): give the ES module one
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { kind: 'bundle', file };
}

/** The till's process started and serving: its URL and the start-up marks (ms since its process start). */
export interface Started {
  url: string;
  timeOrigin: number;
  marks: { name: string; at: number }[];
}

/** Starts the till in `dataDir` as `entry` says; resolves once it serves. */
export async function startTill(entry: TillEntry, dataDir: string, cloudUrl: string, rendererDir = 'dist/renderer') {
  const args = entry.kind === 'source' ? ['--import', 'tsx', 'bench/coldstart-child.ts'] : [entry.file];
  const child = spawn(process.execPath, [...args, dataDir, cloudUrl, rendererDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (c) => reject(new Error(`the till exited (${c}) before it served`)));
    });
    return { started: JSON.parse(line) as Started, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** One cold start of the till in `dataDir` (registered, backend closed), against the cloud at `cloudUrl`. */
export async function coldStartToScan(
  browser: Browser,
  dataDir: string,
  cloudUrl: string,
  entry: TillEntry,
): Promise<ColdStart> {
  const { started, stop } = await startTill(entry, dataDir, cloudUrl);
  try {
    const since = () => Date.now() - started.timeOrigin;
    const steps = [...started.marks];
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    try {
      const page = await context.newPage();
      await page.goto(started.url);
      await page.getByTestId('login-username').waitFor();
      steps.push({ name: 'renderer: login screen shown', at: since() });
      await page.getByTestId('login-username').fill(DEMO.cashier.username);
      await page.getByTestId('login-password').fill(DEMO.cashier.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('search-input').waitFor();
      steps.push({ name: 'renderer: logged in, sale screen shown', at: since() });
      await page.keyboard.type(DEMO.sampleBarcode, { delay: 0 });
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="cart-total"]:not([data-fen="0"])').waitFor();
      const totalMs = since();
      steps.push({ name: 'first scan shown in the cart', at: totalMs });
      return { totalMs, steps };
    } finally {
      await context.close();
    }
  } finally {
    await stop();
  }
}

/**
 * The figure: `runs` cold starts of the bundled till (as installed: one file, like dist-electron's backend)
 * beside as many from source through tsx (`npm run web`), alternating; medians. Logs the steps of the
 * bundled run that gave the median.
 */
export async function coldStartFigures(
  dataDir: string,
  cloudUrl: string,
  label: string,
  runs: number,
  log: (m: string) => void,
): Promise<Figure[]> {
  const bundled = await bundleTill();
  const browser = await launchBenchBrowser();
  try {
    const results: Record<TillEntry['kind'], ColdStart[]> = { bundle: [], source: [] };
    for (let i = 0; i < runs; i++)
      for (const entry of [bundled, { kind: 'source' } as const]) {
        const r = await coldStartToScan(browser, dataDir, cloudUrl, entry);
        log(`  ${entry.kind}: ${Math.round(r.totalMs)} ms`);
        results[entry.kind].push(r);
      }
    const median = (rs: ColdStart[]) => [...rs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(rs.length / 2)]!;
    const b = median(results.bundle);
    log('  start-up steps of the median bundled start (ms since process start):');
    for (const s of b.steps) log(`    ${String(Math.round(s.at)).padStart(6)}  ${s.name}`);
    return [
      timeFigure(
        `cold start → first scan shown, ${label} SKUs synced (bundled, web host + Chromium)`,
        b.totalMs,
        { name: 'from source via tsx (npm run web)', value: median(results.source).totalMs },
        '≤ 2 s',
      ),
    ];
  } finally {
    await browser.close();
  }
}
