// Runtime: Node. The cloud's durable job queue: pg-boss on the cloud's own database — PostgreSQL through its
// URL, or the embedded PGlite through pg-boss's PGlite adapter (fromPglite, backend 'pglite'). Jobs live in
// the database (schema `pgboss`), so a cloud restart loses none, and workers claim them with
// FOR UPDATE SKIP LOCKED, so two cloud processes never run the same job at once.
//
// Invariants:
//  - A job is sent in the caller's transaction when one is given (send(…, q)): it exists iff that
//    transaction commits — a payment row and its follow-up never exist one without the other.
//  - Handlers are idempotent against the database state they read: a job whose process died mid-run is run
//    again after its expiry (expireInSeconds), and must then do nothing twice (they lock and re-check rows).
//  - Periodic work (sweeps) is one self-renewing job per name in a 'stately' queue with a singleton key: at
//    most one queued and one running, across every process, never a timer per process.
import { PgBoss, fromPglite, type Job, type SendOptions } from 'pg-boss';
import type { CloudDb, Queryable } from '../db/types';

export interface SendOpts {
  /** run no earlier than this many ms from now */
  afterMs?: number;
  /** at most one queued job per key in a 'stately' queue (per payment, per sweep) */
  singletonKey?: string;
}

export interface QueueSpec {
  /** 'standard': every job runs; 'stately': one queued + one running per singleton key */
  policy: 'standard' | 'stately';
  /** a running job not finished after this long is taken to have died with its process, and run again */
  expireInSeconds?: number;
  /** how often an idle worker looks for due jobs (pg-boss's floor is 0.5 s) */
  pollingIntervalSeconds?: number;
  /** jobs of this queue fetched and run at once by this process */
  concurrency?: number;
}

type Handler = (data: Record<string, unknown>, job: { id: string; retryCount: number }) => Promise<void>;

export interface JobQueueOptions {
  log?: (level: 'error' | 'warn', msg: string, err?: unknown) => void;
  /** how often pg-boss looks for jobs whose process died (expired) and retries them (default 15 s) */
  superviseIntervalSeconds?: number;
}

export class JobQueue {
  readonly #db: CloudDb;
  readonly #log: NonNullable<JobQueueOptions['log']>;
  readonly #superviseS: number;
  readonly #queues = new Map<string, QueueSpec & { handler: Handler }>();
  readonly #periodic = new Map<string, number>();
  #boss: PgBoss | null = null;
  #starting: Promise<void> | null = null;
  #stopped = false;

  constructor(db: CloudDb, opts: JobQueueOptions = {}) {
    this.#db = db;
    this.#log = opts.log ?? ((level, msg, err) => console[level](msg, err ?? ''));
    this.#superviseS = opts.superviseIntervalSeconds ?? 15;
  }

  /** Declares a queue and its handler; workers start with start(). */
  define(name: string, spec: QueueSpec, handler: Handler): void {
    if (this.#boss) throw new Error(`queue ${name} defined after start`);
    if (this.#queues.has(name)) throw new Error(`queue ${name} defined twice`);
    this.#queues.set(name, { ...spec, handler });
  }

  /**
   * Runs `fn` every `everyMs` (at the earliest; pg-boss polls at least every 0.5 s) in exactly one of the
   * cloud processes at a time. An error is logged and the next run is still scheduled.
   */
  every(name: string, everyMs: number, fn: () => Promise<void>): void {
    this.#periodic.set(name, everyMs);
    // a slow chain (a minute, an hour) need not be looked for twice a second: half its period, 0.5–5 s
    const poll = Math.min(5, Math.max(0.5, everyMs / 2000));
    this.define(name, { policy: 'stately', expireInSeconds: 300, pollingIntervalSeconds: poll }, async () => {
      try {
        await fn();
      } catch (err) {
        this.#log('error', `periodic job ${name} failed`, err);
      }
      if (!this.#stopped) await this.send(name, {}, { singletonKey: name, afterMs: everyMs });
    });
  }

  get started(): boolean {
    return this.#boss !== null;
  }

  async start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    const conn = this.#db.jobs;
    const common = {
      // our migrations do not own pg-boss's schema; pg-boss installs and migrates it under its own lock
      migrate: true,
      supervise: true,
      schedule: false,
      registerInstance: false,
      // expiry of jobs whose process died is checked in the monitor pass: both on the same beat
      superviseIntervalSeconds: this.#superviseS,
      monitorIntervalSeconds: this.#superviseS,
    } as const;
    const boss =
      conn.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(conn.pglite), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: conn.url, max: 4 });
    boss.on('error', (err: unknown) => this.#log('error', 'job queue error', err));
    await boss.start();
    for (const [name, spec] of this.#queues) {
      await boss.createQueue(name, {
        policy: spec.policy,
        expireInSeconds: spec.expireInSeconds ?? 120,
        // a job is retried until its handler completes (handlers are idempotent); the delay grows to 5 min
        retryLimit: 1_000_000,
        retryDelay: 2,
        retryBackoff: true,
        retryDelayMax: 300,
        retentionSeconds: 30 * 24 * 3600,
      });
      // A worker fetches up to `concurrency` due jobs at once and runs them side by side; while fetches come
      // back full it fetches again at once (a backlog drains at provider speed, not one job per poll).
      const batch = spec.concurrency ?? 1;
      await boss.work(
        name,
        {
          pollingIntervalSeconds: spec.pollingIntervalSeconds ?? 0.5,
          batchSize: batch,
          perJobResults: true,
          ...(batch > 1 ? { burstWhenBatchFull: true } : {}),
        },
        async (jobs: Job<object>[]) => {
          const settled = await Promise.allSettled(
            jobs.map((job) =>
              spec.handler((job.data ?? {}) as Record<string, unknown>, {
                id: job.id,
                retryCount: (job as { retryCount?: number }).retryCount ?? 0,
              }),
            ),
          );
          return settled.map((r, i) => {
            if (r.status === 'rejected')
              this.#log('warn', `job ${name} ${jobs[i]!.id} failed; it will be retried`, r.reason);
            return { id: jobs[i]!.id, status: r.status === 'fulfilled' ? ('completed' as const) : ('failed' as const) };
          });
        },
      );
    }
    this.#boss = boss;
    // every periodic chain has one queued job (a duplicate from another process is dropped by the singleton)
    for (const name of this.#periodic.keys()) await this.send(name, {}, { singletonKey: name });
  }

  /** Enqueues a job; inside `q`'s transaction when given. Answers the job id, or null if a singleton dropped it. */
  async send(name: string, data: Record<string, unknown>, opts: SendOpts = {}, q?: Queryable): Promise<string | null> {
    const boss = this.#boss;
    if (!boss) throw new Error('job queue not started');
    const o: SendOptions = {};
    if (opts.singletonKey) o.singletonKey = opts.singletonKey;
    if (opts.afterMs && opts.afterMs > 0) o.startAfter = new Date(Date.now() + opts.afterMs);
    if (q) o.db = { executeSql: (text: string, values?: unknown[]) => q.query(text, values) };
    return boss.send(name, data, o);
  }

  /** Stops the workers, letting running jobs finish (up to `timeoutMs`); queued jobs stay for the next start. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.#stopped = true;
    await this.#starting?.catch(() => undefined);
    const boss = this.#boss;
    if (!boss) return;
    this.#boss = null;
    await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
