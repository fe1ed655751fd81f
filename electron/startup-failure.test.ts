// Runtime: Node (Vitest). What the start-failure screen tells the cashier depends on this classification.
import { describe, expect, it } from 'vitest';
import { classifyStartupError } from './startup-failure';

const err = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

describe('classifyStartupError', () => {
  it('names what failed', () => {
    expect(classifyStartupError(err('database is locked', { code: 'SQLITE_BUSY' }))).toBe('DB_LOCKED');
    expect(classifyStartupError(err('file is not a database', { code: 'SQLITE_NOTADB' }))).toBe('DB_CORRUPT');
    expect(classifyStartupError(err('database disk image is malformed', { code: 'SQLITE_CORRUPT' }))).toBe(
      'DB_CORRUPT',
    );
    expect(
      classifyStartupError(err('sales.db has migration 9 this version does not know', { name: 'MigrationError' })),
    ).toBe('MIGRATION');
    expect(classifyStartupError(err('key store: The data is invalid'))).toBe('KEY_STORE');
    expect(
      classifyStartupError(
        err('\\\\?\\C:\\pos\\better_sqlite3.node is not a valid Win32 application', { code: 'ERR_DLOPEN_FAILED' }),
      ),
    ).toBe('NATIVE_MODULE');
    expect(classifyStartupError(err('no space left on device', { code: 'ENOSPC' }))).toBe('DISK');
    expect(classifyStartupError(err('operation not permitted', { code: 'EPERM' }))).toBe('DISK');
    expect(classifyStartupError('something else')).toBe('UNKNOWN');
  });
});
