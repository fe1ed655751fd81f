// Runtime: DOM. 门店: the agent's outlets; the one picked shows its goods sources (what the outlet sells,
// at which cost, and the chosen toggle) and its category tree. Every write asks the super password through
// the shared dialog; the cloud checks the outlet is this agent's and publishes the change to the outlet's feed.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentOutlet } from '../../../shared/api/agent-methods';
import type { Result } from '../../../shared/errors';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { CategoryTree } from './CategoryTree';
import { OutletSources } from './OutletSources';

export function OutletsTab() {
  const { t } = useTranslation();
  const pos = usePos();
  const [outlets, setOutlets] = useState<AgentOutlet[] | null>(null);
  const [picked, setPicked] = useState<AgentOutlet | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A new network address (the cloud's NEW_IP) is settled once for the whole screen by AddressGate.
  const take = useCallback((r: Result<{ outlets: AgentOutlet[] }>) => {
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setOutlets(r.value.outlets);
    // one outlet: nothing to choose
    if (r.value.outlets.length === 1) setPicked(r.value.outlets[0]!);
  }, []);
  const load = useCallback(async () => take(await pos.try('agent.outlets', {})), [pos, take]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="owner-split">
      <section className="owner-panel">
        <h2>{t('agent.outlets.title')}</h2>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {outlets?.length === 0 && <p className="muted">{t('agent.outlets.none')}</p>}
        <ul className="owner-list" data-testid="agent-outlets">
          {outlets?.map((o) => (
            <li key={o.id}>
              <button
                type="button"
                className={picked?.id === o.id ? 'agent-pick on' : 'agent-pick'}
                aria-pressed={picked?.id === o.id}
                data-testid={`agent-outlet-${o.id}`}
                onClick={() => setPicked(o)}
              >
                <strong>{o.name}</strong>
                <span className="muted small">{t('agent.outlets.timezone', { tz: o.timezone })}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div className="agent-outlet">
        {!picked && outlets && outlets.length > 0 && <p className="muted">{t('agent.outlets.choose')}</p>}
        {picked && (
          <>
            <OutletSources key={`s-${picked.id}`} outlet={picked} />
            <CategoryTree key={`c-${picked.id}`} outlet={picked} />
          </>
        )}
      </div>
    </div>
  );
}
