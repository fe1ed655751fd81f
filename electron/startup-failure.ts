// Runtime: Node (no 'electron' import: used by backend-host in the utilityProcess and by main). A backend
// that cannot start must not leave the till frozen: the failure is classified (what failed, so the screen can
// say what to do), written to a log file in the data folder (a Windows GUI app has no console anyone sees),
// and every renderer call is answered with BACKEND_UNAVAILABLE carrying it, instead of waiting forever.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StartupFailure, StartupFailureReason } from '../shared/api/startup';
import { zCallFrame, type ResultFrame } from '../shared/api/wire';

export const LOG_FILE = join('logs', 'pos.log');

/** What failed, from the error the start threw (better-sqlite3, the migrator, the key store, the OS). */
export function classifyStartupError(e: unknown): StartupFailureReason {
  const err = e as { code?: unknown; name?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  const name = typeof err?.name === 'string' ? err.name : '';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(message)) return 'DB_LOCKED';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(message))
    return 'DB_CORRUPT';
  if (name === 'MigrationError' || /migration/i.test(message)) return 'MIGRATION';
  if (/^key store:|safeStorage|keyring|DEVICE_MISMATCH/i.test(message)) return 'KEY_STORE';
  if (
    code === 'ERR_DLOPEN_FAILED' ||
    /better_sqlite3\.node|NODE_MODULE_VERSION|not a valid Win32 application|Cannot find module 'better-sqlite3'/i.test(
      message,
    )
  )
    return 'NATIVE_MODULE';
  if (['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_CANTOPEN'].includes(code))
    return 'DISK';
  return 'UNKNOWN';
}

export function startupFailure(e: unknown, dataDir: string | null): StartupFailure {
  const message = e instanceof Error ? e.message : String(e);
  return {
    reason: classifyStartupError(e),
    message: message.slice(0, 500),
    logPath: dataDir ? join(dataDir, LOG_FILE) : null,
  };
}

/** Appends lines to the data folder's log; never throws (the log is a help, not a requirement). */
export function appendLog(dataDir: string, lines: string[], now: Date = new Date()): void {
  try {
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    appendFileSync(join(dataDir, LOG_FILE), lines.map((l) => `${now.toISOString()} ${l}\n`).join(''), 'utf8');
  } catch {
    // nowhere better to write it
  }
}

/** The answer to any call frame while the backend is unavailable: the call's id with the typed error. */
export function unavailableAnswer(frameText: unknown, failure: StartupFailure): ResultFrame {
  let id = -1;
  try {
    const parsed = zCallFrame.safeParse(typeof frameText === 'string' ? JSON.parse(frameText) : frameText);
    if (parsed.success) id = parsed.data.id;
  } catch {
    // not JSON: answered with id -1, like the bridge answers a broken frame
  }
  return {
    type: 'result',
    id,
    result: {
      ok: false,
      error: {
        code: 'BACKEND_UNAVAILABLE',
        message: `The POS backend did not start: ${failure.message}`,
        details: failure,
      },
    },
  };
}
