// Runtime: DOM. Order history (历史订单) at the till: search by receipt number (the scanner reads the receipt's
// QR code into the box: a receipt of any day opens at once), or filter (HistoryFilters: the day — today by
// default — amount, member, product, status); a sale's lines, payments, returns and status; reprint it; return
// some of it (退货) or void the last sale (作废). Returns and voids beyond the cashier's role or limit are
// approved by a supervisor on this screen (useOverride). Before the cashier presses 退货 the dialog says where the
// money goes (sale.returnQuote); a part going back to a payment code is asked through the cloud, and the return's
// progress (state/returnFlow.ts) shows in ReturnRefunds.tsx. The 充值缴费 list shows top-ups, game cards and
// bills with their state and prints their 凭条 (VirtualHistory).
// Long on purpose: search, the chosen sale and its return share the sale being looked at. Its 13 pieces of state
// are the next candidate for a reducer in renderer/state/ (returnFlow.ts already holds the refund progress).
import { useCallback, useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, OrderSummary, ReturnView, VirtualHistoryOrder } from '../../../shared/api/contract';
import { isCodeMethod, type PaymentMethod } from '../../../shared/payments/methods';
import { RETURN_REASONS, type ReturnReason } from '../../../shared/sale/returns';
import { clockTime, dayStart, money, when } from '../../format';
import {
  EMPTY_FILTER,
  ordersInput,
  virtualInput,
  type FilterField,
  type HistoryFilter,
  type HistoryList,
} from '../../state/historyFilter';
import { HistoryFilters } from './HistoryFilters';
import { VirtualHistory } from './VirtualHistory';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { useOverride } from '../../state/useOverride';
import { useEscapeToClose } from '../../state/useEscapeToClose';
import { pollTarget, returnFlow } from '../../state/returnFlow';
import { RefundQuote, ReturnFlowPanel } from './ReturnRefunds';

/** how often a return waiting for the cloud, or a code refund processing, is asked about again */
const POLL_MS = 2_000;

const REASONS = RETURN_REASONS.filter((r): r is Exclude<ReturnReason, 'void'> => r !== 'void');

