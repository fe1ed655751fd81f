// Runtime: DOM. 办卡 at the counter (inside MemberBox, when a search found nobody): card number, name, phone,
// level and discount, prefilled from what was typed (an 11-digit mobile → phone, other letters/digits →
// card number, anything else → name). Online only; one clientId per open form, reused by "try again", so a
// lost answer never makes a second card. The new card is usable at once (the backend writes it into the
// counter's snapshot); MemberBox then offers the first cash top-up through the ordinary top-up form.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberView } from '../../shared/api/contract';
import { checkMobile, halfWidth, PHONE_INPUT_MAX } from '../../shared/input';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';

/** What the cashier typed (full-width IME digits and letters made ASCII), put where it most likely belongs. */
export function prefillFrom(typed: string): { cardNo: string; phone: string; name: string } {
  const q = halfWidth(typed).trim();
  const mobile = checkMobile(q);
  if (/^[\d\s-]+$/.test(q) && mobile.problem === null) return { cardNo: '', phone: mobile.digits, name: '' };
  if (/^[A-Za-z0-9-]+$/.test(q)) return { cardNo: q, phone: '', name: '' };
  return { cardNo: '', phone: '', name: q };
}

/** "9.5" (折) → 9500 basis points; blank → undefined (no discount); anything else → null (invalid). */
export function discountBpsOf(text: string): number | undefined | null {
  const s = text.trim();
  if (s === '') return undefined;
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s)) return null;
  const bps = Math.round(Number(s) * 1000);
  return bps <= 10_000 ? bps : null;
}

interface Props {
  typed: string;
  onIssued: (m: MemberView) => void;
  onCancel: () => void;
}

export function MemberIssue({ typed, onIssued, onCancel }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [form, setForm] = useState(() => ({ ...prefillFrom(typed), level: '', discount: '' }));
  const [clientId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const bps = discountBpsOf(form.discount);
  const mobile = checkMobile(form.phone);
  const phone = mobile.digits;
  const phoneBad = mobile.problem !== null;
  const ready = form.cardNo.trim() !== '' && form.name.trim() !== '' && !phoneBad && bps !== null && !busy;

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const r = await pos.call('member.create', {
        cardNo: halfWidth(form.cardNo).trim(),
        name: form.name.trim(),
        clientId,
        ...(phone ? { phone } : {}),
        ...(form.level.trim() ? { level: form.level.trim() } : {}),
        ...(bps !== undefined ? { discountBps: bps } : {}),
      });
      onIssued(r.member);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const field = (
    key: 'cardNo' | 'name' | 'phone' | 'level' | 'discount',
    label: string,
    extra: { placeholder?: string; inputMode?: 'numeric' | 'decimal'; maxLength?: number } = {},
  ) => (
    <label>
      {label}
      <input
        data-testid={`member-issue-${key}`}
        autoComplete="off"
        spellCheck={false}
        value={form[key]}
        {...extra}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        onKeyDown={(e) => e.key === 'Enter' && void submit()}
      />
    </label>
  );

  return (
    <div className="member__topup" data-testid="member-issue-form">
      <strong>{t('member.issueTitle')}</strong>
      {field('cardNo', t('member.cardNo'))}
      {field('name', t('member.name'))}
      {field('phone', t('member.phone'), { inputMode: 'numeric', maxLength: PHONE_INPUT_MAX })}
      {mobile.problem && (
        <div className="field-error small" data-testid="member-issue-phone-problem" data-problem={mobile.problem}>
          {t(`input.phone.${mobile.problem}`, { count: mobile.digits.length })}
        </div>
      )}
      {field('level', t('member.level'), { placeholder: t('member.levelPlaceholder') })}
      {field('discount', t('member.discountRate'), {
        placeholder: t('member.discountPlaceholder'),
        inputMode: 'decimal',
      })}
      {bps === null && <div className="muted small">{t('member.badDiscount')}</div>}
      {error && (
        <div className="topup__error" role="alert" data-testid="member-issue-error">
          {error}
        </div>
      )}
      <div className="member__actions">
        <button type="button" onClick={onCancel}>
          {t('topup.back')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="member-issue-confirm"
          disabled={!ready}
          onClick={() => void submit()}
        >
          {t('member.issueConfirm')}
        </button>
      </div>
    </div>
  );
}
