// Runtime: DOM. 设备: the outlet's tills; approve a pending one, revoke a lost or copied one (takes effect
// at once: the cloud refuses its signature and ends its sessions). Both need the super password.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/contract';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

type Device = MethodOutput<'owner.devices'>['devices'][number];

export function DevicesTab() {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [devices, setDevices] = useState<Device[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await pos.try('owner.devices', {});
    if (r.ok) setDevices(r.value.devices);
    else setError(errorText(r.error));
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = (d: Device, what: 'approve' | 'revoke') =>
    prompt.ask({
      title: t(`owner.dev.${what}Title`, { name: d.name }),
      body: what === 'revoke' ? <p className="notice">{t('owner.dev.revokeWarn')}</p> : undefined,
      required: true,
      run: (f) => pos.try(what === 'approve' ? 'owner.deviceApprove' : 'owner.deviceRevoke', { id: d.id, ...requiredFactors(f) }),
      done: () => {
        setNotice(t(`owner.dev.${what}d`, { name: d.name }));
        void load();
      },
    });

  return (
    <section className="owner-panel owner-panel--wide">
      <h2>{t('owner.dev.title')}</h2>
      {error && <div className="error" role="alert">{error}</div>}
      {notice && <div className="ok-text" data-testid="owner-notice">{notice}</div>}
      <table className="owner-table" data-testid="device-list">
        <thead><tr><th>{t('owner.dev.name')}</th><th>{t('owner.dev.platform')}</th><th>{t('owner.dev.status')}</th><th>{t('owner.dev.created')}</th><th /></tr></thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id} data-testid={`device-${d.id}`}>
              <td>{d.name}</td>
              <td className="small">{d.platform}</td>
              <td><span className={`status status--${d.status}`}>{t(`owner.dev.st_${d.status}`, { defaultValue: d.status })}</span></td>
              <td className="small">{fmtTime(d.createdAt)}</td>
              <td className="owner-actions">
                {d.status === 'pending' && <button type="button" className="primary" onClick={() => act(d, 'approve')}>{t('owner.dev.approve')}</button>}
                {d.status !== 'revoked' && <button type="button" className="danger" onClick={() => act(d, 'revoke')}>{t('owner.dev.revoke')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {prompt.dialog}
    </section>
  );
}
