// Runtime: DOM. The history dialog's effects around its reducer (historyDialog.ts): search (a scanned or typed
// receipt number opens its sale whatever the filters say; otherwise the filters build the query), open a sale,
// quote where the money of the chosen lines would go, run a return or void (through the supervisor override),
// and ask again about a return waiting for the cloud or a code refund still processing, every POLL_MS, until
// it settles; the earlier returns the list and the sale opened show as processing are looked at in one batch
// (refundFollow.ts) while the dialog is open. Each effect dispatches what it learnt; nothing else holds state.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReturnView } from '../../shared/api/contract';
import { dayStart, when } from '../format';
import { errorText } from '../i18n';
import { chosenLines, historyDialog, INITIAL_HISTORY, pendingShown, type HistoryState } from './historyDialog';
import { ordersInput, virtualInput, type HistoryFilter, type HistoryList } from './historyFilter';
import { usePos } from './pos';
import { createRefundFollower, type RefundFollower } from './refundFollow';
import { pollTarget } from './returnFlow';

/** how often a return waiting for the cloud, or a code refund processing, is asked about again */
export const POLL_MS = 2_000;

export function useHistoryDialog(withOverride: <T>(run: (overrideId?: string) => Promise<T>) => Promise<T>) {
  const { t } = useTranslation();
  const pos = usePos();
  const [s, dispatch] = useReducer(historyDialog, INITIAL_HISTORY);
  // the effects read the state as it is when they run, not as it was when they were made
  const now = useRef<HistoryState>(s);
  now.current = s;

  const open = useCallback(
    async (id: string, keepFlow = false) => {
      dispatch({ type: 'opening', keepFlow });
      const r = await pos.try('orders.get', { id });
      if (r.ok) dispatch({ type: 'opened', detail: r.value });
      else dispatch({ type: 'error', text: errorText(r.error) });
    },
    [pos],
  );

  const search = useCallback(
    async (
      text: string = now.current.query,
      l: HistoryList = now.current.list,
      f: HistoryFilter = now.current.filter,
      autoOpen = true,
    ) => {
      dispatch({ type: 'searching' });
      const today = when(Date.now(), 'date');
      const q = text.trim();
      if (l === 'goods') {
        if (q) {
          const exact = await pos.try('orders.search', { query: q, limit: 2 });
          const hit = exact.ok && exact.value.orders.length === 1 ? exact.value.orders[0]! : null;
          if (autoOpen && hit && hit.number === q) {
            dispatch({ type: 'problem', field: null });
            dispatch({ type: 'orders', orders: [hit] });
            return void open(hit.id);
          }
        }
        const built = ordersInput(q, f, today, dayStart);
        dispatch({ type: 'problem', field: built.ok ? null : built.field });
        if (!built.ok) return dispatch({ type: 'error', text: t(`changes.history.bad.${built.field}`) });
        const r = await pos.try('orders.search', built.input);
        if (!r.ok) return dispatch({ type: 'error', text: errorText(r.error) });
        dispatch({ type: 'orders', orders: r.value.orders });
      } else {
        const built = virtualInput(q, f, today, dayStart);
        dispatch({ type: 'problem', field: built.ok ? null : built.field });
        if (!built.ok) return dispatch({ type: 'error', text: t(`changes.history.bad.${built.field}`) });
        const r = await pos.try('virtual.history', built.input);
        if (!r.ok) return dispatch({ type: 'error', text: errorText(r.error) });
        dispatch({ type: 'virtual', orders: r.value.orders, offline: !!r.value.offline });
      }
    },
    [pos, t, open],
  );

  // on open: today's sales; afterwards the filters apply on 查询 / Enter
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void search(''), []);

  const switchList = (l: HistoryList) => {
    dispatch({ type: 'switchList', list: l });
    void search(now.current.query, l, { ...now.current.filter, status: '' });
  };

  /** a return or a void, asked (with a supervisor's approval where needed); true once it went through */
  const act = async (
    toCode: boolean,
    run: (overrideId?: string) => Promise<{ return: ReturnView }>,
  ): Promise<boolean> => {
    dispatch({ type: 'flow', event: { type: 'submit', toCode } });
    try {
      const r = await withOverride(run);
      // reopen first (it clears the quantities), then say what went back and where
      const detail = now.current.detail;
      if (detail) await open(detail.id, true);
      dispatch({ type: 'flow', event: { type: 'answer', ret: r.return } });
      // the list's statuses change; the sale stays open with what was just done
      void search(now.current.query, now.current.list, now.current.filter, false);
      return true;
    } catch (e) {
      dispatch({ type: 'flow', event: { type: 'error', error: e } });
      return false;
    }
  };

  // where the money of the lines chosen would go (nothing written); a bad quantity shows no quote
  const lines = chosenLines(s);
  const linesKey = JSON.stringify(lines);
  const detailId = s.detail?.id;
  useEffect(() => {
    dispatch({ type: 'quote', quote: null });
    if (!detailId || lines.length === 0) return;
    let live = true;
    void pos.try('sale.returnQuote', { orderId: detailId, lines }).then((r) => {
      if (live && r.ok) dispatch({ type: 'quote', quote: r.value.refunds });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- linesKey stands for lines
  }, [pos, detailId, linesKey]);

  // a return waiting for the cloud, or a code refund still processing: ask again until it settles
  const target = pollTarget(s.flow);
  const askAgain = useCallback(async () => {
    if (!target) return;
    const r = await pos.try('sale.returnRefresh', { id: target });
    if (r.ok) {
      // the sale's own list of returns shows the same state as the panel
      const detail = now.current.detail;
      if (detail) await open(detail.id, true);
      dispatch({ type: 'flow', event: { type: 'polled', ret: r.value.return } });
    } else dispatch({ type: 'flow', event: { type: 'polled', error: r.error } });
  }, [pos, target, open]);
  useEffect(() => {
    if (!target) return;
    const timer = setTimeout(() => void askAgain(), POLL_MS);
    return () => clearTimeout(timer);
  }, [target, s.flow, askAgain]);

  // the earlier returns shown whose code refund is still processing: looked at (one call for all) when the list
  // loads or a sale opens, then every FOLLOW_MS while any is pending; never after the dialog closed
  const follower = useRef<RefundFollower | null>(null);
  useEffect(() => {
    const f = createRefundFollower(async (ids) => {
      const r = await pos.try('sale.returnsFollow', { ids });
      if (r.ok && follower.current === f) dispatch({ type: 'followed', returns: r.value.returns });
    });
    follower.current = f;
    return () => {
      f.stop();
      follower.current = null;
    };
  }, [pos]);
  const pending = pendingShown(s);
  const pendingKey = pending.join(',');
  useEffect(() => {
    follower.current?.set(pendingKey ? pendingKey.split(',') : []);
  }, [pendingKey]);
  useEffect(() => {
    if (s.shown > 0) follower.current?.now();
  }, [s.shown]);

  return { s, dispatch, lines, search, switchList, open, act, askAgain };
}