export function HistoryDialog({ onClose }: { onClose: () => void }) {
  useEscapeToClose(onClose);
  const { t } = useTranslation();
  const pos = usePos();
  const { withOverride, dialog } = useOverride();
  const [query, setQuery] = useState('');
  const [orders, setOrders] = useState<OrderSummary[]>([]);
  const [detail, setDetail] = useState<OrderDetail | null>(null);
  const [qty, setQty] = useState<Record<number, string>>({});
  const [reason, setReason] = useState<Exclude<ReturnReason, 'void'>>('defective');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [list, setList] = useState<HistoryList>('goods');
  const [filter, setFilter] = useState<HistoryFilter>(EMPTY_FILTER);
  const [problem, setProblem] = useState<FilterField | null>(null);
  const [virtual, setVirtual] = useState<{ orders: VirtualHistoryOrder[]; offline: boolean }>({
    orders: [],
    offline: false,
  });
  const [flow, dispatch] = useReducer(returnFlow, { kind: 'idle' });
  const [quote, setQuote] = useState<{ method: PaymentMethod; amount: number }[] | null>(null);

  const search = useCallback(
    async (text: string, l: HistoryList = list, f: HistoryFilter = filter, autoOpen = true) => {
      setError(null);
      const today = when(Date.now(), 'date');
      const q = text.trim();
      if (l === 'goods') {
        // a scanned (or typed) receipt number finds its sale whatever the filters say: open it at once
        if (q) {
          const exact = await pos.try('orders.search', { query: q, limit: 2 });
          const hit = exact.ok && exact.value.orders.length === 1 ? exact.value.orders[0]! : null;
          if (autoOpen && hit && hit.number === q) {
            setProblem(null);
            setOrders([hit]);
            return void open(hit.id);
          }
        }
        const built = ordersInput(q, f, today, dayStart);
        setProblem(built.ok ? null : built.field);
        if (!built.ok) return setError(t(`changes.history.bad.${built.field}`));
        const r = await pos.try('orders.search', built.input);
        if (!r.ok) return setError(errorText(r.error));
        setOrders(r.value.orders);
      } else {
        const built = virtualInput(q, f, today, dayStart);
        setProblem(built.ok ? null : built.field);
        if (!built.ok) return setError(t(`changes.history.bad.${built.field}`));
        const r = await pos.try('virtual.history', built.input);
        if (!r.ok) return setError(errorText(r.error));
        setVirtual({ orders: r.value.orders, offline: !!r.value.offline });
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- open is stable enough (pos only)
    [pos, list, filter, t],
  );
  // on open: today's sales; afterwards the filters apply on 查询 / Enter
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void search(''), []);
  const switchList = (l: HistoryList) => {
    const f = { ...filter, status: '' };
    setList(l);
    setFilter(f);
    setDetail(null);
    setMessage(null);
    void search(query, l, f);
  };

  const open = async (id: string, keepFlow = false) => {
    setError(null);
    setMessage(null);
    setQty({});
    if (!keepFlow) dispatch({ type: 'reset' });
    const r = await pos.try('orders.get', { id });
    if (r.ok) setDetail(r.value);
    else setError(errorText(r.error));
  };

  const act = async (toCode: boolean, run: (overrideId?: string) => Promise<{ return: ReturnView }>) => {
    setError(null);
    dispatch({ type: 'submit', toCode });
    try {
      const r = await withOverride(run);
      // reopen first (it clears the quantities), then say what went back and where
      if (detail) await open(detail.id, true);
      dispatch({ type: 'answer', ret: r.return });
      // the list's statuses change; the sale stays open with what was just done
      void search(query, list, filter, false);
    } catch (e) {
      dispatch({ type: 'error', error: e });
    }
  };

  const lines = detail
    ? Object.entries(qty)
        .map(([lineNo, text]) => ({ lineNo: Number(lineNo), qty: Number(text) }))
        .filter((l) => Number.isInteger(l.qty) && l.qty > 0)
    : [];
  const linesKey = JSON.stringify(lines);

  // where the money of the lines chosen would go (nothing written); a bad quantity shows no quote
  useEffect(() => {
    setQuote(null);
    if (!detail || lines.length === 0) return;
    let live = true;
    void pos.try('sale.returnQuote', { orderId: detail.id, lines }).then((r) => {
      if (live && r.ok) setQuote(r.value.refunds);
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- linesKey stands for lines
  }, [pos, detail?.id, linesKey]);

  // a return waiting for the cloud, or a code refund still processing: ask again until it settles
  const target = pollTarget(flow);
  const askAgain = useCallback(async () => {
    if (!target) return;
    const r = await pos.try('sale.returnRefresh', { id: target });
    if (r.ok) {
      // the sale's own list of returns shows the same state as the panel
      if (detail) await open(detail.id, true);
      dispatch({ type: 'polled', ret: r.value.return });
    } else dispatch({ type: 'polled', error: r.error });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- open is stable enough (pos only)
  }, [pos, target, flow.kind, detail?.id]);
  useEffect(() => {
    if (!target) return;
    const timer = setTimeout(() => void askAgain(), POLL_MS);
    return () => clearTimeout(timer);
  }, [target, flow, askAgain]);
  const busy = flow.kind === 'asking' || flow.kind === 'waiting';

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="history-title" data-testid="history-dialog">
      <div className="modal__body card history">
        <h2 id="history-title">{t('changes.history.title')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void search(query);
          }}
        >
          <input
            autoFocus
            data-testid="history-search"
            aria-label={t('changes.history.search')}
            placeholder={t(list === 'goods' ? 'changes.history.search' : 'changes.history.virtual.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </form>
        <HistoryFilters
          list={list}
          onList={switchList}
          filter={filter}
          onFilter={setFilter}
          problem={problem}
          onApply={() => void search(query)}
        />
        {list === 'virtual' && (
          <VirtualHistory
            orders={virtual.orders}
            offline={virtual.offline}
            onMessage={(text) => {
              setError(null);
              setMessage(text);
            }}
            onError={setError}
          />
        )}
        <div className="history__panes" hidden={list !== 'goods'}>
          <ul className="history__list">
            {orders.map((o) => (
              <li key={o.id}>
                <button
                  type="button"
                  className={detail?.id === o.id ? 'ghost on' : 'ghost'}
                  data-testid="history-order"
                  onClick={() => void open(o.id)}
                >
                  <span>{o.number}</span> <span className="muted small">{clockTime(o.createdAt)}</span>{' '}
                  <strong>{money(o.total)}</strong>{' '}
                  {o.status !== 'completed' && <span className="warn small">{t(`changes.status.${o.status}`)}</span>}
                </button>
              </li>
            ))}
            {orders.length === 0 && <li className="muted">{t('changes.history.none')}</li>}
          </ul>
          {detail && (
            <div className="history__detail" data-testid="history-detail">
              <div>
                <strong>{detail.number}</strong> · {clockTime(detail.createdAt)} · {detail.employeeName ?? '—'} ·{' '}
                <span data-testid="history-status">{t(`changes.status.${detail.status}`)}</span>
                {!detail.synced && <span className="muted small"> · {t('changes.history.unsent')}</span>}
              </div>
              <table className="cart">
                <tbody>
                  {detail.lines.map((l) => (
                    <tr key={l.lineNo}>
                      <td>
                        {l.name}
                        {l.listPrice !== null && (
                          <div className="muted small">
                            {t('changes.history.changedPrice', { list: money(l.listPrice) })}
                          </div>
                        )}
                        {l.discount > 0 && <div className="muted small">-{money(l.discount)}</div>}
                      </td>
                      <td className="num">
                        {l.qty}
                        {l.returned > 0 && (
                          <div className="warn small">{t('changes.history.returned', { n: l.returned })}</div>
                        )}
                      </td>
                      <td className="num">{money(l.lineTotal)}</td>
                      <td>
                        {l.refundEach !== null && (
                          <input
                            className="history__qty"
                            data-testid="return-qty"
                            inputMode="numeric"
                            aria-label={t('changes.history.returnQty', { name: l.name })}
                            placeholder="0"
                            value={qty[l.lineNo] ?? ''}
                            onChange={(e) => setQty({ ...qty, [l.lineNo]: e.target.value })}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="muted small">
                {detail.payments.map((p) => `${t(`changes.method.${p.method}`)} ${money(p.amount)}`).join(' · ')}
                {detail.discount > 0 && ` · ${t('changes.history.discount', { amount: money(detail.discount) })}`}
              </div>
              {detail.returns.map((r) => (
                <div key={r.id} className="small" data-testid="history-return">
                  {r.number} · {t(`changes.reason.${r.reason}`)} · -{money(r.total)}
                  {r.refunds
                    .filter((x) => isCodeMethod(x.method))
                    .map(
                      (x) =>
                        ` · ${t(`changes.method.${x.method}`)} ${
                          x.status === 'succeeded'
                            ? t('changes.history.refunded')
                            : x.status === 'failed'
                              ? t('changes.history.refundFailed', { failure: x.failure ?? '' })
                              : t('changes.history.processing')
                        }`,
                    )}
                  {r.supervisorName && ` · ${t('changes.history.approvedBy', { name: r.supervisorName })}`}
                </div>
              ))}
              {quote && <RefundQuote refunds={quote} />}
              <div className="history__actions">
                <select
                  data-testid="return-reason"
                  aria-label={t('changes.history.reason')}
                  value={reason}
                  onChange={(e) => setReason(e.target.value as typeof reason)}
                >
                  {REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`changes.reason.${r}`)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  data-testid="return-submit"
                  disabled={lines.length === 0 || busy}
                  onClick={() =>
                    void act(quote?.some((x) => isCodeMethod(x.method)) ?? false, (overrideId) =>
                      pos.call('sale.return', {
                        orderId: detail.id,
                        lines,
                        reason,
                        ...(overrideId ? { overrideId } : {}),
                      }),
                    )
                  }
                >
                  {t('changes.history.return')}
                </button>
                <button
                  type="button"
                  className="ghost"
                  data-testid="void-submit"
                  disabled={!detail.voidable || busy}
                  title={detail.voidable ? undefined : t('changes.history.notVoidable')}
                  onClick={() =>
                    void act(
                      detail.payments.some((p) => isCodeMethod(p.method)),
                      (overrideId) =>
                        pos.call('sale.void', { orderId: detail.id, ...(overrideId ? { overrideId } : {}) }),
                    )
                  }
                >
                  {t('changes.history.void')}
                </button>
                <button
                  type="button"
                  className="ghost"
                  data-testid="history-reprint"
                  onClick={() =>
                    void pos
                      .try('receipt.print', { orderId: detail.id })
                      .then((r) => (r.ok ? setMessage(t('changes.history.reprinted')) : setError(errorText(r.error))))
                  }
                >
                  {t('changes.history.reprint')}
                </button>
              </div>
            </div>
          )}
        </div>
        <ReturnFlowPanel flow={flow} onAskAgain={() => void askAgain()} />
        {message && (
          <p className="notice" role="status" data-testid="history-message">
            {message}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="history-error">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="ghost" data-testid="history-close" onClick={onClose}>
            {t('changes.close')}
          </button>
        </div>
      </div>
      {dialog}
    </div>
  );
}
