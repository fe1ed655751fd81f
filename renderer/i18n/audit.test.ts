// Runtime: Node (Vitest), with the real zh-CN and English texts. Every audited action has a name in both
// languages (like the i18n key test: a new code without one fails here); details read as a sentence with ¥
// amounts, names and reasons, never JSON; a code from a newer version and a refused route still read.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_CODES, AUDIT_KINDS, actionsOfKind } from '../../shared/audit';
import { auditActionName, auditKindOf, auditSentence, actionKey, type AuditNames } from './audit';
import { en } from './en';
import type { Translator } from './errors';
import { zhCN } from './zh-CN';

const inst = i18next.createInstance();
beforeAll(async () => {
  await inst.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
});
const tr = (lng: 'zh-CN' | 'en'): Translator => ({
  t: (k, o) => inst.getFixedT(lng)(k, o ?? {}),
  exists: (k) => inst.exists(k, { lng }),
});
const OWNER_ID = '0190a8e2-0000-7000-8000-000000000001';
const CASHIER_ID = '0190a8e2-0000-7000-8000-000000000002';
const names: AuditNames = {
  employee: (id) => ({ [OWNER_ID]: '王店长（owner）', [CASHIER_ID]: '小李（cashier）' })[id],
};

describe('audit actions in words', () => {
  it('every action has a name in zh-CN and in English, and belongs to a kind with a name', () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      for (const code of AUDIT_ACTION_CODES) {
        expect(tr(lng).exists(actionKey(code)), `${lng} ${code}`).toBe(true);
        const name = auditActionName(tr(lng), code);
        expect(name, code).not.toContain(code);
        expect(name.trim(), code).not.toBe('');
      }
      for (const kind of AUDIT_KINDS) expect(tr(lng).exists(`auditLog.kind.${kind}`), `${lng} ${kind}`).toBe(true);
    }
    // no two actions share a name: the owner must tell them apart
    for (const lng of ['zh-CN', 'en'] as const) {
      const all = AUDIT_ACTION_CODES.map((c) => auditActionName(tr(lng), c));
      expect(new Set(all).size, lng).toBe(all.length);
    }
    // every action is in exactly one kind's filter
    expect(AUDIT_KINDS.flatMap((k) => actionsOfKind(k)).sort()).toEqual([...AUDIT_ACTION_CODES].sort());
  });

  it('a code from a newer version and a refused route without an action still read as words', () => {
    expect(auditActionName(tr('zh-CN'), 'stock.take')).toBe('其他操作（stock.take）');
    expect(auditActionName(tr('en'), 'stock.take')).toBe('Other action (stock.take)');
    expect(auditActionName(tr('zh-CN'), 'GET /v1/audit')).toBe('请求 GET /v1/audit');
    expect(auditKindOf('stock.take')).toBeNull();
    expect(auditKindOf('shift.close')).toBe('shift');
  });

  it('every action with typical details reads as a sentence, never as JSON', () => {
    const details = {
      clientId: '0190a8e2-0000-7000-8000-0000000000ff',
      amount: 12_345,
      reason: 'defective',
      memberId: '0190a8e2-0000-7000-8000-0000000000aa',
      supervisorId: OWNER_ID,
      nested: { deep: { x: 1 } },
    };
    for (const lng of ['zh-CN', 'en'] as const)
      for (const code of AUDIT_ACTION_CODES) {
        const s = auditSentence(tr(lng), { action: code, target: CASHIER_ID, details }, names);
        expect(s, code).toContain('¥123.45');
        expect(s, code).toContain('王店长（owner）');
        expect(s, code).not.toMatch(/[{}"]/);
        expect(s, code).not.toContain('clientId');
      }
  });

  it('a closed shift, a return, a top-up, an override, a permission change and a limit change in both languages', () => {
    const zh = tr('zh-CN');
    const e = tr('en');
    const shift = {
      action: 'shift.close',
      target: '0190a8e2-0000-7000-8000-0000000000bb',
      details: { openingFloat: 20_000, expectedCash: 35_000, countedCash: 34_950, difference: -50, autoOpened: false },
    };
    expect(auditSentence(zh, shift, names)).toBe(
      '备用金：¥200.00 · 应有现金：¥350.00 · 清点现金：¥349.50 · 差额：-¥0.50 · 收款时自动开班：否',
    );
    expect(auditSentence(e, shift, names)).toBe(
      'Float: ¥200.00 · Expected cash: ¥350.00 · Counted cash: ¥349.50 · Difference: -¥0.50 · Opened by a sale: no',
    );
    const ret = {
      action: 'sale.return',
      target: null,
      details: { number: 'T0001-0003', original: 'S0001-0012', reason: 'defective', total: 350 },
    };
    expect(auditSentence(zh, ret, names)).toBe('单号：T0001-0003 · 原单号：S0001-0012 · 原因：质量问题 · 合计：¥3.50');
    expect(auditSentence(e, ret, names)).toContain('Reason: Defective');
    const override = {
      action: 'override.grant',
      target: null,
      details: { act: 'discount', supervisorId: OWNER_ID, supervisor: 'owner', mode: 'offline' },
    };
    expect(auditSentence(zh, override, names)).toMatch(/^授权事项：.+ · 授权主管：王店长（owner） · 方式：离线$/);
    const perms = {
      action: 'employee.permissions',
      target: CASHIER_ID,
      before: { permissions: ['sale.sell'] },
      after: { permissions: ['sale.sell', 'member.manage'] },
      details: { added: ['member.manage'], removed: [] },
    };
    expect(auditSentence(zh, perms, names)).toBe(
      '对象：小李（cashier） · 新增权限：会员 · 取消权限：— · 权限：收银 → 收银、会员',
    );
    const limits = {
      action: 'employee.limits',
      target: CASHIER_ID,
      before: { maxDiscountFen: 1_000, dailyTransferCapFen: 0 },
      after: { maxDiscountFen: 2_000, dailyTransferCapFen: 0 },
    };
    expect(auditSentence(e, limits, names)).toBe(
      'Target: 小李（cashier） · Maximum discount: ¥10.00 → ¥20.00 · Daily money cap: ¥0.00',
    );
    const device = { action: 'device.revoke', target: 'x', before: { status: 'active' }, after: { status: 'revoked' } };
    expect(auditSentence(zh, device, names)).toBe('对象：x · 状态：正常 → 已停用');
    // a field the sentence does not know is left out, not printed raw
    expect(auditSentence(zh, { action: 'stock.take', target: null, details: { shelf: 'A', amount: 100 } }, names)).toBe(
      '金额：¥1.00',
    );
  });
});
