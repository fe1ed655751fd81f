// Runtime: DOM. 我的安全 → the e-mail address (alerts) or phone (password recovery), bound with a code sent to it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { Status } from './SecurityStatus';

export function BindPanel({
  kind,
  verified,
  onChanged,
}: {
  kind: 'email' | 'phone';
  verified: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [value, setValue] = useState('');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const r =
      kind === 'email'
        ? await pos.try('owner.emailStart', { email: value.trim() })
        : await pos.try('owner.phoneStart', { phone: value.trim() });
    if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
    setSent(true);
    setMsg({ ok: true, text: t(`owner.me.${kind}Sent`) });
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    const r = await pos.try(kind === 'email' ? 'owner.emailVerify' : 'owner.phoneVerify', { code });
    if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
    setSent(false);
    setCode('');
    setMsg({ ok: true, text: t('owner.me.bound') });
    onChanged();
  };

  return (
    <section className="owner-panel">
      <h2>
        {t(`owner.me.${kind}`)} <Status on={verified} testid={`me-${kind}-status`} />
      </h2>
      <p className="muted small">{t(`owner.me.${kind}Hint`)}</p>
      {verified ? (
        <p className="muted small">{t('owner.me.changeHint')}</p>
      ) : !sent ? (
        <form className="owner-row" onSubmit={(e) => void send(e)}>
          <input
            data-testid={`me-${kind}`}
            type={kind === 'email' ? 'email' : 'tel'}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-label={t(`owner.me.${kind}`)}
            required
          />
          <button type="submit" className="primary" data-testid={`me-${kind}-send`}>
            {t('owner.me.sendCode')}
          </button>
        </form>
      ) : (
        <form className="owner-row" onSubmit={(e) => void verify(e)}>
          <input
            data-testid={`me-${kind}-code`}
            inputMode="numeric"
            maxLength={6}
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            aria-label={t('owner.me.code')}
            required
          />
          <button type="submit" className="primary" data-testid={`me-${kind}-verify`}>
            {t('owner.me.verify')}
          </button>
        </form>
      )}
      {msg && (
        <div className={msg.ok ? 'ok-text' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </div>
      )}
    </section>
  );
}
