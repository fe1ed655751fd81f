// Runtime: DOM (pure: no React, no i18next instance of its own). The one mapping from a typed error — its
// code and its details — to words on screen, in whichever language `t` speaks:
//   details.reason        → reasons.<REASON>            (e.g. NOT_SET: no super password is set yet)
//   FORBIDDEN + permission → the permission by name       ("this account lacks 「会员」")
//   CONFLICT + cardNo / barcode / sku → which one is taken
//   LIMIT_EXCEEDED + capFen → the cap, what was moved today and what is left
//   VALIDATION + issues   → the field by name and the rule it broke (length, range, format)
//   any other code        → errors.<CODE>; anything else → errors.generic with its message
import type { IssueDetail } from '../../shared/errors';
import { formatFen } from '../../shared/money';

export interface Translator {
  t: (key: string, options?: Record<string, unknown>) => string;
  exists: (key: string) => boolean;
}

/** Fields that carry money in fen: their bounds are shown as ¥ amounts, never raw fen. */
const MONEY_FIELDS = new Set([
  'amount',
  'amountFen',
  'tendered',
  'price',
  'openingFloat',
  'countedCash',
  'refundCashFen',
  'maxDiscountFen',
  'dailyTransferCapFen',
  'faceValue',
]);

const yuan = (fen: number) => formatFen(fen, 'zh-CN');

/** "「手机号」" for a known field, the raw name otherwise (a field is always named). */
function fieldName(tr: Translator, path: string): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? '';
  const name = last && tr.exists(`fields.${last}`) ? tr.t(`fields.${last}`) : last;
  return name;
}

/** The rule an issue broke, in words: "at most 32 characters", "between ¥0.01 and …", "the format". */
export function issueText(tr: Translator, issue: IssueDetail): string {
  const { t } = tr;
  const last = issue.path.split('.').pop() ?? '';
  const bound = (n: number | undefined) =>
    n === undefined ? '' : issue.origin === 'number' && MONEY_FIELDS.has(last) ? yuan(n) : String(n);
  let rule: string;
  switch (issue.code) {
    case 'too_small':
      rule =
        issue.origin === 'string'
          ? issue.minimum === 1
            ? t('validation.empty')
            : t('validation.minChars', { min: issue.minimum })
          : issue.origin === 'array'
            ? t('validation.minItems', { min: issue.minimum })
            : t('validation.min', { min: bound(issue.minimum) });
      break;
    case 'too_big':
      rule =
        issue.origin === 'string'
          ? t('validation.maxChars', { max: issue.maximum })
          : issue.origin === 'array'
            ? t('validation.maxItems', { max: issue.maximum })
            : t('validation.max', { max: bound(issue.maximum) });
      break;
    case 'invalid_format':
      rule = tr.exists(`validation.formatOf.${last}`) ? t(`validation.formatOf.${last}`) : t('validation.format');
      break;
    case 'invalid_type':
      rule = t('validation.missing');
      break;
    case 'invalid_value':
      rule = t('validation.choice');
      break;
    case 'unrecognized_keys':
      rule = t('validation.unknownField');
      break;
    default:
      // a rule of the app's own (code_wrong: a verification code that does not match), a refinement's own
      // sentence ("must be positive"), or a handler's
      rule =
        issue.code && tr.exists(`validation.rules.${issue.code}`)
          ? t(`validation.rules.${issue.code}`)
          : tr.exists(`validation.formatOf.${last}`)
            ? t(`validation.formatOf.${last}`)
            : t('validation.rule', { message: issue.message });
  }
  const field = fieldName(tr, issue.path);
  return field ? t('validation.field', { field, rule }) : rule;
}

function moneyValues(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) out[k] = k.endsWith('Fen') && typeof v === 'number' ? yuan(v) : v;
  return out;
}

function isIssueList(d: unknown): d is IssueDetail[] {
  return (
    Array.isArray(d) &&
    d.length > 0 &&
    d.every((i) => i && typeof i === 'object' && typeof (i as IssueDetail).path === 'string')
  );
}

/** Any thrown or returned error as one sentence for the screen. */
export function describeError(tr: Translator, e: unknown): string {
  const { t, exists } = tr;
  const err = (e ?? {}) as { code?: unknown; details?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : undefined;
  const d = (err.details && typeof err.details === 'object' ? err.details : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : undefined);

  const reason = str('reason');
  // a reason's text may name its details: amounts in fen (…Fen) as money
  if (reason && exists(`reasons.${reason}`)) return t(`reasons.${reason}`, moneyValues(d));
  if (code === 'FORBIDDEN') {
    if (Array.isArray(d.fields)) return t('catalogAdmin.err.notOwn');
    const p = str('permission');
    if (p && exists(`perm.${p.replace('.', '_')}`))
      return t('errorDetail.forbiddenPerm', { perm: t(`perm.${p.replace('.', '_')}`) });
  }
  if (code === 'CONFLICT') {
    if (str('cardNo')) return t('errorDetail.cardTaken', { cardNo: str('cardNo') });
    if (str('barcode')) return t('catalogAdmin.err.barcodeTaken', { barcode: str('barcode'), name: str('name') ?? '' });
    if (str('sku')) return t('catalogAdmin.err.skuTaken', { sku: str('sku') });
  }
  const cap = num('capFen');
  if (code === 'LIMIT_EXCEEDED' && cap !== undefined) {
    const moved = num('movedTodayFen') ?? 0;
    return t('owner.money.overCap', {
      cap: yuan(cap),
      moved: yuan(moved),
      amount: yuan(num('amountFen') ?? 0),
      left: yuan(Math.max(0, cap - moved)),
    });
  }
  if (code === 'VALIDATION' && isIssueList(err.details)) {
    const [first, ...rest] = err.details;
    const text = issueText(tr, first!);
    return rest.length ? t('validation.andMore', { text, count: rest.length }) : text;
  }
  if (code && exists(`errors.${code}`)) return t(`errors.${code}`);
  const message = e instanceof Error ? e.message : typeof err.message === 'string' ? err.message : String(e);
  return t('errors.generic', { message });
}
