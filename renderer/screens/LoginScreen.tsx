// Runtime: DOM. Employee login on a registered device, and password recovery (忘记密码) by an SMS code to
// the account's verified phone: ask for a code, then set a new password with it. The cloud answers the
// same whether or not the account exists or has a phone, so the screen says "if…" rather than "sent".
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { ErrorBanner } from '../components/ErrorBanner';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { RecoveryForm } from './RecoveryForm';

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
