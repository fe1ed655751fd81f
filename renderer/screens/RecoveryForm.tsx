// Runtime: DOM. 忘记密码 on the login screen: ask for an SMS code to the account's verified phone, then set a
// new password with it. The cloud answers the same whether or not the account exists or has a phone, so the
// form says "if…" rather than "sent".
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';

export function RecoveryForm({
  initialUsername,
  onDone,
  onCancel,
}: {
  initialUsername: string;
  onDone: (username: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [username, setUsername] = useState(initialUsername);
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (act: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await act();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const request = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await pos.call('auth.recoveryStart', { username: username.trim() });
      setSent(true);
    });
  };
  const reset = (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setError(t('recovery.mismatch'));
    void run(async () => {
      await pos.call('auth.recoveryReset', { username: username.trim(), code, newPassword: next });
      onDone(username.trim());
    });
  };

  return (
    <form className="card form" onSubmit={sent ? reset : request} data-testid="recovery-form">
      <h1>{t('recovery.title')}</h1>
      <p className="muted">{sent ? t('recovery.sent') : t('recovery.hint')}</p>
      <label>
        {t('login.username')}
        <input
          data-testid="recovery-username"
          autoFocus={!sent}
          autoComplete="username"
          value={username}
          readOnly={sent}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      {sent && (
        <>
          <label>
            {t('recovery.code')}
            <input
              data-testid="recovery-code"
              autoFocus
              inputMode="numeric"
              maxLength={6}
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              required
            />
          </label>
          <label>
            {t('recovery.newPassword')}
            <input
              data-testid="recovery-new"
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              required
            />
          </label>
          <label>
            {t('recovery.again')}
            <input
              data-testid="recovery-again"
              type="password"
              autoComplete="new-password"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
              required
            />
          </label>
        </>
      )}
      <ErrorBanner text={error} />
      <button
        className="primary big"
        data-testid={sent ? 'recovery-reset' : 'recovery-send'}
        type="submit"
        disabled={busy}
      >
        {sent ? t('recovery.reset') : t('recovery.send')}
      </button>
      <div className="form__links">
        {sent && (
          <button
            type="button"
            className="link"
            data-testid="recovery-resend"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await pos.call('auth.recoveryStart', { username: username.trim() });
              })
            }
          >
            {t('recovery.resend')}
          </button>
        )}
        <button type="button" className="link" data-testid="recovery-cancel" onClick={onCancel}>
          {t('recovery.back')}
        </button>
      </div>
    </form>
  );
}
