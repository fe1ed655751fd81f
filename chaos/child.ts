// Spawns a chaos child script under tsx and kills it with SIGKILL when told. stdout lines are collected.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const TSX = require.resolve('tsx');

export interface Child {
  proc: ChildProcess;
  lines: string[];
  /** resolves when a stdout line matching `re` arrives (rejects if the child exits first) */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  kill(): Promise<void>;
  stderr(): string;
}

export function spawnChild(script: string, env: Record<string, string>): Child {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const proc = spawn(process.execPath, ['--import', TSX, file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  proc.stdout!.on('data', (b: Buffer) => {
    partial += b.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!; // an unterminated line was cut by the kill: ignore it
    for (const l of parts) {
      lines.push(l);
      for (const w of [...waiters]) if (w.re.test(l)) w.resolve();
    }
  });
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    proc,
    lines,
    waitFor(re, timeoutMs = 60_000) {
      if (lines.some((l) => re.test(l))) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`child: no ${re} within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)),
          timeoutMs,
        );
        waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => {
          clearTimeout(timer);
          if (!lines.some((l) => re.test(l)))
            reject(
              new Error(`child exited (${proc.exitCode ?? proc.signalCode}) before ${re}; stderr: ${err.slice(-2000)}`),
            );
        });
      });
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    stderr: () => err,
  };
}
