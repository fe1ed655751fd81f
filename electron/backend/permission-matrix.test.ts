// Permission matrix of the POS backend: every method of the contract under every role template, the
// master and an account with no permissions. The router must answer FORBIDDEN exactly when the method
// declares a permission the role lacks, and must never run the handler then.
import { describe, expect, it } from 'vitest';
import { orgKindsOf } from '../../shared/api/agent-methods';
import { API, METHOD_NAMES } from '../../shared/api/contract';
import type { OrgKind } from '../../shared/sync/protocol';
import { ROLE_TEMPLATES, type Permission } from '../../shared/permissions';
import type { Handlers } from './api';
import { createRouter } from './router';

const ROLES: Record<string, readonly Permission[] | 'master'> = { ...ROLE_TEMPLATES, master: 'master', none: [] };

/** `kind`: the PC's organisation kind per method — by default one the method serves (agent.* on an agent PC) */
function guardFor(
  perms: readonly Permission[] | 'master',
  kind: (method: string) => OrgKind = (m) => orgKindsOf(m)[0]!,
) {
  const employee = {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'u',
    name: 'u',
    isMaster: perms === 'master',
    permissions: perms === 'master' ? [] : [...perms],
  };
  const current = { method: '' };
  const guard = {
    device: { mismatch: () => null, record: () => ({ status: 'active', orgKind: kind(current.method) }) },
    session: {
      get: () => ({ employee, token: 't', expiresAt: Number.MAX_SAFE_INTEGER, offline: false }),
      touch: () => {},
    },
    log: () => {},
  };
  return { guard: guard as never, current };
}

