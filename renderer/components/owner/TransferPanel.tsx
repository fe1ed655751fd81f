// Runtime: DOM. 资金 → move prepaid balance to another outlet's prepaid account (super password, the employee's
// daily cap — a refusal says the cap, what was moved today and this amount).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/errors';
import { parseYuan } from '../../../shared/money';
import { money } from '../../format';
import i18n, { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

/** LIMIT_EXCEEDED with the cap in words; every other refusal as usual. */
export function moneyErrorText(e: ApiError): string {
  const d = e.details as { capFen?: number; movedTodayFen?: number; amountFen?: number } | undefined;
  if (e.code === 'LIMIT_EXCEEDED' && typeof d?.capFen === 'number') {
    return i18n.t('owner.money.overCap', {
      cap: money(d.capFen),
      moved: money(d.movedTodayFen ?? 0),
      amount: money(d.amountFen ?? 0),
      left: money(Math.max(0, d.capFen - (d.movedTodayFen ?? 0))),
    });
  }
  return errorText(e);
}

export function TransferPanel({ onMoved }: { onMoved: () => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [memo, setMemo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    const amountFen = parseYuan(amount);
    if (amountFen === null || amountFen <= 0) return setError(t('owner.badAmount'));
    if (!/^[0-9a-f-]{36}$/i.test(to.trim())) return setError(t('owner.money.badAccount'));
    prompt.ask({
      title: t('owner.money.transferTitle'),
      body: (
        <p data-testid="transfer-summary">
          {t('owner.money.transferSummary', { amount: money(amountFen), to: to.trim() })}
        </p>
      ),
      required: true,
      describeError: moneyErrorText,
      run: (f) =>
        pos.try('owner.transfer', {
          toAccountId: to.trim(),
          amountFen,
          ...(memo.trim() ? { memo: memo.trim() } : {}),
          ...requiredFactors(f),
        }),
      done: (v) => {
        const r = v as MethodOutput<'owner.transfer'>;
        setResult(
          r.capFen === null
            ? t('owner.money.doneNoCap', { amount: money(amountFen) })
            : t('owner.money.done', { amount: money(amountFen), moved: money(r.movedTodayFen), cap: money(r.capFen) }),
        );
        setAmount('');
        onMoved();
      },
    });
  };

  return (
    <section className="owner-panel owner-panel--wide">
      <h2>{t('owner.money.transfer')}</h2>
      <p className="muted small">{t('owner.money.transferHint')}</p>
      <form className="owner-grid" onSubmit={submit} data-testid="transfer-form">
        <label>
          {t('owner.money.toAccount')}
          <input
            data-testid="transfer-to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
            required
          />
        </label>
        <label>
          {t('owner.money.amount')}
          <input
            data-testid="transfer-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            required
          />
        </label>
        <label>
          {t('owner.money.memo')}
          <input data-testid="transfer-memo" value={memo} maxLength={200} onChange={(e) => setMemo(e.target.value)} />
        </label>
        <div className="owner-actions">
          <button type="submit" className="primary" data-testid="transfer-submit">
            {t('owner.money.transferGo')}
          </button>
        </div>
      </form>
      {error && (
        <div className="error" role="alert" data-testid="transfer-error">
          {error}
        </div>
      )}
      {result && (
        <div className="ok-text" data-testid="transfer-result">
          {result}
        </div>
      )}
      {prompt.dialog}
    </section>
  );
}
