// Runtime: DOM. "最近充值": this counter's recent top-ups, game cards and bills with their live status, so an
// order left behind (下一位 while it was pending, a restart, a lost answer) is found again. The list is the
// till's journal (the cloud's feed is read into it first, when the cloud can be reached; offline it shows what
// the till last knew and says so); orders still pending are handed to the panel's watcher, whose answers
// show here at once. A game card's code shows on its line while the till still holds it (10 minutes after it
// arrived, memory only), with its print button. A successful order can be complained about (投诉：未到账).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentVirtualOrder } from '../../shared/api/contract';
import { money, when } from '../format';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import type { WatchState } from '../state/virtualWatch';

const REFRESH_MS = 10_000;

interface Props {
  visible: boolean;
  /** orders the panel follows: their status is newer than the list's */
  live: WatchState;
  /** the list found orders the journal holds as pending or stuck: follow them */
  onPending: (ids: string[]) => void;
  onPrint: (orderId: string) => void;
}

export function RecentVirtualOrders({ visible, live, onPending, onPrint }: Props) {
  const { t } = useTranslation();
  const pos = usePos();
  const [orders, setOrders] = useState<RecentVirtualOrder[] | null>(null);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [complaining, setComplaining] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await pos.try('virtual.recent', { limit: 20 });
    if (r.ok) {
      setOrders(r.value.orders);
      setStale(r.value.offline === true);
      setError(null);
      onPending(
        r.value.orders.filter((o) => o.id && (o.status === 'pending' || o.status === 'stuck')).map((o) => o.id!),
      );
    } else setError(errorText(r.error));
  }, [pos, onPending]);

  useEffect(() => {
    if (!visible) return;
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, visible]);

  // An order the watcher saw reach its final state: read the list again (the journal has it now).
  const finals = [...live.values()].filter((w) => w.order.status === 'success' || w.order.status === 'failed').length;
  useEffect(() => {
    if (visible && finals > 0) void load();
  }, [finals, visible, load]);

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
      {stale && (
        <div className="muted small" data-testid="recent-stale">
          {t('recent.stale')}
        </div>
      )}
      {error && (
        <div className="muted small" data-testid="recent-error">
          {error}
        </div>
      )}
      {orders && orders.length === 0 && <div className="muted small">{t('recent.empty')}</div>}
      <ul className="recent__list">
        {(orders ?? []).map((row) => {
          const w = row.id ? live.get(row.id) : undefined;
          const status = w && w.order.updatedAt >= row.updatedAt ? w.order.status : row.status;
          const code = row.cardCode ?? w?.cardCode ?? null;
          return (
            <li
              key={row.clientOrderId}
              className={`recent__item recent__item--${status}`}
              data-testid="recent-item"
              data-status={status}
            >
              <div className="recent__line">
                <span>{row.productName}</span>
                {row.phone && <span className="muted small">{row.phone}</span>}
                <span className="recent__status">{t(`recent.status.${status}`)}</span>
              </div>
              <div className="recent__line muted small">
                <span data-testid="recent-time">{when(row.submittedAt, 'monthDayTime')}</span>
                {row.cost !== null && <span>{t('recent.cost', { cost: money(row.cost) })}</span>}
                {row.escalated && <span>{t('recent.escalated')}</span>}
              </div>
              {code && status === 'success' && row.id && (
                <div className="recent__code">
                  <code data-testid="recent-card-code">{code}</code>
                  <button
                    type="button"
                    className="small"
                    data-testid="recent-card-print"
                    onClick={() => onPrint(row.id!)}
                  >
                    {t('topup.print')}
                  </button>
                </div>
              )}
              {row.complaint ? (
                <div
                  className="recent__complaint small"
                  data-testid="recent-complaint"
                  data-complaint={row.complaint.status}
                >
                  {t(`recent.complaint.${row.complaint.status}`)}
                  {row.complaint.resolution ? `：${row.complaint.resolution}` : ''}
                </div>
              ) : (
                status === 'success' &&
                row.id && (
                  <button
                    type="button"
                    className="small"
                    data-testid="recent-complain"
                    disabled={complaining === row.id}
                    onClick={() => void complain(row.id!)}
                  >
                    {t('recent.complain')}
                  </button>
                )
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
