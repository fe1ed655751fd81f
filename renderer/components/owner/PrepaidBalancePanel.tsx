// Runtime: DOM. 资金 → the prepaid balance (预付款余额, from the cloud ledger): available in big type, what pending
// top-ups hold, what is posted, and the newest entries named from their ledger code.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/contract';
import { money } from '../../format';
import i18n, { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';

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
export function BalancePanel({ moved }: { moved: number }) {
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
