// Runtime: DOM. 资金 → deposits (加款) through a channel: started here, credited when the channel confirms.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v4 as uuidv4 } from 'uuid';
import type { MethodOutput } from '../../../shared/api/contract';
import { parseYuan } from '../../../shared/money';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

type Deposit = MethodOutput<'owner.deposits'>['deposits'][number];
type Channel = MethodOutput<'owner.depositChannels'>['channels'][number];

export function DepositPanel({ onMoved }: { onMoved: () => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [channels, setChannels] = useState<Channel[]>([]);
  const [deposits, setDeposits] = useState<Deposit[]>([]);
  const [channelId, setChannelId] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [c, d] = await Promise.all([pos.try('owner.depositChannels', {}), pos.try('owner.deposits', {})]);
    if (c.ok) {
      setChannels(c.value.channels.filter((x) => x.active));
      setChannelId((cur) => cur || c.value.channels.find((x) => x.active)?.id || '');
    }
    if (d.ok) setDeposits(d.value.deposits);
    const bad = !c.ok ? c.error : !d.ok ? d.error : null;
    setError(bad ? errorText(bad) : null);
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amountFen = parseYuan(amount);
    if (amountFen === null || amountFen <= 0) return setError(t('owner.badAmount'));
    // One id per confirmed deposit: a retry after a lost answer cannot start a second one.
    const clientId = uuidv4();
    prompt.ask({
      title: t('owner.money.depositTitle'),
      body: (
        <p>
          {t('owner.money.depositSummary', {
            amount: money(amountFen),
            channel: channels.find((c) => c.id === channelId)?.name ?? channelId,
          })}
        </p>
      ),
      required: true,
      run: (f) => pos.try('owner.depositStart', { clientId, channelId, amountFen, ...requiredFactors(f) }),
      done: () => {
        setAmount('');
        void load();
        onMoved();
      },
    });
  };

  return (
    <section className="owner-panel owner-panel--wide">
      <h2>{t('owner.money.deposit')}</h2>
      <form className="owner-grid" onSubmit={submit} data-testid="deposit-form">
        <label>
          {t('owner.money.channel')}
          <select data-testid="deposit-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}（{t('owner.money.fee', { bps: (c.feeBps / 100).toFixed(2), fixed: money(c.feeFixed) })}）
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('owner.money.amount')}
          <input
            data-testid="deposit-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            required
          />
        </label>
        <div className="owner-actions">
          <button type="submit" className="primary" data-testid="deposit-submit" disabled={!channelId}>
            {t('owner.money.depositGo')}
          </button>
        </div>
      </form>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <table className="owner-table" data-testid="deposit-list">
        <thead>
          <tr>
            <th>{t('owner.money.when')}</th>
            <th>{t('owner.money.channel')}</th>
            <th className="num">{t('owner.money.amount')}</th>
            <th className="num">{t('owner.money.credit')}</th>
            <th>{t('owner.money.status')}</th>
          </tr>
        </thead>
        <tbody>
          {deposits.map((d) => (
            <tr key={d.id}>
              <td className="small">{fmtTime(d.createdAt)}</td>
              <td>{channels.find((c) => c.id === d.channelId)?.name ?? d.channelId}</td>
              <td className="num">{money(d.amountFen)}</td>
              <td className="num">{money(d.creditFen)}</td>
              <td>{t(`owner.money.st_${d.status}`, { defaultValue: d.status })}</td>
            </tr>
          ))}
          {deposits.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                {t('owner.money.noDeposits')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {prompt.dialog}
    </section>
  );
}
