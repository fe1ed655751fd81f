// Runtime: DOM. 资金: takings by payment method and reconciliation against the providers' bills (TakingsPanel,
// ReconciliationPanel), the prepaid balance (预付款余额, from the cloud ledger — available in big type, what
// pending top-ups hold, what is posted, and the newest entries), move prepaid balance to another outlet's prepaid account (super password, the
// employee's daily cap — a refusal says the cap, what was moved today and this amount), and deposits (加款)
// through a channel: started here, credited when the channel confirms.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v4 as uuidv4 } from 'uuid';
import type { MethodOutput, Session } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/errors';
import { parseYuan } from '../../../shared/money';
import { money } from '../../format';
import i18n, { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { can, fmtTime } from './access';
import { FlaggedOrdersPanel } from './FlaggedOrdersPanel';
import { MoneyLimitsPanel } from './MoneyLimitsPanel';
import { ReconciliationPanel } from './ReconciliationPanel';
import { ShiftsPanel } from './ShiftsPanel';
import { TakingsPanel } from './TakingsPanel';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

type Deposit = MethodOutput<'owner.deposits'>['deposits'][number];
type Statement = MethodOutput<'owner.balance'>;
type Entry = Statement['entries'][number];

const CODE_LABELS = new Set([
  'deposit',
  'deposit_expire',
  'virtual_reserve',
  'virtual_settle',
  'virtual_refund',
  'prepaid_transfer',
  'complaint_compensation',
]);
/** 加款 / 话费成本 / 退款 / 转出 … from the ledger transfer code; a reserve or a credit not yet posted says so. */
export function entryLabel(e: Entry): string {
  const base = i18n.t(`owner.money.code_${CODE_LABELS.has(e.code) ? e.code : 'other'}`);
  if (e.kind !== 'pending') return base;
  return base + i18n.t(e.direction === 'in' ? 'owner.money.pendingIn' : 'owner.money.pendingOut');
}
type Channel = MethodOutput<'owner.depositChannels'>['channels'][number];

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

export function MoneyTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  // bumped after every money movement from this tab, so the balance shown is the one after it
  const [moved, setMoved] = useState(0);
  const onMoved = useCallback(() => setMoved((n) => n + 1), []);
  return (
    <div className="owner-split">
      {can(session, 'report.view') && <BalancePanel moved={moved} />}
      {can(session, 'report.view') && <TakingsPanel />}
      {can(session, 'report.view') && <ReconciliationPanel />}
      {can(session, 'report.view') && <FlaggedOrdersPanel />}
      {can(session, 'report.view') && <ShiftsPanel />}
      {can(session, 'money.transfer') && <TransferPanel onMoved={onMoved} />}
      {can(session, 'money.deposit') && <DepositPanel onMoved={onMoved} />}
      {can(session, 'security.manage') && <MoneyLimitsPanel />}
      {!can(session, 'report.view') && !can(session, 'money.transfer') && !can(session, 'money.deposit') && (
        <p className="muted">{t('errors.FORBIDDEN')}</p>
      )}
    </div>
  );
}

function BalancePanel({ moved }: { moved: number }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [st, setSt] = useState<Statement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await pos.try('owner.balance', {});
    if (r.ok) setSt(r.value);
    setError(r.ok ? null : errorText(r.error));
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load, moved]);

  return (
    <section className="owner-panel owner-panel--wide" data-testid="balance-panel">
      <h2>
        {t('owner.money.balance')}
        <button type="button" className="link" onClick={() => void load()} data-testid="balance-refresh">
          {t('owner.money.refresh')}
        </button>
      </h2>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {st && (
        <>
          <div className="owner-balance">
            <div>
              <div className="muted small">{t('owner.money.available')}</div>
              <div className="owner-balance__big" data-testid="balance-available">
                {money(st.availableFen)}
              </div>
            </div>
            <dl className="owner-balance__rest">
              <dt>{t('owner.money.reserved')}</dt>
              <dd data-testid="balance-reserved">{money(st.reservedFen)}</dd>
              <dt>{t('owner.money.posted')}</dt>
              <dd data-testid="balance-posted">{money(st.postedFen)}</dd>
              {st.incomingFen > 0 && (
                <>
                  <dt>{t('owner.money.incoming')}</dt>
                  <dd data-testid="balance-incoming">{money(st.incomingFen)}</dd>
                </>
              )}
            </dl>
          </div>
          <h4>{t('owner.money.recent')}</h4>
          <table className="owner-table" data-testid="balance-entries">
            <thead>
              <tr>
                <th>{t('owner.money.when')}</th>
                <th>{t('owner.money.entryType')}</th>
                <th>{t('owner.money.direction')}</th>
                <th className="num">{t('owner.money.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {st.entries.map((e) => (
                <tr key={e.id}>
                  <td className="small">{fmtTime(e.at)}</td>
                  <td>{entryLabel(e)}</td>
                  <td>{t(e.direction === 'in' ? 'owner.money.in' : 'owner.money.out')}</td>
                  <td className="num">
                    {e.direction === 'in' ? '+' : '−'}
                    {money(e.amountFen)}
                  </td>
                </tr>
              ))}
              {st.entries.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('owner.money.noEntries')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function TransferPanel({ onMoved }: { onMoved: () => void }) {
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

function DepositPanel({ onMoved }: { onMoved: () => void }) {
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
