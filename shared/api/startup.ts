// Why the POS backend could not start, as every renderer call then learns it (error BACKEND_UNAVAILABLE,
// details = StartupFailure) and the start-failure screen explains it: what failed and what to do
// (renderer/i18n `startup.<reason>`). Classified by the host (electron/startup-failure.ts).
import { z } from 'zod';

export const STARTUP_FAILURES = [
  'DB_LOCKED', // sales.db / catalog.db held by another program (a second copy, backup or antivirus)
  'DB_CORRUPT', // a database file is damaged or not a database
  'MIGRATION', // the data folder was written by a newer version, or a migration failed
  'KEY_STORE', // the device key could not be read or sealed (Windows account changed, DPAPI unavailable)
  'NATIVE_MODULE', // the SQLite binary does not load (wrong architecture, damaged install)
  'DISK', // the data folder cannot be written (full disk, permissions, read-only)
  'CRASHED', // the backend process ended before it was ready
  'UNKNOWN',
] as const;
export type StartupFailureReason = (typeof STARTUP_FAILURES)[number];

export const zStartupFailure = z.object({
  reason: z.enum(STARTUP_FAILURES),
  /** the technical message (for support); the screen shows the translated explanation first */
  message: z.string(),
  /** the log file in the data folder that holds the details */
  logPath: z.string().nullable(),
});
export type StartupFailure = z.output<typeof zStartupFailure>;
