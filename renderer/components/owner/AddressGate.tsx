// Runtime: DOM. The back office opens only once the cloud knows this network address for the employee.
// An employee with a super password who uses the account from an address the cloud has not seen (a new shop
// network, a changed public IP) must give the super password once from there (cloud NEW_IP, security issue);
// until then every back-office read is refused. So the screen asks first, once, instead of every tab failing.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../../state/pos';
import { useFactorsPrompt } from './useFactorsPrompt';

type State = { kind: 'checking' } | { kind: 'ok' } | { kind: 'new-ip'; ip: string | null };

export function AddressGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const pos = usePos();
  const { ask, dialog } = useFactorsPrompt();
  const [state, setState] = useState<State>({ kind: 'checking' });

  const check = useCallback(async () => {
    const r = await pos.try('owner.me', {});
    if (r.ok) return setState({ kind: 'ok' });
    const d = r.error.details as { reason?: unknown; ip?: unknown } | undefined;
    if (r.error.code === 'SUPER_PASSWORD_REQUIRED' && d?.reason === 'NEW_IP')
      setState({ kind: 'new-ip', ip: typeof d.ip === 'string' ? d.ip : null });
    // Anything else (offline, …) is for the tabs to explain: they show their own errors.
    else setState({ kind: 'ok' });
  }, [pos]);

  useEffect(() => {
    void check();
  }, [check]);

  const confirm = () =>
    ask({
      title: t('owner.gate.title'),
      body: <p>{t('owner.gate.body')}</p>,
      required: true,
      run: (f) => pos.try('owner.me', { superPassword: f.superPassword ?? '' }),
      done: () => setState({ kind: 'ok' }),
    });

  if (state.kind === 'ok') return <>{children}</>;
  if (state.kind === 'checking') return <p className="muted">{t('app.loading')}</p>;
  return (
    <div className="card" data-testid="address-gate">
      <h2>{t('owner.gate.title')}</h2>
      <p>{state.ip ? t('owner.gate.explainIp', { ip: state.ip }) : t('owner.gate.explain')}</p>
      <div className="owner-actions">
        <button type="button" className="primary" data-testid="address-gate-confirm" onClick={confirm}>
          {t('owner.gate.button')}
        </button>
      </div>
      {dialog}
    </div>
  );
}
