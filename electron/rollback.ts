// Runtime: Node (no 'electron' import; main uses it). Rolling back a release that fails to start, where the
// platform allows it. An NSIS install keeps no copy of the version it replaced, so the till keeps one itself:
// every installer electron-updater downloads is copied to <data>/installers/<version>/ before it runs, and the
// installers of the running version and of the one coming are kept (older ones are pruned). When the first
// start of a new version fails (update-health.ts knows it is the first) and the version that ran before has its
// installer kept, main reports the failure and runs that installer silently; the till comes back on the old
// version. What a till that came from the shop's own installer lacks (no kept installer) it cannot roll back:
// it stays on the start-failure screen and installs the fix as soon as the cloud offers one.
// A new version may migrate the databases before something else fails, and the old version refuses a database
// migrated by a newer one (db/migrate.ts). So before the first start of a new version that could be rolled
// back, main copies the databases (nothing has them open yet) to <data>/rollback-snapshot/; a rollback puts them
// back before the old installer runs. Nothing is lost by it: the new version's backend never became ready, so
// it recorded no sale. Its first good start discards the snapshot.
// Invariants:
//  - a rollback restores only a snapshot taken before this version's backend ever started;
//  - at most one rollback per failed version on a device (rollback.json), so a rollback can never loop;
//  - a version that failed to start here is never installed again by the updater (refuseVersion), though a
//    higher version (the fix) is;
//  - a kept installer is copied to a temporary name and renamed, so a crash never leaves a half file under
//    a version's name.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';

const DIR = 'installers';
const STATE_FILE = 'rollback.json';
const SNAPSHOT = 'rollback-snapshot';
/** the till's databases and their WAL companions (db/open.ts) */
const DB_FILE = /^(sales|catalog)\.db(-wal|-shm)?$/;

interface RollbackState {
  /** versions whose start failed on this device and that were rolled back from */
  failed: string[];
}

export interface RollbackPlan {
  /** the version to go back to */
  to: string;
  installer: string;
  /** the arguments electron-updater's NSIS installs use: silent, start the till afterwards */
  args: string[];
}

/** NSIS (electron-builder): /S silent, --updated an update over an install, --force-run start the app after. */
export const NSIS_ARGS = ['--updated', '/S', '--force-run'];

function readState(dataDir: string): RollbackState {
  try {
    const s = JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')) as Partial<RollbackState>;
    return { failed: Array.isArray(s.failed) ? s.failed.filter((v) => typeof v === 'string') : [] };
  } catch {
    return { failed: [] };
  }
}

function writeState(dataDir: string, s: RollbackState): void {
  const path = join(dataDir, STATE_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(s), { encoding: 'utf8', flush: true });
  renameSync(`${path}.tmp`, path);
}

/** Numeric compare of dotted versions (pre-release tags sort before the plain version). */
function compareVersions(a: string, b: string): number {
  const [av, at] = a.split('-', 2) as [string, string | undefined];
  const [bv, bt] = b.split('-', 2) as [string, string | undefined];
  const ap = av.split('.').map(Number);
  const bp = bv.split('.').map(Number);
  for (let i = 0; i < Math.max(ap.length, bp.length); i++) {
    const d = (ap[i] ?? 0) - (bp[i] ?? 0);
    if (d) return d;
  }
  if (at === bt) return 0;
  if (at === undefined) return 1;
  if (bt === undefined) return -1;
  return at < bt ? -1 : 1;
}

