// Runtime: DOM. 设备: the outlet's tills; approve a pending one, revoke a lost or copied one (takes effect
// at once: the cloud refuses its signature and ends its sessions). Both need the super password.
// Below: this till's records the cloud refused (ParkedRecords).
// With 'security.manage', the outlet setting 新设备需批准: while on, a newly registered till stays pending
// until approved here; switching it asks for the super password (and the SMS code when a phone is bound).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput, Session } from '../../../shared/api/contract';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { can, fmtTime } from './access';
import { ParkedRecords } from './ParkedRecords';
import { requiredFactors, requiredFactorsWithSms, useFactorsPrompt } from './useFactorsPrompt';

type Device = MethodOutput<'owner.devices'>['devices'][number];

export function DevicesTab({ session }: { session: Session }) {
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
      run: (f) =>
        pos.try(what === 'approve' ? 'owner.deviceApprove' : 'owner.deviceRevoke', { id: d.id, ...requiredFactors(f) }),
      done: () => {
        setNotice(t(`owner.dev.${what}d`, { name: d.name }));
        void load();
      },
    });

  return (
    <>
      {can(session, 'security.manage') && <ApprovalSetting />}
      <section className="owner-panel owner-panel--wide">
        <h2>{t('owner.dev.title')}</h2>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {notice && (
          <div className="ok-text" data-testid="owner-notice">
            {notice}
          </div>
        )}
        <table className="owner-table" data-testid="device-list">
          <thead>
            <tr>
              <th>{t('owner.dev.name')}</th>
              <th>{t('owner.dev.platform')}</th>
              <th>{t('owner.dev.status')}</th>
              <th>{t('owner.dev.created')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} data-testid={`device-${d.id}`}>
                <td>{d.name}</td>
                <td className="small">{d.platform}</td>
                <td>
                  <span className={`status status--${d.status}`}>
                    {t(`owner.dev.st_${d.status}`, { defaultValue: d.status })}
                  </span>
                </td>
                <td className="small">{fmtTime(d.createdAt)}</td>
                <td className="owner-actions">
                  {d.status === 'pending' && (
                    <button type="button" className="primary" onClick={() => act(d, 'approve')}>
                      {t('owner.dev.approve')}
                    </button>
                  )}
                  {d.status !== 'revoked' && (
                    <button type="button" className="danger" onClick={() => act(d, 'revoke')}>
                      {t('owner.dev.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {prompt.dialog}
      </section>
      <ParkedRecords />
    </>
  );
}

function ApprovalSetting() {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    void pos.try('owner.securitySettings', {}).then((r) => {
      if (r.ok) setOn(r.value.newDevicesNeedApproval);
      else setError(errorText(r.error));
    });
  }, [pos]);

  const toggle = () => {
    if (on === null) return;
    const next = !on;
    setNotice(null);
    prompt.ask({
      title: t(next ? 'owner.dev.approvalOnTitle' : 'owner.dev.approvalOffTitle'),
      body: <p>{t(next ? 'owner.dev.approvalOnBody' : 'owner.dev.approvalOffBody')}</p>,
      required: true,
      run: (f) => pos.try('owner.setSecuritySettings', { newDevicesNeedApproval: next, ...requiredFactorsWithSms(f) }),
      done: (v) => {
        const saved = (v as MethodOutput<'owner.setSecuritySettings'>).newDevicesNeedApproval;
        setOn(saved);
        setNotice(t(saved ? 'owner.dev.approvalIsOn' : 'owner.dev.approvalIsOff'));
      },
    });
  };

  return (
    <section className="owner-panel owner-panel--wide" data-testid="approval-setting">
      <h2>
        {t('owner.dev.approval')}
        {on !== null && (
          <span className={on ? 'status status--active' : 'status status--pending'} data-testid="approval-state">
            {t(on ? 'owner.dev.approvalOn' : 'owner.dev.approvalOff')}
          </span>
        )}
      </h2>
      <p className="muted small">{t('owner.dev.approvalHint')}</p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid="approval-notice">
          {notice}
        </div>
      )}
      {on !== null && (
        <label className="owner-row">
          <input
            type="checkbox"
            role="switch"
            data-testid="approval-toggle"
            checked={on}
            aria-checked={on}
            onChange={(e) => {
              e.preventDefault();
              toggle();
            }}
          />
          {t('owner.dev.approvalLabel')}
        </label>
      )}
      {prompt.dialog}
    </section>
  );
}
