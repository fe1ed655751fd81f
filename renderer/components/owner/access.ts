// Runtime: DOM (pure). What the logged-in employee's session allows in the back office. Only a hint for
// what to show: the backend router and the cloud decide, and refuse in words whatever slips through.
import type { Session } from '../../../shared/api/contract';
import { BACK_OFFICE_PERMISSIONS } from '../../../shared/api/owner-methods';
import { when } from '../../format';
import { employeeCan, SENSITIVE_PERMISSIONS, type Permission } from '../../../shared/permissions';

export function can(session: Session | null, p: Permission): boolean {
  return !!session && employeeCan(session.employee, p);
}

export function hasBackOffice(session: Session | null): boolean {
  return BACK_OFFICE_PERMISSIONS.some((p) => can(session, p));
}

export const isSensitive = (p: Permission) => SENSITIVE_PERMISSIONS.has(p);

/** back-office tables: the outlet's clock, to the second */
export const fmtTime = (ms: number): string => when(ms, 'dateTime');
