// Runtime: DOM. The one prompt for second factors at the time of use: the super password (超级密码) and,
// when the account has a dynamic token, its 6-digit code. The dialog runs the act itself (`onConfirm`) so
// a wrong password keeps it open with the refusal in words; it closes only when the act succeeded.
// The most sensitive acts (security settings, IP binding) also want the SMS code sent to the actor's
// verified phone: after SMS_CODE_REQUIRED the dialog shows a code field with a button that sends one.
// The factors live in this component's state only while it is open and are never kept anywhere.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/errors';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { useEscapeToClose } from '../../state/useEscapeToClose';

export interface Factors {
  superPassword?: string;
  totpCode?: string;
  smsCode?: string;
}

export function SuperPasswordDialog({
  title,
  children,
  onConfirm,
  onClose,
  describeError = errorText,
  required = false,
}: {
  title: string;
  /** what is about to happen, shown above the password field */
  children?: ReactNode;
  /** runs the act with the factors; null = done (the dialog closes), else the refusal to show */
  onConfirm: (f: Factors) => Promise<ApiError | null>;
  onClose: () => void;
  describeError?: (e: ApiError) => string;
  /** the act always needs the super password: an empty field is answered here, without a round trip */
  required?: boolean;
}) {
  const { t } = useTranslation();
  const [superPassword, setSuperPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [smsCode, setSmsCode] = useState('');
  const [needsSms, setNeedsSms] = useState(false);
  const [smsSent, setSmsSent] = useState(false);
  const pos = usePos();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // Esc closes wherever the focus is (after a refusal the pressed button may have lost it).
  useEscapeToClose(onClose);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (required && !superPassword) return setError(t('errors.SUPER_PASSWORD_REQUIRED'));
    setBusy(true);
    setError(null);
    try {
      // An empty field is sent as "no super password": the cloud then says it needs one, in words.
      const err = await onConfirm({
        ...(superPassword ? { superPassword } : {}),
        ...(totpCode ? { totpCode } : {}),
        ...(smsCode ? { smsCode } : {}),
      });
      if (!err) return onClose();
      if (err.code === 'TOTP_REQUIRED' || err.code === 'TOTP_INVALID') setNeedsTotp(true);
      if (err.code === 'SMS_CODE_REQUIRED') setNeedsSms(true);
      setError(describeError(err));
      setTotpCode('');
      // an SMS code is good for one try: the next needs a fresh one
      if (smsCode) {
        setSmsCode('');
        setSmsSent(false);
      }
    } finally {
      setBusy(false);
      // back to the password, selected, so the next try is typed straight away
      input.current?.focus();
      input.current?.select();
    }
  };

  const sendSms = async () => {
    const r = await pos.try('owner.smsCode', {});
    if (r.ok) setSmsSent(true);
    else setError(errorText(r.error));
  };

  return (
    <div
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="sp-title"
      data-testid="super-password-dialog"
    >
      <form className="modal__body card" onSubmit={(e) => void submit(e)}>
        <h2 id="sp-title">{title}</h2>
        {children}
        <div className="modal__fields">
          <label>
            {t('owner.sp.label')}
            <input
              ref={input}
              data-testid="super-password"
              type="password"
              autoFocus
              autoComplete="off"
              value={superPassword}
              onChange={(e) => setSuperPassword(e.target.value)}
            />
          </label>
          {needsTotp && (
            <label>
              {t('owner.sp.totp')}
              <input
                data-testid="totp-code"
                inputMode="numeric"
                maxLength={6}
                autoComplete="one-time-code"
                value={totpCode}
                onChange={(e) => setTotpCode(e.target.value.replace(/\D/g, ''))}
              />
            </label>
          )}
          {needsSms && (
            <label>
              {t('owner.sp.sms')}
              <span className="owner-row">
                <input
                  data-testid="sms-code"
                  inputMode="numeric"
                  maxLength={6}
                  autoComplete="one-time-code"
                  value={smsCode}
                  onChange={(e) => setSmsCode(e.target.value.replace(/\D/g, ''))}
                />
                <button type="button" data-testid="sms-send" disabled={smsSent} onClick={() => void sendSms()}>
                  {smsSent ? t('owner.sp.smsSent') : t('owner.sp.smsSend')}
                </button>
              </span>
            </label>
          )}
        </div>
        <p className="muted small">{t('owner.sp.hint')}</p>
        {error && (
          <div className="error" role="alert" data-testid="super-password-error">
            {error}
          </div>
        )}
        <div className="modal__actions">
          <button type="button" className="ghost" onClick={onClose}>
            {t('owner.cancel')}
          </button>
          <button type="submit" className="primary" data-testid="super-password-confirm" disabled={busy}>
            {t('owner.sp.confirm')}
          </button>
        </div>
      </form>
    </div>
  );
}
