// Runtime: DOM (pure). How the agent screens name a goods source and a markup rule. Money is fen and shown
// with the shared ¥ helper; a percentage rule travels as basis points (1 % = 100 bps), shown with two decimals
// by the same integer arithmetic as fen (150 bps → "1.50"), and typed back with parseYuan for the same reason.
import type { TFunction } from 'i18next';
import { SOURCE_KINDS, type AgentSource } from '../../../shared/api/agent-methods';
import { parseYuan } from '../../../shared/money';
import { money, plainYuan } from '../../format';

export type MarkupBasis = 'fixed' | 'bps';

/** the kinds present in a list of sources, the known ones first in their usual order */
export function kindsOf(sources: readonly Pick<AgentSource, 'kind'>[]): string[] {
  const present = new Set(sources.map((s) => s.kind));
  const known: readonly string[] = SOURCE_KINDS;
  return [...known.filter((k) => present.has(k)), ...[...present].filter((k) => !known.includes(k)).sort()];
}

export const kindLabel = (t: TFunction, kind: string): string => t(`agent.kinds.${kind}`, { defaultValue: kind });

/** "中国移动 ¥100.00" for a top-up, the source's own name otherwise */
export function sourceLabel(t: TFunction, s: Pick<AgentSource, 'name' | 'kind' | 'carrier' | 'faceValue'>): string {
  if (s.kind === 'topup' && s.carrier && s.faceValue !== null)
    return `${t(`topup.carriers.${s.carrier}`, { defaultValue: s.carrier })} ${money(s.faceValue)}`;
  return s.name;
}

export function ruleText(
  t: TFunction,
  r: { scope: 'source' | 'kind'; basis: MarkupBasis; value: number } | null,
): string {
  if (!r) return t('agent.markup.none');
  const scope = t(`agent.markup.scope_${r.scope}`);
  return r.basis === 'fixed'
    ? t('agent.markup.fixed', { scope, amount: money(r.value) })
    : t('agent.markup.bps', { scope, pct: plainYuan(r.value) });
}

/** what the person typed as the rule's value on the wire: fen for a fixed markup, basis points for a percentage */
export function parseMarkup(basis: MarkupBasis, text: string): number | null {
  const v = parseYuan(text);
  if (v === null) return null;
  return basis === 'fixed' ? (v <= 1_000_000 ? v : null) : v <= 10_000 ? v : null;
}

/** the editor's starting text for a source's current rule (or its current markup as a fixed amount) */
export function markupInput(s: Pick<AgentSource, 'markup' | 'rule'>): { basis: MarkupBasis; text: string } {
  if (s.rule) return { basis: s.rule.basis, text: plainYuan(s.rule.value) };
  return { basis: 'fixed', text: plainYuan(s.markup) };
}
