// Runtime: DOM. "最近充值": this counter's recent top-ups and game cards with their live status from the
// cloud (pending / stuck / failed / success, and answers that never came back), so an order left behind
// can be found again. A successful order can be complained about (投诉：未到账, 假充); the complaint's
// outcome (open / compensated / rejected) shows here. Online only: offline the list says so.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentVirtualOrder } from '../../shared/api/contract';
import { money } from '../format';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';

const REFRESH_MS = 10_000;

export function RecentVirtualOrders() {
  const { t } = useTranslation();
  const pos = usePos();
  const [orders, setOrders] = useState<RecentVirtualOrder[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [complaining, setComplaining] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await pos.try('virtual.recent', { limit: 20 });
    if (r.ok) {
      setOrders(r.value.orders);
      setError(null);
    } else setError(errorText(r.error));
  }, [pos]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const complain = async (id: string) => {
    setComplaining(id);
    const r = await pos.try('virtual.complain', { orderId: id, reason: t('recent.complaintReason') });
    setComplaining(null);
    if (!r.ok) setError(errorText(r.error));
    await load();
  };

  return (
    <section className="recent" data-testid="recent-virtual">
      <div className="recent__head">
        <strong>{t('recent.title')}</strong>
        <button type="button" className="small" data-testid="recent-refresh" onClick={() => void load()}>
          {t('recent.refresh')}
        </button>
      </div>
      {error && (
        <div className="muted small" data-testid="recent-error">
          {error}
        </div>
      )}
      {orders && orders.length === 0 && <div className="muted small">{t('recent.empty')}</div>}
      <ul className="recent__list">
        {(orders ?? []).map((o) => (
          <li
            key={o.clientOrderId}
            className={`recent__item recent__item--${o.status}`}
            data-testid="recent-item"
            data-status={o.status}
          >
            <div className="recent__line">
              <span>{o.productName}</span>
              {o.phone && <span className="muted small">{o.phone}</span>}
              <span className="recent__status">{t(`recent.status.${o.status}`)}</span>
            </div>
            <div className="recent__line muted small">
              <span>{new Date(o.submittedAt).toLocaleString('zh-CN', { hour12: false })}</span>
              {o.cost !== null && <span>{t('recent.cost', { cost: money(o.cost) })}</span>}
              {o.escalated && <span>{t('recent.escalated')}</span>}
            </div>
            {o.complaint ? (
              <div
                className="recent__complaint small"
                data-testid="recent-complaint"
                data-complaint={o.complaint.status}
              >
                {t(`recent.complaint.${o.complaint.status}`)}
                {o.complaint.resolution ? `：${o.complaint.resolution}` : ''}
              </div>
            ) : (
              o.status === 'success' &&
              o.id && (
                <button
                  type="button"
                  className="small"
                  data-testid="recent-complain"
                  disabled={complaining === o.id}
                  onClick={() => void complain(o.id!)}
                >
                  {t('recent.complain')}
                </button>
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