export function createRollback(o: { dataDir: string; version: string }) {
  const root = join(o.dataDir, DIR);
  const kept = (): string[] => {
    try {
      return readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name);
    } catch {
      return [];
    }
  };
  const installerOf = (version: string): string | null => {
    try {
      const files = readdirSync(join(root, version)).filter((f) => !f.endsWith('.tmp'));
      return files.length ? join(root, version, files[0]!) : null;
    } catch {
      return null;
    }
  };

  const snapshotDir = join(o.dataDir, SNAPSHOT);
  const possible = (previousVersion: string | null): previousVersion is string =>
    !!previousVersion &&
    compareVersions(previousVersion, o.version) < 0 &&
    !readState(o.dataDir).failed.includes(o.version) &&
    installerOf(previousVersion) !== null;
  const dbFiles = (dir: string) => {
    try {
      return readdirSync(dir).filter((f) => DB_FILE.test(f));
    } catch {
      return [];
    }
  };

  return {
    /**
     * Before the backend starts: on the first start of a new version that could be rolled back, copy the
     * databases aside (once; a start that failed before keeps the snapshot of the untouched files).
     */
    prepare(previousVersion: string | null): void {
      if (!possible(previousVersion) || existsSync(snapshotDir)) return;
      const tmp = `${snapshotDir}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      for (const f of dbFiles(o.dataDir)) copyFileSync(join(o.dataDir, f), join(tmp, f));
      renameSync(tmp, snapshotDir);
    },
    /** The backend is up on this version: the snapshot is no longer needed (and would be stale). */
    discard(): void {
      rmSync(snapshotDir, { recursive: true, force: true });
    },
    /** Keep the installer of `version` (just downloaded); prune all but it and the running version. */
    keep(version: string, file: string): void {
      const dir = join(root, version);
      mkdirSync(dir, { recursive: true });
      const target = join(dir, basename(file));
      copyFileSync(file, `${target}.tmp`);
      renameSync(`${target}.tmp`, target);
      for (const v of kept()) {
        if (v !== version && v !== o.version) rmSync(join(root, v), { recursive: true, force: true });
      }
    },
    /**
     * After a failed start: the rollback to run, or null with nothing to do. Only the first start of a new
     * version rolls back (`previousVersion` set), only to an older version, and only once per failed version.
     */
    plan(previousVersion: string | null): RollbackPlan | null {
      if (!possible(previousVersion) || !existsSync(snapshotDir)) return null;
      return { to: previousVersion, installer: installerOf(previousVersion)!, args: NSIS_ARGS };
    },
    /**
     * Record that this version is being rolled back from, and put the databases back as they were before it
     * started (the backend is down: it failed to start).
     */
    begin(): void {
      // Order matters for a crash in between: files first (redone from the kept snapshot if interrupted),
      // then the mark that forbids a second rollback, then the snapshot goes.
      const saved = dbFiles(snapshotDir);
      for (const f of dbFiles(o.dataDir)) if (!saved.includes(f)) rmSync(join(o.dataDir, f), { force: true });
      for (const f of saved) {
        copyFileSync(join(snapshotDir, f), join(o.dataDir, `${f}.tmp`));
        renameSync(join(o.dataDir, `${f}.tmp`), join(o.dataDir, f));
      }
      const s = readState(o.dataDir);
      if (!s.failed.includes(o.version)) writeState(o.dataDir, { failed: [...s.failed, o.version].slice(-20) });
      rmSync(snapshotDir, { recursive: true, force: true });
    },
    /** Why the updater must not install `version` here, or null: it failed to start on this device before. */
    refuseVersion(version: string): string | null {
      return readState(o.dataDir).failed.includes(version)
        ? `${version} failed to start on this till and was rolled back`
        : null;
    },
  };
}
export type Rollback = ReturnType<typeof createRollback>;

/**
 * Run a rollback: the failure report goes first (bounded: an offline till keeps it in the data folder and
 * the old version sends it), then the old installer starts detached and the till exits so it can replace it.
 */
export async function runRollback(
  plan: RollbackPlan,
  o: {
    flush: () => Promise<void>;
    spawn: (file: string, args: string[]) => void;
    exit: () => void;
    waitMs?: number;
  },
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    o.flush().catch(() => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, o.waitMs ?? 5_000))),
  ]);
  clearTimeout(timer);
  o.spawn(plan.installer, plan.args);
  o.exit();
}
