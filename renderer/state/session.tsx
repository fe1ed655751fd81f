// Runtime: DOM. The logged-in employee for every component below App, and the one way to ask "may this
// person do that here?" — so a control the employee cannot use is hidden or disabled WITH the reason,
// never shown and then refused. Only a hint for what to show: the backend router and the cloud decide.
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { employeeCan, type Permission } from '../../shared/permissions';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session | null; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session | null {
  return useContext(SessionContext);
}

/** The permission's name for people: 「会员」. */
export function permissionName(t: (key: string) => string, p: Permission): string {
  return t(`perm.${p.replace('.', '_')}`);
}

/**
 * Why the current employee may not use something that needs `p`, in words — or null when they may.
 * ("需要「会员」权限：请店长在 店长后台 → 员工与权限 中授予")
 */
export function useMissing(p: Permission): string | null {
  const { t } = useTranslation();
  const session = useSession();
  if (session && employeeCan(session.employee, p)) return null;
  return t('access.needs', { perm: permissionName(t, p) });
}
