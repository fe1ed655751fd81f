// Runtime: DOM. One outlet's goods sources as the agent chooses them: kind, carrier, face value, supply price,
// the agent's markup, the outlet's cost and retail price, and the chosen toggle. Choosing a top-up of a
// carrier and face value the outlet already sells from another source switches its supplier: the cloud
// repoints the outlet's product (barcode, price, category stay) and names the source it replaced.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentOutlet, OutletSource } from '../../../shared/api/agent-methods';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { requiredFactors, useFactorsPrompt } from '../owner/useFactorsPrompt';
import { kindLabel, kindsOf, sourceLabel } from './labels';

export function OutletSources({ outlet }: { outlet: AgentOutlet }) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [sources, setSources] = useState<OutletSource[] | null>(null);
  const [kind, setKind] = useState('topup');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await pos.try('agent.outletSources', { outletId: outlet.id });
    if (r.ok) {
      setSources(r.value.sources);
      setError(null);
    } else setError(errorText(r.error));
  }, [pos, outlet.id]);
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = (s: OutletSource) => {
    const enabled = !s.chosen;
    const name = sourceLabel(t, s);
    setNotice(null);
    prompt.ask({
      title: t(enabled ? 'agent.src.onTitle' : 'agent.src.offTitle', { outlet: outlet.name, name }),
      body: <p>{t(enabled ? 'agent.src.onBody' : 'agent.src.offBody')}</p>,
      required: true,
      run: (f) =>
        pos.try('agent.setOutletSource', { outletId: outlet.id, sourceId: s.id, enabled, ...requiredFactors(f) }),
      done: (v) => {
        const { replacedSourceId } = v as { replacedSourceId: string | null };
        const replaced = replacedSourceId ? sources?.find((x) => x.id === replacedSourceId) : undefined;
        setNotice(
          [
            t(enabled ? 'agent.src.enabled' : 'agent.src.disabled', { name }),
            replacedSourceId
              ? t('agent.src.replaced', { name: replaced ? sourceLabel(t, replaced) : replacedSourceId })
              : null,
          ]
            .filter(Boolean)
            .join(' '),
        );
        // a switch of supplier changes two rows: read them again as the cloud has them
        void load();
      },
    });
  };

  const shown = (sources ?? []).filter((s) => kind === 'all' || s.kind === kind);
  return (
    <section className="owner-panel" data-testid="agent-sources">
      <div className="owner-panel__head">
        <h2>{t('agent.src.title', { outlet: outlet.name })}</h2>
        <select
          aria-label={t('agent.src.kind')}
          data-testid="agent-sources-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
        >
          {['all', ...kindsOf(sources ?? [])].map((k) => (
            <option key={k} value={k}>
              {kindLabel(t, k)}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">{t('agent.src.hint')}</p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid="agent-sources-notice">
          {notice}
        </div>
      )}
      <div className="owner-scroll">
        <table className="owner-table">
          <thead>
            <tr>
              <th>{t('agent.src.chosen')}</th>
              <th>{t('agent.src.name')}</th>
              <th>{t('agent.src.kind')}</th>
              <th>{t('agent.src.face')}</th>
              <th>{t('agent.src.supply')}</th>
              <th>{t('agent.src.markup')}</th>
              <th>{t('agent.src.cost')}</th>
              <th>{t('agent.src.retail')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.id} className={s.chosen ? 'on' : ''} data-testid={`agent-source-${s.id}`}>
                <td>
                  <input
                    type="checkbox"
                    role="switch"
                    aria-checked={s.chosen}
                    aria-label={`${t('agent.src.chosen')} ${sourceLabel(t, s)}`}
                    data-testid={`agent-source-toggle-${s.id}`}
                    checked={s.chosen}
                    disabled={!s.active && !s.chosen}
                    onChange={(e) => {
                      e.preventDefault();
                      toggle(s);
                    }}
                  />
                </td>
                <td>
                  {sourceLabel(t, s)}
                  {s.kind === 'topup' && <div className="muted small">{s.name}</div>}
                  {!s.active && <span className="status status--revoked">{t('agent.src.offShelf')}</span>}
                </td>
                <td className="small">{kindLabel(t, s.kind)}</td>
                <td className="num">{s.faceValue === null ? '—' : money(s.faceValue)}</td>
                <td className="num">{money(s.supplyPrice)}</td>
                <td className="num">{money(s.markup)}</td>
                <td className="num" data-testid={`agent-source-cost-${s.id}`}>
                  {money(s.cost)}
                </td>
                <td className="num">{s.retailPrice === null ? '—' : money(s.retailPrice)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {sources && shown.length === 0 && <p className="muted">{t('agent.src.none')}</p>}
      </div>
      {prompt.dialog}
    </section>
  );
}
