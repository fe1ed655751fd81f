// Permission matrix of the POS backend: every method of the contract under every role template, the
// master and an account with no permissions. The router must answer FORBIDDEN exactly when the method
// declares a permission the role lacks, and must never run the handler then.
import { describe, expect, it } from 'vitest';
import { API, METHOD_NAMES } from '../../shared/api/contract';
import { ROLE_TEMPLATES, type Permission } from '../../shared/permissions';
import type { Handlers } from './api';
import { createRouter } from './router';

const ROLES: Record<string, readonly Permission[] | 'master'> = { ...ROLE_TEMPLATES, master: 'master', none: [] };

function guardFor(perms: readonly Permission[] | 'master') {
  const employee = { id: '00000000-0000-4000-8000-000000000001', username: 'u', name: 'u', isMaster: perms === 'master', permissions: perms === 'master' ? [] : [...perms] };
  return {
    device: { mismatch: () => null, record: () => ({ status: 'active' }) },
    session: { get: () => ({ employee, token: 't', expiresAt: Number.MAX_SAFE_INTEGER, offline: false }) },
    log: () => {},
  } as never;
}

describe('POS backend permission matrix', () => {
  it('is not vacuous: selling, at least, is guarded', () => {
    const guarded = METHOD_NAMES.filter((m) => (API[m] as { permission?: Permission }).permission);
    expect(guarded).toContain('sale.checkout');
    expect(guarded.length).toBeGreaterThanOrEqual(7);
  });

  for (const [role, perms] of Object.entries(ROLES)) {
    it(`role ${role}: FORBIDDEN exactly where the permission is missing`, async () => {
      const ran: string[] = [];
      const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, () => { ran.push(m); throw new Error('handler reached'); }])) as unknown as Handlers;
      const call = createRouter(handlers, guardFor(perms));
      for (const m of METHOD_NAMES) {
        const spec = API[m] as { permission?: Permission };
        const needed = spec.permission;
        const granted = !needed || perms === 'master' || perms.includes(needed);
        ran.length = 0;
        const r = await call(m, {});
        const forbidden = !r.ok && r.error.code === 'FORBIDDEN';
        expect(forbidden, `${role} ${m} (${needed ?? 'no permission'})`).toBe(!granted);
        if (!granted) expect(ran).toEqual([]);
      }
    });
  }
});
