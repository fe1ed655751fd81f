// Runtime: DOM (pure: no React, no i18next instance of its own; tested in audit.test.ts). One audit row in
// words: the action by name (shared/audit.ts → auditLog.action.<code with dots as underscores>) and its
// details as a short sentence — who, what, amounts in ¥, which order, member or employee, the reason —
// built from the row's details and its before → after, never shown as JSON. Each detail field the
// sentence names is declared once below with how its value reads; fields it does not know (ids, retry keys,
// a newer version's additions) are left out of the sentence, not printed raw.
import { AUDIT_ACTIONS, isAuditAction, type AuditKind } from '../../shared/audit';
import { formatFen } from '../../shared/money';
import type { auditZhCN } from './audit-zh-CN';
import type { Translator } from './errors';

export type AuditField = keyof typeof auditZhCN.field;
type Format = 'money' | 'bps' | 'employee' | 'id' | 'text' | 'count' | 'permissions' | 'list' | 'bool' | 'value';

/** how each named field's value reads; a field with a translated set of values looks them up (VALUE_KEYS) */
const FORMAT: Record<AuditField, Format> = {
  amount: 'money',
  amountFen: 'money',
  total: 'money',
  discount: 'money',
  tendered: 'money',
  change: 'money',
  openingFloat: 'money',
  expectedCash: 'money',
  countedCash: 'money',
  difference: 'money',
  price: 'money',
  maxFen: 'money',
  memberTopupMaxFen: 'money',
  refundedFen: 'money',
  capFen: 'money',
  movedTodayFen: 'money',
  offlineAllowance: 'money',
  maxDiscountFen: 'money',
  dailyTransferCapFen: 'money',
  maxRefundFen: 'money',
  discountBps: 'bps',
  maxDiscountBps: 'bps',
  supervisorId: 'employee',
  parkedBy: 'employee',
  openedBy: 'employee',
  employeeId: 'employee',
  memberId: 'id',
  cardNo: 'text',
  name: 'text',
  username: 'text',
  phone: 'text',
  email: 'text',
  level: 'text',
  number: 'text',
  original: 'text',
  reason: 'value',
  note: 'text',
  seat: 'text',
  act: 'value',
  mode: 'value',
  method: 'value',
  status: 'value',
  result: 'value',
  itemCount: 'count',
  sessionsEnded: 'count',
  products: 'count',
  markups: 'count',
  reports: 'count',
  failed: 'count',
  permissions: 'permissions',
  added: 'permissions',
  removed: 'permissions',
  cidrs: 'list',
  disabled: 'bool',
  changed: 'bool',
  autoOpened: 'bool',
  newDevicesNeedApproval: 'bool',
  enabled: 'bool',
  channel: 'text',
  version: 'text',
  platform: 'text',
  limitReached: 'bool',
};

/** where a 'value' field's words are; a value with no words there is shown as stored */
const VALUE_KEYS: Partial<Record<AuditField, (v: string) => string>> = {
  reason: (v) => `changes.reason.${v}`,
  act: (v) => `changes.override.act.${v}`,
  method: (v) => `changes.method.${v}`,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/;

export interface AuditRowWords {
  action: string;
  target: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}
/** names this screen knows: an employee id → "王店长（owner）" */
export interface AuditNames {
  employee: (id: string) => string | undefined;
}

export const actionKey = (code: string) => `auditLog.action.${code.replace(/\./g, '_')}`;

/** The action in words; a code from a newer version, or a refused route, still reads as a sentence. */
export function auditActionName(tr: Translator, code: string): string {
  if (isAuditAction(code) && tr.exists(actionKey(code))) return tr.t(actionKey(code));
  const route = ROUTE.exec(code);
  if (route) return tr.t('auditLog.route', { method: route[1], path: route[2] });
  return tr.t('auditLog.unknown', { code });
}

export function auditKindOf(code: string): AuditKind | null {
  return isAuditAction(code) ? AUDIT_ACTIONS[code] : null;
}

const isField = (k: string): k is AuditField => Object.hasOwn(FORMAT, k);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function value(tr: Translator, names: AuditNames, field: AuditField, v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  switch (FORMAT[field]) {
    case 'money':
      return typeof v === 'number' ? formatFen(v, 'zh-CN') : null;
    case 'bps':
      return typeof v === 'number' ? `${v / 100}%` : null;
    case 'employee':
      return typeof v === 'string' ? (names.employee(v) ?? v.slice(0, 8)) : null;
    case 'id':
      return typeof v === 'string' ? v.slice(0, 8) : null;
    case 'count':
      return typeof v === 'number' ? String(v) : null;
    case 'bool':
      return typeof v === 'boolean' ? tr.t(v ? 'auditLog.yes' : 'auditLog.no') : null;
    case 'permissions':
    case 'list': {
      if (!Array.isArray(v)) return null;
      if (v.length === 0) return '—';
      const perm = (p: string) => `perm.${p.replace('.', '_')}`;
      return v
        .map(String)
        .map((p) => (FORMAT[field] === 'permissions' && tr.exists(perm(p)) ? tr.t(perm(p)) : p))
        .join('、');
    }
    case 'value': {
      if (typeof v !== 'string') return null;
      const key = VALUE_KEYS[field]?.(v) ?? `auditLog.value.${field}_${v}`;
      return tr.exists(key) ? tr.t(key) : v;
    }
    case 'text':
      return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  }
}

/** the named fields of one object, a nested object (limits, discounts) read one level down */
function fields(o: unknown): [AuditField, unknown][] {
  if (!isRecord(o)) return [];
  const out: [AuditField, unknown][] = [];
  for (const [k, v] of Object.entries(o)) {
    if (isField(k)) out.push([k, v]);
    else if (isRecord(v)) for (const [kk, vv] of Object.entries(v)) if (isField(kk)) out.push([kk, vv]);
  }
  return out;
}

/** The row's details as one short sentence in the current language ('' when it has nothing to say). */
export function auditSentence(tr: Translator, row: AuditRowWords, names: AuditNames): string {
  const parts: string[] = [];
  const pair = (field: AuditField, text: string) =>
    parts.push(tr.t('auditLog.pair', { field: tr.t(`auditLog.field.${field}`), value: text }));
  if (row.target) {
    const who = names.employee(row.target);
    const shown = who ?? (UUID.test(row.target) ? null : row.target);
    if (shown) parts.push(tr.t('auditLog.pair', { field: tr.t('auditLog.target'), value: shown }));
  }
  const seen = new Set<AuditField>();
  for (const [f, v] of fields(row.details)) {
    const text = value(tr, names, f, v);
    if (text !== null && !seen.has(f)) {
      seen.add(f);
      pair(f, text);
    }
  }
  const before = new Map(fields(row.before));
  for (const [f, v] of fields(row.after)) {
    const now = value(tr, names, f, v);
    if (now === null || seen.has(f)) continue;
    seen.add(f);
    const was = before.has(f) ? value(tr, names, f, before.get(f)) : null;
    if (was !== null && was !== now)
      parts.push(tr.t('auditLog.changed', { field: tr.t(`auditLog.field.${f}`), before: was, after: now }));
    else pair(f, now);
  }
  // a field only before (a card closed, a value removed) still says what it was
  for (const [f, v] of before) {
    const was = value(tr, names, f, v);
    if (was !== null && !seen.has(f)) {
      seen.add(f);
      pair(f, was);
    }
  }
  return parts.join(' · ');
}
