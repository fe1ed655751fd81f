// Runtime: DOM. 待核对订单: orders the cloud stored but could not vouch for (owner.flaggedOrders → GET
// /v1/orders/flagged) — a discount beyond the cashier's limits without a supervisor's override, a member or
// 抹零 discount no rule explains, or a price that was not the catalog's at the time of sale. Newest first, the
// open ones by default; 已核对 marks one reviewed (owner.reviewFlaggedOrder). Shown in 资金 to report.view.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FlagReason } from '../../../shared/api/flagged-orders';
import type { MethodOutput } from '../../../shared/api/contract';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';

type List = MethodOutput<'owner.flaggedOrders'>;
type Status = 'open' | 'reviewed' | 'all';

/** One reason in the owner's words. */
export function flagReasonText(r: FlagReason, t: TFunction): string {
  switch (r.kind) {
    case 'discount_over_limit':
      return t(r.beyond === 'AMOUNT' ? 'ownerFlags.discountAmount' : 'ownerFlags.discountShare', {
        given: money(r.discretionaryFen),
        limit: money(r.maxDiscountFen),
        share: (r.maxDiscountBps / 100).toFixed(0),
      });
    case 'member_discount':
      return t('ownerFlags.member', { given: money(r.memberDiscountFen), allowed: money(r.allowedFen) });
    case 'rounding':
      return t('ownerFlags.rounding', { given: money(r.roundingFen), rule: t(`ownerFlags.rule_${r.rule}`) });
    case 'price_mismatch':
      return r.lines
        .map((l) =>
          t('ownerFlags.price', { name: l.name, till: money(l.tillPriceFen), catalog: money(l.catalogPriceFen) }),
        )
        .join(t('ownerFlags.separator'));
  }
}

export function FlaggedOrdersPanel() {
  const { t } = useTranslation();
  const pos = usePos();
  const [status, setStatus] = useState<Status>('open');
  const [list, setList] = useState<List | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (cursor?: string) => {
      setBusy(true);
      const r = await pos.try('owner.flaggedOrders', { status, limit: 50, ...(cursor ? { cursor } : {}) });
      setBusy(false);
      if (!r.ok) return setError(errorText(r.error));
      setError(null);
      setList((prev) => (cursor && prev ? { ...r.value, orders: [...prev.orders, ...r.value.orders] } : r.value));
    },
    [pos, status],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const review = async (orderId: string) => {
    setBusy(true);
    const r = await pos.try('owner.reviewFlaggedOrder', { orderId });
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error));
    await load();
  };

  return (
    <section className="owner-panel owner-panel--wide owner-panel--table" data-testid="flagged-panel">
      <h2>
        {t('ownerFlags.title')}
        {list && list.openCount > 0 && (
          <span className="error-text small" data-testid="flagged-open-count">
            {' '}
            {t('ownerFlags.openCount', { count: list.openCount })}
          </span>
        )}
        <button type="button" className="link" onClick={() => void load()} data-testid="flagged-refresh">
          {t('ownerFlags.refresh')}
        </button>
      </h2>
      <p className="muted small">{t('ownerFlags.hint')}</p>
      <div className="owner-row">
        <label>
          {t('ownerFlags.show')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)} data-testid="flagged-status">
            <option value="open">{t('ownerFlags.status_open')}</option>
            <option value="reviewed">{t('ownerFlags.status_reviewed')}</option>
            <option value="all">{t('ownerFlags.status_all')}</option>
          </select>
        </label>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <table className="owner-table" data-testid="flagged-table">
        <thead>
          <tr>
            <th>{t('ownerFlags.soldAt')}</th>
            <th>{t('ownerFlags.order')}</th>
            <th>{t('ownerFlags.staff')}</th>
            <th className="num">{t('ownerFlags.total')}</th>
            <th>{t('ownerFlags.reasons')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list?.orders ?? []).map((o) => (
            <tr key={o.orderId} data-testid="flagged-row">
              <td className="small">{fmtTime(o.createdAt)}</td>
              <td className="small">
                {o.number}
                <div className="muted">{o.deviceName}</div>
              </td>
              <td>{o.employeeName}</td>
              <td className="num">
                {money(o.total)}
                {o.discount > 0 && (
                  <div className="muted small">{t('ownerFlags.discount', { amount: money(o.discount) })}</div>
                )}
              </td>
              <td className="small" data-testid="flagged-reasons">
                {o.reasons.map((r, i) => (
                  <div key={i} className="warn">
                    {flagReasonText(r, t)}
                  </div>
                ))}
              </td>
              <td>
                {o.reviewedAt === null ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void review(o.orderId)}
                    data-testid="flagged-review"
                  >
                    {t('ownerFlags.review')}
                  </button>
                ) : (
                  <span className="muted small">
                    {t('ownerFlags.reviewedBy', { name: o.reviewedBy?.name ?? '', time: fmtTime(o.reviewedAt) })}
                  </span>
                )}
              </td>
            </tr>
          ))}
          {list && list.orders.length === 0 && !busy && (
            <tr>
              <td colSpan={6} className="muted">
                {t(status === 'open' ? 'ownerFlags.noneOpen' : 'ownerFlags.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {list?.nextCursor && (
        <button type="button" disabled={busy} onClick={() => void load(list.nextCursor!)} data-testid="flagged-more">
          {t('ownerFlags.more')}
        </button>
      )}
    </section>
  );
}
