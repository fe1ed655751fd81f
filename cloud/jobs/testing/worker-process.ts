// Runtime: Node (tests). One cloud process's job worker, as a separate OS process: it works the queue
// 'test.work' on the database at DATABASE_URL, recording each job's effect in job_effects (idempotent on the
// job's key, counting runs), until SIGTERM stops it gracefully. Prints "ready" once working.
import { openCloudDb } from '../../db/open';
import { JobQueue } from '../queue';

async function main(): Promise<void> {
  const name = process.env.WORKER_NAME ?? 'w';
  const db = await openCloudDb({ databaseUrl: process.env.DATABASE_URL, poolSize: 4 });
  const queue = new JobQueue(db, { log: () => {}, superviseIntervalSeconds: 1 });
  const holdMs = Number(process.env.HOLD_MS ?? 0);
  queue.define(
    'test.work',
    { policy: 'standard', expireInSeconds: 2, pollingIntervalSeconds: 0.5, concurrency: 2 },
    async (data) => {
      if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
      await db.query(
        `INSERT INTO job_effects (key, worker, runs) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET runs = job_effects.runs + 1, worker = job_effects.worker || ',' || $2`,
        [String(data.key), name],
      );
    },
  );
  await queue.start();
  console.log('ready');
  process.on('SIGTERM', () => {
    void queue
      .stop(10_000)
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
