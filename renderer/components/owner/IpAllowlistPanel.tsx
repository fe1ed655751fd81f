// Runtime: DOM. IP 绑定: the CIDR blocks one account may be used from (empty = any address). Entries are
// checked as typed (shared/net/cidr.ts, IPv4 and IPv6); the whole list is saved at once through the
// SuperPasswordDialog (super password, token code when enrolled, SMS code when the actor has a verified
// phone). The cloud checks again, normalises, audits, and refuses logins from outside the list.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OwnerEmployee } from '../../../shared/api/owner-methods';
import { MAX_CIDRS } from '../../../shared/api/owner-methods';
import { isCidr } from '../../../shared/net/cidr';
import { usePos } from '../../state/pos';
import { requiredFactorsWithSms, useFactorsPrompt } from './useFactorsPrompt';

export function IpAllowlistPanel({
  emp,
  self = false,
  onSaved,
}: {
  emp: OwnerEmployee;
  self?: boolean;
  onSaved: (e: OwnerEmployee) => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [cidrs, setCidrs] = useState<string[]>(emp.ipAllowlist);
  const [entry, setEntry] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = cidrs.join('\n') !== emp.ipAllowlist.join('\n');

  const add = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const c = entry.trim();
    if (!isCidr(c)) return setError(t('owner.ip.bad', { value: c }));
    if (cidrs.includes(c)) return setError(t('owner.ip.dup', { value: c }));
    if (cidrs.length >= MAX_CIDRS) return setError(t('owner.ip.tooMany', { max: MAX_CIDRS }));
    setCidrs([...cidrs, c]);
    setEntry('');
    setError(null);
  };

  const save = () => {
    setNotice(null);
    setError(null);
    prompt.ask({
      title: t('owner.ip.saveTitle', { name: emp.username }),
      body: (
        <p data-testid="ip-summary">
          {cidrs.length === 0 ? t('owner.ip.summaryNone') : t('owner.ip.summary', { list: cidrs.join('，') })}
        </p>
      ),
      required: true,
      run: (f) => pos.try('owner.setIpAllowlist', { id: emp.id, cidrs, ...requiredFactorsWithSms(f) }),
      done: (v) => {
        const saved = (v as { employee: OwnerEmployee }).employee;
        setCidrs(saved.ipAllowlist);
        setNotice(t('owner.ip.saved'));
        onSaved(saved);
      },
    });
  };

  return (
    <section className="owner-panel" data-testid="ip-panel">
      <h3>{t('owner.ip.title')}</h3>
      <p className="muted small">{self ? t('owner.ip.hintSelf') : t('owner.ip.hint')}</p>
      <ul className="owner-list" data-testid="ip-list">
        {cidrs.map((c) => (
          <li key={c} className="owner-row">
            <code>{c}</code>
            <button
              type="button"
              className="ghost"
              data-testid={`ip-remove-${c}`}
              aria-label={t('owner.ip.remove', { value: c })}
              onClick={() => {
                setCidrs(cidrs.filter((x) => x !== c));
                setNotice(null);
              }}
            >
              {t('owner.ip.removeShort')}
            </button>
          </li>
        ))}
        {cidrs.length === 0 && (
          <li className="muted" data-testid="ip-any">
            {t('owner.ip.any')}
          </li>
        )}
      </ul>
      <form className="owner-row" onSubmit={add}>
        <input
          data-testid="ip-entry"
          value={entry}
          maxLength={64}
          placeholder="192.168.1.0/24"
          aria-label={t('owner.ip.entry')}
          onChange={(e) => setEntry(e.target.value)}
        />
        <button type="submit" data-testid="ip-add">
          {t('owner.ip.add')}
        </button>
      </form>
      {error && (
        <div className="error" role="alert" data-testid="ip-error">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid="ip-notice">
          {notice}
        </div>
      )}
      <div className="owner-actions">
        <button type="button" className="primary" data-testid="ip-save" disabled={!changed} onClick={save}>
          {t('owner.ip.save')}
        </button>
      </div>
      {prompt.dialog}
    </section>
  );
}
