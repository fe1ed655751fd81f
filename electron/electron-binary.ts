// Runtime: Node (scripts, tests). Finds the Electron binary without loading the electron package: since Electron 4x
// that require downloads the binary on first use, which hangs or fails on a closed network.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function findElectronBinary(): ElectronBinary {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p)
      ? { found: true, path: p }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${p}` };
  }
  const dir = electronPackageDir();
  if (!dir) return { found: false, reason: 'the electron package is not installed (it is an optional dependency)' };
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      found: false,
      reason: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is missing)',
    };
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin)
    ? { found: true, path: bin }
    : { found: false, reason: `the Electron binary is missing at ${bin}` };
}

/**
 * Tries electron's own installer once, bounded in time (it honours ELECTRON_MIRROR, e.g.
 * https://npmmirror.com/mirrors/electron/ for users in China). Resolves with the binary or the reason.
 */
export async function tryInstallElectron(timeoutMs = 120_000): Promise<ElectronBinary> {
  const dir = electronPackageDir();
  if (!dir) return findElectronBinary();
  const installer = join(dir, 'install.js');
  if (!existsSync(installer)) return findElectronBinary();
  const outcome = await new Promise<string | null>((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`the download did not finish within ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `the download failed: ${lastLine(stderr) || `exit ${code}`}`);
    });
  });
  const found = findElectronBinary();
  return found.found || !outcome ? found : { found: false, reason: outcome };
}

function lastLine(s: string): string {
  const lines = s
    .trim()
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('at '));
  return (lines.at(-1) ?? '').trim().slice(0, 300);
}
