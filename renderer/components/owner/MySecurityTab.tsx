// Runtime: DOM. 我的安全: the logged-in employee's own protections — the super password (separate from the
// login password), the dynamic token (TOTP, enrolled by scanning a QR code and confirmed with one code),
// and the e-mail address (alerts) and phone (password recovery) bound with a code each; with
// 'security.manage', the account's own IP binding.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../shared/api/contract';
import type { OwnerEmployee } from '../../../shared/api/owner-methods';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { can } from './access';
import { IpAllowlistPanel } from './IpAllowlistPanel';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

export function MySecurityTab({ session }: { session: Session }) {
  const pos = usePos();
  const [me, setMe] = useState<OwnerEmployee | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await pos.try('owner.me', {});
    if (r.ok) setMe(r.value.employee);
    else setError(errorText(r.error));
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="owner-split owner-split--even">
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {me && (
        <>
          <SuperPasswordPanel me={me} onChanged={() => void load()} />
          <TotpPanel me={me} onChanged={() => void load()} />
          <BindPanel kind="email" verified={me.emailVerified} onChanged={() => void load()} />
          <BindPanel kind="phone" verified={me.phoneVerified} onChanged={() => void load()} />
          {can(session, 'security.manage') && <IpAllowlistPanel key={me.id} emp={me} self onSaved={setMe} />}
        </>
      )}
    </div>
  );
}

function Status({ on, testid }: { on: boolean; testid: string }) {
  const { t } = useTranslation();
  return (
    <span className={on ? 'status status--active' : 'status status--pending'} data-testid={testid}>
      {on ? t('owner.me.on') : t('owner.me.off')}
    </span>
  );
}

function SuperPasswordPanel({ me, onChanged }: { me: OwnerEmployee; onChanged: () => void }) {
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

function TotpPanel({ me, onChanged }: { me: OwnerEmployee; onChanged: () => void }) {
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

function BindPanel({
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
