// The durable job queue (pg-boss): a job exists iff the transaction that sent it commits; a cloud restart
// loses none; two cloud processes on one PostgreSQL never run one twice, and a process killed mid-job
// (SIGKILL) loses none — its running job is run again by the other once it expires.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openCloudDb } from '../db/open';
import type { CloudDb } from '../db/types';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../test-support/test-db';
import { JobQueue } from './queue';

const quiet = { log: () => {} };

async function effectsTable(db: CloudDb): Promise<void> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS job_effects (key text PRIMARY KEY, worker text NOT NULL, runs integer NOT NULL)',
  );
}
const runsOf = async (db: CloudDb) =>
  new Map(
    (await db.query<{ key: string; runs: number }>('SELECT key, runs FROM job_effects')).rows.map((r) => [
      r.key,
      r.runs,
    ]),
  );

describe('the job queue on the configured database', () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.drop();
  });

  it('a job sent in a transaction exists only if that transaction commits; each runs once', async () => {
    database = await createTestDatabase();
    const db = await database.open();
    await effectsTable(db);
    const q = new JobQueue(db, quiet);
    q.define('t.once', { policy: 'standard' }, async (data) => {
      await db.query(
        'INSERT INTO job_effects (key, worker, runs) VALUES ($1, $2, 1) ON CONFLICT (key) DO UPDATE SET runs = job_effects.runs + 1',
        [String(data.key), 'one'],
      );
    });
    await q.start();
    try {
      await db.tx(async (t) => {
        await q.send('t.once', { key: 'kept' }, {}, t);
      });
      await expect(
        db.tx(async (t) => {
          await q.send('t.once', { key: 'rolled-back' }, {}, t);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await vi.waitFor(async () => expect((await runsOf(db)).get('kept')).toBe(1), { timeout: 15_000, interval: 100 });
      await new Promise((r) => setTimeout(r, 1_200)); // more polls: nothing else appears, nothing runs twice
      expect([...(await runsOf(db)).entries()]).toEqual([['kept', 1]]);
    } finally {
      await q.stop();
    }
  }, 60_000);
});

describe('a cloud restart (PGlite data folder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qm-jobs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a job queued before the stop runs once after the next start', async () => {
    const first = await openCloudDb({ dataDir: dir });
    await effectsTable(first);
    const a = new JobQueue(first, quiet);
    a.define('t.later', { policy: 'standard' }, async () => {
      throw new Error('the first process must not run it');
    });
    await a.start();
    await a.send('t.later', { key: 'survivor' }, { afterMs: 2_000 });
    await a.stop();
    await first.close();

    const second = await openCloudDb({ dataDir: dir });
    const b = new JobQueue(second, quiet);
    b.define('t.later', { policy: 'standard' }, async (data) => {
      await second.query(
        'INSERT INTO job_effects (key, worker, runs) VALUES ($1, $2, 1) ON CONFLICT (key) DO UPDATE SET runs = job_effects.runs + 1',
        [String(data.key), 'second'],
      );
    });
    await b.start();
    try {
      await vi.waitFor(async () => expect((await runsOf(second)).get('survivor')).toBe(1), {
        timeout: 20_000,
        interval: 200,
      });
    } finally {
      await b.stop();
      await second.close();
    }
  }, 60_000);
});

const pg = usingPostgres();
if (!pg) console.log('queue.test.ts: the two-process cases need DATABASE_URL (PostgreSQL); skipped on PGlite');

describe.skipIf(!pg)('two cloud processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let db: CloudDb;
  let sender: JobQueue;
  const children: ChildProcess[] = [];

  const worker = (name: string, env: Record<string, string> = {}) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'testing', 'worker-process.ts')],
        {
          env: { ...process.env, DATABASE_URL: database.url!, WORKER_NAME: name, ...env },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      children.push(child);
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve(child);
      });
      child.on('exit', (code) => reject(new Error(`worker ${name} exited ${code}`)));
    });
  const stopGracefully = (c: ChildProcess) =>
    new Promise<void>((r) => {
      c.once('exit', () => r());
      c.kill('SIGTERM');
    });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await sender?.stop();
    await database?.drop();
  });

  it('share the jobs, run each exactly once, and a graceful restart loses none', async () => {
    database = await createTestDatabase();
    db = await database.open();
    await effectsTable(db);
    const [a, b] = await Promise.all([worker('a'), worker('b')]);
    sender = new JobQueue(db, quiet);
    await sender.start();
    for (let i = 0; i < 120; i++) await sender.send('test.work', { key: `k${i}` });
    await vi.waitFor(async () => expect((await runsOf(db)).size).toBe(120), { timeout: 60_000, interval: 250 });
    const { rows } = await db.query<{ worker: string; n: number }>(
      'SELECT worker, count(*)::int AS n FROM job_effects GROUP BY worker',
    );
    expect(rows.map((r) => r.worker).sort()).toEqual(['a', 'b']); // both processes took jobs
    expect([...(await runsOf(db)).values()].every((n) => n === 1)).toBe(true);

    // jobs due later, both processes stopped before they fall due, a third process starts: all run, once
    for (let i = 0; i < 30; i++) await sender.send('test.work', { key: `later${i}` }, { afterMs: 3_000 });
    await Promise.all([stopGracefully(a), stopGracefully(b)]);
    const c = await worker('c');
    await vi.waitFor(async () => expect((await runsOf(db)).size).toBe(150), { timeout: 60_000, interval: 250 });
    expect([...(await runsOf(db)).values()].every((n) => n === 1)).toBe(true);
    await stopGracefully(c);
  }, 120_000);

  it('a process killed mid-job (SIGKILL) loses no job: the other runs it after it expires', async () => {
    await db.query('DELETE FROM job_effects');
    const victim = await worker('victim', { HOLD_MS: '1000' });
    for (let i = 0; i < 20; i++) await sender.send('test.work', { key: `x${i}` });
    await vi.waitFor(async () => expect((await runsOf(db)).size).toBeGreaterThan(1), { timeout: 30_000, interval: 50 });
    // its next jobs are running now (the handler holds each for 1 s): kill it in the middle of them
    await vi.waitFor(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.work' AND state = 'active'",
        );
        expect(rows[0]!.n).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 20 },
    );
    const { rows: running } = await db.query<{ key: string }>(
      "SELECT data->>'key' AS key FROM pgboss.job WHERE name = 'test.work' AND state = 'active'",
    );
    victim.kill('SIGKILL');
    await worker('rescuer');
    await vi.waitFor(async () => expect((await runsOf(db)).size).toBe(20), { timeout: 60_000, interval: 250 });
    // the jobs it was running when it died were run again by the other process
    const done = await runsOf(db);
    for (const r of running) expect(done.get(r.key), r.key).toBeGreaterThanOrEqual(1);
    // only the jobs running at the kill instant (at most its concurrency, 2) may have run twice
    const twice = [...(await runsOf(db)).values()].filter((n) => n > 1);
    expect(twice.length).toBeLessThanOrEqual(2);
  }, 120_000);
});
