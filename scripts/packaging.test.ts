// Runtime: Node (Vitest). What `npm run dist` would build, checked without Electron: electron-builder.yml
// against electron-builder's own schema, every target arch against an existing SQLite binary, the installer's
// Windows check, the icons, and dist.mjs stopping before it builds (or downloads) anything when the build's
// cloud is missing or not HTTPS. Nothing here downloads Electron or electron-builder's tools.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { buildCloudUrl, channelFeedUrl, missingPrebuilds } from './dist-checks.mjs';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
type Target = { target: string; arch: string[] };
type BuilderConfig = {
  electronVersion: string;
  productName: string;
  asarUnpack: string[];
  directories: { buildResources: string };
  win: { icon: string; target: Target[] };
  linux: { icon: string; target: Target[] };
  nsis: { include: string; installerLanguages: string[]; shortcutName: string; uninstallDisplayName: string };
  publish: { provider: string; url: string };
};
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const resource = (name: string) => join(root, config.directories.buildResources, name);

describe('electron-builder.yml', () => {
  it('is valid for the electron-builder version installed (its own schema)', async () => {
    // app-builder-lib is electron-builder's implementation; validateConfiguration is what `build` runs first.
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (c: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (on: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    // the check is real: an unknown key is refused
    const bad = structuredClone(config) as BuilderConfig & { nsis: { notAnOption?: boolean } };
    bad.nsis.notAnOption = true;
    await expect(validateConfiguration(bad, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);
  });

  it('builds the Electron the app is developed with', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    expect(config.electronVersion).toBe(pkg.optionalDependencies.electron);
  });

  it('ships only archs whose better-sqlite3 binary exists: Windows x64 (none exists for ia32)', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(missingPrebuilds(config, 'win32', root)).toEqual([]);
    expect(missingPrebuilds(config, 'linux', root)).toEqual([]);
    expect(existsSync(join(root, 'node_modules/better-sqlite3/prebuilds/win32-ia32.node'))).toBe(false);
    const ia32 = structuredClone(config);
    ia32.win.target[0]!.arch = ['x64', 'ia32'];
    expect(missingPrebuilds(ia32, 'win32', root).map((m) => m.arch)).toEqual(['ia32']);
  });

  it('keeps only the native binary outside the asar archive', () => {
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/prebuilds/*.node']);
  });

  it('names the product in Chinese and English, in a Chinese and English installer', () => {
    expect(config.productName).toBe('千米收银');
    expect(config.nsis.shortcutName).toBe('千米收银');
    expect(config.nsis.uninstallDisplayName).toContain('Qianmi POS');
    expect(config.nsis.installerLanguages).toEqual(['zh_CN', 'en_US']);
  });

  it('publishes to the generic provider (our cloud), the URL filled in by dist from the build cloud', () => {
    expect(config.publish.provider).toBe('generic');
    expect(channelFeedUrl('https://cloud.example.cn')).toBe('https://cloud.example.cn/v1/updates/channel/stable/');
  });

  it('refuses Windows older than 10 and 32-bit Windows in the installer, before anything is installed', () => {
    const nsh = readFileSync(resource(config.nsis.include), 'utf8');
    expect(nsh).toMatch(/!macro customInit[\s\S]*\$\{IfNot\} \$\{AtLeastWin10\}[\s\S]*Quit[\s\S]*!macroend/);
    expect(nsh).toMatch(/\$\{IfNot\} \$\{RunningX64\}[\s\S]*Quit/);
    expect(nsh).toContain('Windows 10');
  });

  it('has the icons: a Windows .ico with a 256 px image, a 512 px PNG', () => {
    const ico = readFileSync(resource(config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // icon
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toContain(256);
    for (let i = 0; i < count; i++) {
      const [len, at] = [ico.readUInt32LE(6 + 16 * i + 8), ico.readUInt32LE(6 + 16 * i + 12)];
      expect(at + len).toBeLessThanOrEqual(ico.length);
      expect(ico.subarray(at, at + 4).toString('latin1')).toBe('\x89PNG');
    }
    const png = readFileSync(resource(config.linux.icon));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});

describe('npm run dist', () => {
  it('takes the build cloud only as an HTTPS address', () => {
    expect(buildCloudUrl(' https://cloud.example.cn/ ')).toBe('https://cloud.example.cn');
    expect(buildCloudUrl('https://cloud.example.cn/pos')).toBe('https://cloud.example.cn/pos');
    for (const bad of [
      undefined,
      '',
      'cloud.example.cn',
      'http://cloud.example.cn',
      'https://u:p@cloud.example.cn',
      'https://c.cn/?x=1',
    ])
      expect(buildCloudUrl(bad)).toBeNull();
  });

  it.each([
    ['unset', ''],
    ['plain HTTP', 'http://cloud.example.cn'],
  ])('stops with the reason, building nothing, when the build cloud is %s', (_, value) => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/dist.mjs')], {
      cwd: root,
      env: { ...process.env, POS_BUILD_CLOUD_URL: value },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm run dist: the build needs its platform');
    expect(r.stderr).toContain('POS_BUILD_CLOUD_URL=https://');
    expect(r.stdout).not.toContain('Electron');
  });
});
