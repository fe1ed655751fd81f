// Runtime: DOM. 加价: every goods source with its supply price, the agent's current markup, the outlets' cost
// and the rule in force (the source's own, else its kind's). A rule is set for one source (its row's editor)
// or for a whole kind (the panel on top): a fixed amount in ¥ or a percentage of the supply price, typed
// with at most two decimals and sent as fen / basis points. Both ask the super password; the cloud rewrites
// the markups and republishes every outlet's affected products, and the list is read again.
// Long on purpose: the kind-wide rule panel and the per-source row editor share the list and its reload after the
// super password; both are forms over one table, split they would pass the same five props back and forth.
import { useCallback, useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentSource } from '../../../shared/api/agent-methods';
import type { Result } from '../../../shared/errors';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { requiredFactors, useFactorsPrompt } from '../owner/useFactorsPrompt';
import { kindLabel, kindsOf, markupInput, parseMarkup, ruleText, sourceLabel, type MarkupBasis } from './labels';

export function MarkupsTab() {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [sources, setSources] = useState<AgentSource[] | null>(null);
  const [filter, setFilter] = useState('topup');
  const [editing, setEditing] = useState<string | null>(null);
  const [basis, setBasis] = useState<MarkupBasis>('fixed');
  const [text, setText] = useState('');
  const [kind, setKind] = useState('topup');
  const [kindBasis, setKindBasis] = useState<MarkupBasis>('fixed');
  const [kindText, setKindText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // A new network address (the cloud's NEW_IP) is settled once for the whole screen by AddressGate.
  const take = useCallback((r: Result<{ sources: AgentSource[] }>) => {
    if (r.ok) {
      setSources(r.value.sources);
      setError(null);
    } else setError(errorText(r.error));
  }, []);
  const load = useCallback(async () => take(await pos.try('agent.sources', {})), [pos, take]);
  useEffect(() => {
    void load();
  }, [load]);

  const ask = (title: string, rule: { scope: 'source' | 'kind'; target: string; basis: MarkupBasis; value: number }) =>
    prompt.ask({
      title,
      body: <p>{t('agent.markup.preview', { rule: ruleText(t, rule) })}</p>,
      required: true,
      run: (f) => pos.try('agent.setMarkupRule', { ...rule, ...requiredFactors(f) }),
      done: (v) => {
        const { sources: n, products } = v as { sources: number; products: number };
        setNotice(t('agent.markup.applied', { sources: n, products }));
        setEditing(null);
        void load();
      },
    });

  const read = (b: MarkupBasis, s: string): number | null => {
    const value = parseMarkup(b, s);
    setFormError(value === null ? t(b === 'fixed' ? 'agent.markup.badFixed' : 'agent.markup.badPct') : null);
    return value;
  };

  const edit = (s: AgentSource) => {
    const start = markupInput(s);
    setNotice(null);
    setFormError(null);
    setEditing(s.id);
    setBasis(start.basis);
    setText(start.text);
  };
  const submitSource = (e: FormEvent, s: AgentSource) => {
    e.preventDefault();
    const value = read(basis, text);
    if (value === null) return;
    ask(t('agent.markup.sourceTitle', { name: sourceLabel(t, s) }), { scope: 'source', target: s.id, basis, value });
  };
  const submitKind = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const value = read(kindBasis, kindText);
    if (value === null) return;
    ask(t('agent.markup.kindTitle', { kind: kindLabel(t, kind) }), {
      scope: 'kind',
      target: kind,
      basis: kindBasis,
      value,
    });
  };
  const onEditorKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setEditing(null);
    }
  };

  const basisSelect = (value: MarkupBasis, set: (b: MarkupBasis) => void, testid: string) => (
    <select
      aria-label={t('agent.markup.basis')}
      data-testid={testid}
      value={value}
      onChange={(e) => set(e.target.value as MarkupBasis)}
    >
      <option value="fixed">{t('agent.markup.basis_fixed')}</option>
      <option value="bps">{t('agent.markup.basis_bps')}</option>
    </select>
  );

  const kinds = kindsOf(sources ?? []);
  const shown = (sources ?? []).filter((s) => filter === 'all' || s.kind === filter);
  return (
    <div className="owner-form">
      <section className="owner-panel owner-panel--wide" data-testid="agent-markup-kind">
        <h2>{t('agent.markup.title')}</h2>
        <p className="muted small">{t('agent.markup.hint')}</p>
        <form className="owner-filters" onSubmit={submitKind}>
          <label>
            {t('agent.markup.forKind')}
            <select data-testid="agent-markup-kind-select" value={kind} onChange={(e) => setKind(e.target.value)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(t, k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('agent.markup.basis')}
            {basisSelect(kindBasis, setKindBasis, 'agent-markup-kind-basis')}
          </label>
          <label>
            {t('agent.markup.value')}
            <input
              inputMode="decimal"
              data-testid="agent-markup-kind-value"
              value={kindText}
              onChange={(e) => setKindText(e.target.value)}
            />
          </label>
          <button type="submit" className="primary" data-testid="agent-markup-kind-apply">
            {t('agent.markup.set')}
          </button>
        </form>
        {formError && editing === null && (
          <div className="error" role="alert">
            {formError}
          </div>
        )}
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {notice && (
          <div className="ok-text" role="status" data-testid="agent-markup-notice">
            {notice}
          </div>
        )}
      </section>
      <section className="owner-panel owner-panel--wide" data-testid="agent-markups">
        <div className="owner-panel__head">
          <h2>{t('agent.src.name')}</h2>
          <select
            aria-label={t('agent.src.kind')}
            data-testid="agent-markups-filter"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          >
            {['all', ...kinds].map((k) => (
              <option key={k} value={k}>
                {kindLabel(t, k)}
              </option>
            ))}
          </select>
        </div>
        <div className="owner-scroll">
          <table className="owner-table">
            <thead>
              <tr>
                <th>{t('agent.src.name')}</th>
                <th>{t('agent.src.kind')}</th>
                <th>{t('agent.src.supply')}</th>
                <th>{t('agent.src.markup')}</th>
                <th>{t('agent.src.cost')}</th>
                <th>{t('agent.markup.rule')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} data-testid={`agent-markup-${s.id}`}>
                  <td>
                    {sourceLabel(t, s)}
                    {s.kind === 'topup' && <div className="muted small">{s.name}</div>}
                  </td>
                  <td className="small">{kindLabel(t, s.kind)}</td>
                  <td className="num">{money(s.supplyPrice)}</td>
                  <td className="num" data-testid={`agent-markup-value-${s.id}`}>
                    {money(s.markup)}
                  </td>
                  <td className="num" data-testid={`agent-markup-cost-${s.id}`}>
                    {money(s.cost)}
                  </td>
                  <td className="small" data-testid={`agent-markup-rule-${s.id}`}>
                    {ruleText(t, s.rule)}
                  </td>
                  <td>
                    {editing === s.id ? (
                      <form className="owner-row" onSubmit={(e) => submitSource(e, s)} onKeyDown={onEditorKey}>
                        {basisSelect(basis, setBasis, 'agent-markup-basis')}
                        <input
                          autoFocus
                          inputMode="decimal"
                          aria-label={t('agent.markup.value')}
                          data-testid="agent-markup-input"
                          value={text}
                          onChange={(e) => setText(e.target.value)}
                        />
                        <button type="submit" className="primary" data-testid="agent-markup-apply">
                          {t('agent.markup.set')}
                        </button>
                        {formError && (
                          <div className="error" role="alert">
                            {formError}
                          </div>
                        )}
                      </form>
                    ) : (
                      <button type="button" data-testid={`agent-markup-edit-${s.id}`} onClick={() => edit(s)}>
                        {t('agent.markup.set')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {prompt.dialog}
    </div>
  );
}
