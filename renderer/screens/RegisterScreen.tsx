// Runtime: DOM. First run: bind this PC to the outlet with the master account.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceState } from '../../shared/api/contract';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { ErrorBanner } from '../components/ErrorBanner';
import { CloudAddressForm, CloudAddressLine } from '../components/CloudAddress';

export function RegisterScreen({ onRegistered }: { onRegistered: (device: DeviceState) => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [deviceName, setDeviceName] = useState(() => t('register.deviceNameDefault'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onRegistered(
        await pos.call('device.register', { username: username.trim(), password, deviceName: deviceName.trim() }),
      );
    } catch (err) {
      // The cloud answers a cashier's right password exactly like a wrong one (no oracle): say both.
      setError(
        (err as { code?: unknown } | null)?.code === 'BAD_CREDENTIALS' ? t('register.badCredentials') : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} data-testid="register-form">
      <h1>{t('register.title')}</h1>
      <p className="muted">{t('register.hint')}</p>
      <label>
        {t('register.username')}
        <input
          data-testid="register-username"
          autoFocus
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        {t('register.password')}
        <input
          data-testid="register-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      <label>
        {t('register.deviceName')}
        <input
          data-testid="register-device-name"
          value={deviceName}
          maxLength={64}
          onChange={(e) => setDeviceName(e.target.value)}
          required
        />
      </label>
      <ErrorBanner text={error} />
      <button className="primary big" data-testid="register-submit" type="submit" disabled={busy}>
        {busy ? t('register.submitting') : t('register.submit')}
      </button>
    </form>
  );
}

/** The first-run screen: the registration form, and below it the cloud address it registers with (the
 *  build's, or one stored from here for a private deployment). */
export function FirstRunScreen({
  cloudUrl,
  onRegistered,
  onCloudChanged,
}: {
  cloudUrl: string;
  onRegistered: (device: DeviceState) => void;
  onCloudChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <CloudAddressForm
        current={cloudUrl}
        onDone={(changed) => {
          setEditing(false);
          if (changed) onCloudChanged();
        }}
      />
    );
  return (
    <div className="first-run">
      <RegisterScreen onRegistered={onRegistered} />
      <CloudAddressLine current={cloudUrl} onEdit={() => setEditing(true)} />
    </div>
  );
}

/** Registered but not (or no longer) allowed: say why and let the cashier check again. */
export function DeviceBlockedScreen({ state, onRecheck }: { state: 'pending' | 'revoked'; onRecheck: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="card form" data-testid={`device-${state}`}>
      <h1>{t(state === 'pending' ? 'register.pendingTitle' : 'register.revokedTitle')}</h1>
      <p>{t(state === 'pending' ? 'register.pending' : 'register.revoked')}</p>
      <button className="primary big" type="button" onClick={onRecheck}>
        {t('register.recheck')}
      </button>
    </div>
  );
}
