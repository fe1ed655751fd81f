// Runtime: DOM. 我的安全 → dynamic token (TOTP): enrolled by scanning a QR code and confirmed with one code.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OwnerEmployee } from '../../../shared/api/owner-methods';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { Status } from './SecurityStatus';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

export function TotpPanel({ me, onChanged }: { me: OwnerEmployee; onChanged: () => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [enrol, setEnrol] = useState<{ uri: string; qrDataUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const start = async () => {
    setMsg(null);
    // Replacing a token, or enrolling once a super password exists, needs the factors.
    if (me.superPasswordSet || me.totpEnrolled) {
      return prompt.ask({
        title: t('owner.me.totpStart'),
        required: true,
        run: (f) => pos.try('owner.totpEnroll', requiredFactors(f)),
        done: (v) => setEnrol(v as { uri: string; qrDataUrl: string }),
      });
    }
    const r = await pos.try('owner.totpEnroll', {});
    if (r.ok) setEnrol(r.value);
    else setMsg({ ok: false, text: errorText(r.error) });
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    const r = await pos.try('owner.totpConfirm', { code });
    if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
    setEnrol(null);
    setCode('');
    setMsg({ ok: true, text: t('owner.me.totpDone') });
    onChanged();
  };

  return (
    <section className="owner-panel">
      <h2>
        {t('owner.me.totp')} <Status on={me.totpEnrolled} testid="me-totp-status" />
      </h2>
      <p className="muted small">{t('owner.me.totpHint')}</p>
      {!enrol && (
        <div className="owner-actions">
          <button type="button" className="primary" data-testid="totp-start" onClick={() => void start()}>
            {me.totpEnrolled ? t('owner.me.totpReplace') : t('owner.me.totpStart')}
          </button>
        </div>
      )}
      {enrol && (
        <form className="owner-form" onSubmit={(e) => void confirm(e)} data-testid="totp-enrol">
          <img
            className="totp-qr"
            src={enrol.qrDataUrl}
            alt={t('owner.me.totpQr')}
            data-testid="totp-qr"
            width={200}
            height={200}
          />
          <p className="small muted totp-uri">
            {t('owner.me.totpManual')}{' '}
            <code data-testid="totp-uri">{new URL(enrol.uri).searchParams.get('secret')}</code>
          </p>
          <label>
            {t('owner.me.totpCode')}
            <input
              data-testid="totp-confirm-code"
              inputMode="numeric"
              maxLength={6}
              autoFocus
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              required
            />
          </label>
          <div className="owner-actions">
            <button type="button" className="ghost" onClick={() => setEnrol(null)}>
              {t('owner.cancel')}
            </button>
            <button type="submit" className="primary" data-testid="totp-confirm">
              {t('owner.me.totpConfirm')}
            </button>
          </div>
        </form>
      )}
      {msg && (
        <div className={msg.ok ? 'ok-text' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </div>
      )}
      {prompt.dialog}
    </section>
  );
}
