// Runtime: Node. Employee accounts: credential checks with failure counting and lockout.
// Failure counts are written outside any request transaction so a rejected attempt still counts.
import { AppError } from '../../shared/errors';
import { PERMISSIONS, type Permission } from '../../shared/permissions';
import type { Queryable } from '../db/types';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { LOCKOUT } from './policy';

export interface EmployeeRow {
  id: string;
  org_id: string;
  username: string;
  name: string;
  password_hash: string;
  is_master: boolean;
  permissions: string[];
  failed_logins: number;
  locked_until: number | null;
  max_discount_fen: number | string;
  max_discount_bps: number;
  max_refund_fen: number | string;
}

export async function findEmployeeByUsername(q: Queryable, username: string): Promise<EmployeeRow | undefined> {
  const { rows } = await q.query<EmployeeRow>('SELECT * FROM employees WHERE username = $1', [username]);
  return rows[0];
}

/**
 * Checks username + password. Unknown user and wrong password give the same BAD_CREDENTIALS (and cost the
 * same scrypt), a locked account gives LOCKED_OUT without looking at the password. The attempt that
 * reaches LOCKOUT.maxFailures locks the account for LOCKOUT.lockMs.
 */
export async function checkCredentials(
  q: Queryable,
  username: string,
  password: string,
  now: number,
  onlyOrgId?: string,
): Promise<EmployeeRow> {
  const found = await findEmployeeByUsername(q, username);
  // An account of another organisation is treated exactly like an unknown one: nothing to learn by probing.
  const emp = found && (onlyOrgId === undefined || found.org_id === onlyOrgId) ? found : undefined;
  if (!emp) {
    await verifyPassword(password, await dummyPasswordHash());
    throw new AppError('BAD_CREDENTIALS', 'Wrong username or password');
  }
  if (emp.locked_until !== null && emp.locked_until > now) {
    throw new AppError('LOCKED_OUT', 'Too many failed attempts; try again later', { lockedUntil: emp.locked_until });
  }
  if (!(await verifyPassword(password, emp.password_hash))) {
    // Atomic increment: concurrent wrong attempts all count.
    const { rows } = await q.query<{ failed_logins: number; locked_until: number | null }>(
      `UPDATE employees
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN $3::bigint ELSE locked_until END
        WHERE id = $1
        RETURNING failed_logins, locked_until`,
      [emp.id, LOCKOUT.maxFailures, now + LOCKOUT.lockMs],
    );
    const r = rows[0];
    if (r && r.locked_until !== null && r.locked_until > now) {
      throw new AppError('LOCKED_OUT', 'Too many failed attempts; try again later', { lockedUntil: r.locked_until });
    }
    throw new AppError('BAD_CREDENTIALS', 'Wrong username or password');
  }
  if (emp.failed_logins !== 0 || emp.locked_until !== null) {
    await q.query('UPDATE employees SET failed_logins = 0, locked_until = NULL WHERE id = $1', [emp.id]);
  }
  return emp;
}

/** The master account holds every permission; others hold what was granted, filtered to the known catalog. */
export function effectivePermissions(emp: Pick<EmployeeRow, 'is_master' | 'permissions'>): Permission[] {
  if (emp.is_master) return [...PERMISSIONS];
  const known = new Set<string>(PERMISSIONS);
  return emp.permissions.filter((p): p is Permission => known.has(p));
}
