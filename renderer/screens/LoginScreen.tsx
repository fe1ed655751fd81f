// Runtime: DOM. Employee login on a registered device, and password recovery (忘记密码) by an SMS code to
// the account's verified phone: ask for a code, then set a new password with it. The cloud answers the
// same whether or not the account exists or has a phone, so the screen says "if…" rather than "sent".
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { ErrorBanner } from '../components/ErrorBanner';

export function LoginScreen({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [recovering, setRecovering] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await pos.call('auth.login', { username: username.trim(), password }));
    } catch (err) {
      setError(errorText(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  if (recovering) {
    return (
      <RecoveryForm
        initialUsername={username.trim()}
        onDone={(name) => {
          setRecovering(false);
          setUsername(name);
          setPassword('');
          setError(null);
          setNotice(t('recovery.done'));
        }}
        onCancel={() => setRecovering(false)}
      />
    );
  }

  return (
    <form className="card form" onSubmit={submit} data-testid="login-form">
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.username')}
        <input
          data-testid="login-username"
          autoFocus
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        {t('login.password')}
        <input
          data-testid="login-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {notice && (
        <div className="ok-text" role="status" data-testid="login-notice">
          {notice}
        </div>
      )}
      <ErrorBanner text={error} />
      <button className="primary big" data-testid="login-submit" type="submit" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
      <button type="button" className="link" data-testid="forgot-password" onClick={() => setRecovering(true)}>
        {t('recovery.link')}
      </button>
    </form>
  );
}

function RecoveryForm({
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
