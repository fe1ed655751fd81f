// Runtime: DOM. 我的安全 → super password: set or change the password asked before sensitive acts (separate
// from the login password).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OwnerEmployee } from '../../../shared/api/owner-methods';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { Status } from './SecurityStatus';

export function SuperPasswordPanel({ me, onChanged }: { me: OwnerEmployee; onChanged: () => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [password, setPassword] = useState('');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [totp, setTotp] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setMsg({ ok: false, text: t('owner.me.mismatch') });
    const r = await pos.try('owner.setSuperPassword', {
      password,
      superPassword: next,
      ...(me.superPasswordSet ? { currentSuperPassword: current } : {}),
      ...(totp ? { totpCode: totp } : {}),
    });
    if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
    setMsg({ ok: true, text: t('owner.me.superSaved') });
    setPassword('');
    setCurrent('');
    setNext('');
    setAgain('');
    setTotp('');
    onChanged();
  };

  return (
    <section className="owner-panel">
      <h2>
        {t('owner.me.super')} <Status on={me.superPasswordSet} testid="me-super-status" />
      </h2>
      <p className="muted small">{t('owner.me.superHint')}</p>
      <form className="owner-form" onSubmit={(e) => void submit(e)} data-testid="super-form">
        <label>
          {t('owner.me.loginPassword')}
          <input
            type="password"
            data-testid="me-login-password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {me.superPasswordSet && (
          <label>
            {t('owner.me.currentSuper')}
            <input
              type="password"
              data-testid="me-current-super"
              autoComplete="off"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              required
            />
          </label>
        )}
        <label>
          {t('owner.me.newSuper')}
          <input
            type="password"
            data-testid="me-new-super"
            autoComplete="off"
            minLength={6}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
          />
        </label>
        <label>
          {t('owner.me.againSuper')}
          <input
            type="password"
            data-testid="me-again-super"
            autoComplete="off"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            required
          />
        </label>
        {me.totpEnrolled && (
          <label>
            {t('owner.sp.totp')}
            <input
              inputMode="numeric"
              maxLength={6}
              value={totp}
              onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
              required
            />
          </label>
        )}
        {msg && (
          <div className={msg.ok ? 'ok-text' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid="super-message">
            {msg.text}
          </div>
        )}
        <div className="owner-actions">
          <button type="submit" className="primary" data-testid="me-super-save">
            {me.superPasswordSet ? t('owner.me.superChange') : t('owner.me.superSet')}
          </button>
        </div>
      </form>
    </section>
  );
}
