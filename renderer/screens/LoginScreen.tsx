// Runtime: DOM. Employee login on a registered device.
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

  return (
    <form className="card form" onSubmit={submit} data-testid="login-form">
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.username')}
        <input data-testid="login-username" autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        {t('login.password')}
        <input data-testid="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <ErrorBanner text={error} />
      <button className="primary big" data-testid="login-submit" type="submit" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
