// Runtime: Node (Vitest). Rolling back a release that fails its first start (rollback.ts): installers kept per
// version and pruned to the running and the coming one; a rollback only from the first start of a newer version,
// only to a version whose installer is kept and whose databases were copied aside, at most once per version;
// the databases put back as the old version left them; a version that failed here is never installed again.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRollback, NSIS_ARGS, runRollback } from './rollback';

let dir: string;
let downloads: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-rollback-'));
  downloads = await mkdtemp(join(tmpdir(), 'pos-pending-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(downloads, { recursive: true, force: true });
});

async function download(version: string): Promise<string> {
  const file = join(downloads, `QianmiPOS-Setup-${version}.exe`);
  await writeFile(file, `installer ${version}`);
  return file;
}

describe('rollback', () => {
  it('keeps the installer of each downloaded version, and only the running and the coming one', async () => {
    const r = createRollback({ dataDir: dir, version: '1.2.0' });
    r.keep('1.1.0', await download('1.1.0')); // left from before (the running version's own installer is 1.2.0)
    r.keep('1.2.0', await download('1.2.0'));
    r.keep('1.3.0', await download('1.3.0'));
    expect((await readdir(join(dir, 'installers'))).sort()).toEqual(['1.2.0', '1.3.0']);
    expect(await readFile(join(dir, 'installers', '1.3.0', 'QianmiPOS-Setup-1.3.0.exe'), 'utf8')).toBe(
      'installer 1.3.0',
    );
  });

  it('rolls back only the first start of a newer version, with a kept installer and a snapshot, once', async () => {
    const old = createRollback({ dataDir: dir, version: '1.1.0' });
    old.keep('1.1.0', await download('1.1.0'));
    await writeFile(join(dir, 'sales.db'), 'sales 1.1.0');
    await writeFile(join(dir, 'catalog.db'), 'catalog 1.1.0');

    const r = createRollback({ dataDir: dir, version: '1.2.0' });
    expect(r.plan(null)).toBeNull(); // not a first start after an update
    expect(r.plan('1.1.0')).toBeNull(); // no snapshot taken: nothing safe to go back to
    r.prepare('1.3.0'); // "previous" newer than this one: not an update
    await expect(readdir(join(dir, 'rollback-snapshot'))).rejects.toThrow(/ENOENT/);
    r.prepare('1.1.0');
    expect((await readdir(join(dir, 'rollback-snapshot'))).sort()).toEqual(['catalog.db', 'sales.db']);

    // the new version migrates, writes a WAL, then fails
    await writeFile(join(dir, 'sales.db'), 'sales migrated by 1.2.0');
    await writeFile(join(dir, 'sales.db-wal'), 'wal 1.2.0');
    r.prepare('1.1.0'); // a second failed start keeps the snapshot of the untouched files
    const plan = r.plan('1.1.0');
    expect(plan).toEqual({
      to: '1.1.0',
      installer: join(dir, 'installers', '1.1.0', 'QianmiPOS-Setup-1.1.0.exe'),
      args: NSIS_ARGS,
    });
    expect(r.refuseVersion('1.2.0')).toBeNull();
    r.begin();
    expect(await readFile(join(dir, 'sales.db'), 'utf8')).toBe('sales 1.1.0');
    expect(await readFile(join(dir, 'catalog.db'), 'utf8')).toBe('catalog 1.1.0');
    expect((await readdir(dir)).filter((f) => f.includes('.db')).sort()).toEqual(['catalog.db', 'sales.db']);
    await expect(readdir(join(dir, 'rollback-snapshot'))).rejects.toThrow(/ENOENT/);

    // at most once: 1.2.0 never rolls back again, and the updater never installs it again here
    expect(r.plan('1.1.0')).toBeNull();
    const back = createRollback({ dataDir: dir, version: '1.1.0' });
    expect(back.refuseVersion('1.2.0')).toMatch(/failed to start on this till/);
    expect(back.refuseVersion('1.2.1')).toBeNull(); // the fix installs
  });

  it('a good first start discards the snapshot', async () => {
    createRollback({ dataDir: dir, version: '1.1.0' }).keep('1.1.0', await download('1.1.0'));
    await writeFile(join(dir, 'sales.db'), 'sales');
    const r = createRollback({ dataDir: dir, version: '1.2.0' });
    r.prepare('1.1.0');
    r.discard();
    await expect(readdir(join(dir, 'rollback-snapshot'))).rejects.toThrow(/ENOENT/);
    expect(r.plan('1.1.0')).toBeNull();
  });

  it('sends the failure report first (bounded), then starts the installer and exits', async () => {
    const order: string[] = [];
    const plan = { to: '1.1.0', installer: 'C:\\\\setup.exe', args: NSIS_ARGS };
    await runRollback(plan, {
      flush: async () => void order.push('flush'),
      spawn: (file, args) => void order.push(`spawn ${file} ${args.join(' ')}`),
      exit: () => void order.push('exit'),
    });
    expect(order).toEqual(['flush', `spawn C:\\\\setup.exe ${NSIS_ARGS.join(' ')}`, 'exit']);

    vi.useFakeTimers();
    try {
      const hung: string[] = [];
      const done = runRollback(plan, {
        flush: () => new Promise(() => {}), // a cloud that never answers
        spawn: () => void hung.push('spawn'),
        exit: () => void hung.push('exit'),
        waitMs: 5_000,
      });
      await vi.advanceTimersByTimeAsync(5_000);
      await done;
      expect(hung).toEqual(['spawn', 'exit']);
    } finally {
      vi.useRealTimers();
    }
  });
});