describe('POS backend permission matrix', () => {
  it('is not vacuous: selling, at least, is guarded', () => {
    const guarded = METHOD_NAMES.filter((m) => (API[m] as { permission?: Permission }).permission);
    expect(guarded).toContain('sale.checkout');
    expect(guarded.length).toBeGreaterThanOrEqual(7);
  });

  it('utility bills at the counter (utility.billers, virtual.submit with an account) need sale.sell, on outlet tills only', () => {
    for (const m of ['utility.billers', 'virtual.submit', 'topup.products'] as const) {
      expect((API[m] as { permission?: Permission }).permission, m).toBe('sale.sell');
      expect(orgKindsOf(m), m).toEqual(['outlet']);
    }
    const sellers = Object.entries(ROLE_TEMPLATES)
      .filter(([, p]) => (p as readonly Permission[]).includes('sale.sell'))
      .map(([r]) => r);
    expect(sellers).toContain('cashier');
    expect(sellers).not.toContain('finance');
  });

  it('shifts and the drawer (shift.*) need shift.manage: cashier, café cashier, manager and master yes, finance and merchandising no', () => {
    const shiftMethods = METHOD_NAMES.filter((m) => m.startsWith('shift.'));
    expect(shiftMethods).toEqual(
      expect.arrayContaining([
        'shift.current',
        'shift.open',
        'shift.payInOut',
        'shift.close',
        'shift.history',
        'shift.print',
      ]),
    );
    // whose the open shift is, every seller asks (the handover question at login); the rest is shift.manage
    for (const m of shiftMethods)
      expect((API[m] as { permission?: Permission }).permission, m).toBe(
        m === 'shift.status' ? 'sale.sell' : 'shift.manage',
      );
    const holders = Object.entries(ROLE_TEMPLATES)
      .filter(([, p]) => (p as readonly Permission[]).includes('shift.manage'))
      .map(([r]) => r);
    expect(holders.sort()).toEqual(['cafeCashier', 'cashier', 'manager']);
  });

  it('交班记录 (owner.shifts) needs report.view, on outlet tills only: finance, manager and master yes, cashier no', () => {
    expect(API['owner.shifts'] as { permission?: Permission; sensitive?: boolean }).toMatchObject({
      permission: 'report.view',
    });
    expect((API['owner.shifts'] as { sensitive?: boolean }).sensitive).toBeUndefined();
    expect(orgKindsOf('owner.shifts')).toEqual(['outlet']);
    const holders = Object.entries(ROLE_TEMPLATES)
      .filter(([, p]) => (p as readonly Permission[]).includes('report.view'))
      .map(([r]) => r);
    expect(holders).not.toContain('cashier');
    expect(holders).toEqual(expect.arrayContaining(['finance', 'manager']));
  });

  it('member administration (memberAdmin.*): write-off needs member.balance, the rest member.manage; memberAdmin, manager and the café cashier hold member.manage, the shop cashier does not', () => {
    const perm = (m: string) => API[m as keyof typeof API] as { permission?: Permission; sensitive?: boolean };
    expect(METHOD_NAMES.filter((m) => m.startsWith('memberAdmin.')).sort()).toEqual([
      'memberAdmin.close',
      'memberAdmin.overdrafts',
      'memberAdmin.search',
      'memberAdmin.writeOff',
    ]);
    expect(perm('memberAdmin.writeOff')).toMatchObject({ permission: 'member.balance', sensitive: true });
    expect(perm('memberAdmin.close')).toMatchObject({ permission: 'member.manage', sensitive: true });
    expect(perm('memberAdmin.overdrafts').permission).toBe('member.manage');
    expect(perm('memberAdmin.search').permission).toBe('member.manage');
    const holders = (p: Permission) =>
      Object.entries(ROLE_TEMPLATES)
        .filter(([, ps]) => (ps as readonly Permission[]).includes(p))
        .map(([r]) => r)
        .sort();
    expect(holders('member.balance')).toEqual(['memberAdmin']);
    expect(holders('member.manage')).toEqual(['cafeCashier', 'manager', 'memberAdmin']);
  });

  it('members at the counter (member.*: find, 办卡, top-up, 记录, 退款) need member.manage, no super password; the café cashier, memberAdmin and manager yes, the shop cashier no', () => {
    const perm = (m: string) => API[m as keyof typeof API] as { permission?: Permission; sensitive?: boolean };
    expect(METHOD_NAMES.filter((m) => m.startsWith('member.')).sort()).toEqual([
      'member.create',
      'member.find',
      'member.get',
      'member.history',
      'member.refund',
      'member.topup',
      'member.topupByCode',
    ]);
    for (const m of ['member.create', 'member.history', 'member.refund', 'member.topup', 'member.topupByCode']) {
      expect(perm(m).permission, m).toBe('member.manage');
      expect(perm(m).sensitive, m).toBeUndefined();
    }
    const holders = Object.entries(ROLE_TEMPLATES)
      .filter(([, ps]) => (ps as readonly Permission[]).includes('member.manage'))
      .map(([r]) => r)
      .sort();
    expect(holders).toEqual(['cafeCashier', 'manager', 'memberAdmin']);
  });

  it('the Goods tab (catalogAdmin.*) needs product.edit, writes also the super password; merchandising and the master hold it, cashier does not; outlet tills only', () => {
    const perm = (m: string) => API[m as keyof typeof API] as { permission?: Permission; sensitive?: boolean };
    const catalogAdmin = METHOD_NAMES.filter((m) => m.startsWith('catalogAdmin.')).sort();
    expect(catalogAdmin).toEqual([
      'catalogAdmin.addProduct',
      'catalogAdmin.categories',
      'catalogAdmin.createCategory',
      'catalogAdmin.product',
      'catalogAdmin.search',
      'catalogAdmin.setPrice',
      'catalogAdmin.update',
      'catalogAdmin.updateCategory',
    ]);
    for (const m of catalogAdmin) {
      expect(perm(m).permission, m).toBe('product.edit');
      expect(orgKindsOf(m), m).toEqual(['outlet']);
    }
    for (const m of [
      'catalogAdmin.addProduct',
      'catalogAdmin.createCategory',
      'catalogAdmin.setPrice',
      'catalogAdmin.update',
      'catalogAdmin.updateCategory',
    ])
      expect(perm(m).sensitive, m).toBe(true);
    for (const m of ['catalogAdmin.categories', 'catalogAdmin.product', 'catalogAdmin.search'])
      expect(perm(m).sensitive, m).toBeUndefined();
    const holders = Object.entries(ROLE_TEMPLATES)
      .filter(([, ps]) => (ps as readonly Permission[]).includes('product.edit'))
      .map(([r]) => r);
    expect(holders).toEqual(['merchandising']);
  });

  for (const [role, perms] of Object.entries(ROLES)) {
    it(`role ${role}: FORBIDDEN exactly where the permission is missing`, async () => {
      const ran: string[] = [];
      const handlers = Object.fromEntries(
        METHOD_NAMES.map((m) => [
          m,
          () => {
            ran.push(m);
            throw new Error('handler reached');
          },
        ]),
      ) as unknown as Handlers;
      const { guard, current } = guardFor(perms);
      const call = createRouter(handlers, guard);
      for (const m of METHOD_NAMES) {
        const spec = API[m] as { permission?: Permission };
        const needed = spec.permission;
        const granted = !needed || perms === 'master' || perms.includes(needed);
        ran.length = 0;
        current.method = m;
        const r = await call(m, {});
        const forbidden = !r.ok && r.error.code === 'FORBIDDEN';
        expect(forbidden, `${role} ${m} (${needed ?? 'no permission'})`).toBe(!granted);
        if (!granted) expect(ran).toEqual([]);
      }
    });
  }

  // The organisation kind the PC is registered to (sales 0005): an agent's PC reaches its account, the owner's
  // employee/device/security/audit tabs and agent.*; a till reaches everything but agent.*. Even the master is
  // refused the other kind's methods, before any handler runs, with the reason the screen shows.
  for (const kind of ['outlet', 'agent'] as const) {
    it(`an ${kind} PC: FORBIDDEN (reason ${kind === 'agent' ? 'AGENT_PC' : 'OUTLET_PC'}) exactly for the other kind's methods`, async () => {
      const ran: string[] = [];
      const handlers = Object.fromEntries(
        METHOD_NAMES.map((m) => [
          m,
          () => {
            ran.push(m);
            throw new Error('handler reached');
          },
        ]),
      ) as unknown as Handlers;
      const call = createRouter(handlers, guardFor('master', () => kind).guard);
      const refused: string[] = [];
      for (const m of METHOD_NAMES) {
        ran.length = 0;
        const r = await call(m, {});
        if (!r.ok && r.error.code === 'FORBIDDEN') {
          expect((r.error.details as { reason?: string }).reason).toBe(kind === 'agent' ? 'AGENT_PC' : 'OUTLET_PC');
          expect(ran).toEqual([]);
          refused.push(m);
        }
      }
      expect(refused.sort()).toEqual(METHOD_NAMES.filter((m) => !orgKindsOf(m).includes(kind)).sort());
      if (kind === 'agent') {
        expect(refused).toEqual(
          expect.arrayContaining([
            'sale.checkout',
            'cart.add',
            'catalog.sync',
            'virtual.submit',
            'member.topup',
            'sync.now',
            'owner.transfer',
            'owner.depositStart',
          ]),
        );
        expect(refused).not.toContain('owner.employees');
      } else
        expect(refused).toEqual(
          expect.arrayContaining(['agent.outlets', 'agent.setMarkupRule', 'agent.setOutletSource']),
        );
    });
  }
});
