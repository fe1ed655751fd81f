// Runtime: DOM. The effects around payFlow.ts: the backend's tender followed by its event ('tender.changed'),
// with a poll as a safety net (an event can be lost across a transport reconnect) — quick while a payment code
// waits, slow otherwise (it also keeps "online" current); and the cashier's acts on it: a payment code, the
// member's balance, the shop's static code, taking a part back, abandoning the payment. A payment code's id is
// made here once per scan: sent again (a lost answer) it is the same payment at the provider, never a second.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompletedOrder, TenderView } from '../../shared/api/contract';
import { newId } from '../../shared/ids';
import { fen } from '../../shared/money';
import { errorText } from '../i18n';
import {
  codeWaiting,
  INITIAL_PAY,
  openTender,
  paidSoFar,
  payReducer,
  paymentCodeOf,
  soldOrder,
  waitingPart,
  type StaticMethod,
} from './payFlow';
import { usePos } from './pos';

const SLOW_POLL_MS = 15_000;

export function usePayment(p: {
  /** the backend committed the sale (the parts covered the total) */
  onSold: (order: CompletedOrder) => void;
  /** the parts moved: what is taken and what waits (the cash field follows) */
  onParts: (paid: number, waiting: number) => void;
  /** the seat the sale goes to (internet cafés), sent with the first part */
  seat: () => string;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [ps, dispatch] = useReducer(payReducer, INITIAL_PAY);
  const now = useRef(ps);
  now.current = ps;
  const cb = useRef(p);
  cb.current = p;

  const refresh = useCallback(
    () =>
      pos.try('tender.get', {}).then((r) => {
        if (!r.ok) return;
        dispatch({ type: 'options', options: r.value.options });
        dispatch({ type: 'tender', tender: r.value.tender });
      }),
    [pos],
  );
  useEffect(() => {
    void refresh();
    return pos.on('tender.changed', ({ tender }) => dispatch({ type: 'tender', tender }));
  }, [pos, refresh]);
  const waiting = codeWaiting(ps);
  const pollMs = waiting ? Math.max(500, ps.options?.pollIntervalMs ?? 1_000) : SLOW_POLL_MS;
  useEffect(() => {
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, [refresh, pollMs]);

  const sold = soldOrder(ps);
  useEffect(() => {
    if (!sold) return;
    dispatch({ type: 'takenSold', tenderId: sold.tenderId });
    cb.current.onSold(sold.order);
  }, [sold]);
  const parts = paidSoFar(ps);
  useEffect(() => cb.current.onParts(parts.paid, parts.waiting), [parts.paid, parts.waiting]);

  const common = () => {
    const seat = cb.current.seat().trim();
    return seat ? { seat } : {};
  };
  const act = async (work: () => Promise<{ tender: TenderView | null }>) => {
    try {
      const r = await work();
      dispatch({ type: 'tender', tender: r.tender });
      return true;
    } catch (e) {
      dispatch({ type: 'error', text: errorText(e) });
      return false;
    }
  };

  /** A scanned payment code for what remains (or `amount` of it); anything but a payment code is refused. */
  const payCode = async (raw: string, amount?: number) => {
    const c = paymentCodeOf(raw);
    if (!c) return dispatch({ type: 'refused', text: t('pay.notCode') });
    if (codeWaiting(now.current)) return dispatch({ type: 'refused', text: t('pay.waitFirst') });
    const paymentId = newId();
    dispatch({ type: 'sending', paymentId });
    const input = { code: c.code, paymentId, ...(amount ? { amount } : {}), ...common() };
    let r = await pos.try('tender.code', input);
    // the answer was lost on the way (a reconnect): the same id again is the same payment, never a second charge
    if (!r.ok && r.error.code === 'OFFLINE' && (r.error.details as { reason?: string })?.reason === undefined)
      r = await pos.try('tender.code', input);
    if (r.ok) dispatch({ type: 'sent', tender: r.value.tender });
    else dispatch({ type: 'refused', text: errorText(r.error) });
  };

  /** The member's balance for what remains (as much as it covers); the rest by cash or a payment code. */
  const payMember = () => act(() => pos.call('tender.member', { ...common() }));

  /** The shop's static code: first press asks "did ¥X arrive?", the confirmation takes it. */
  const askStatic = (method: StaticMethod, amount: number) =>
    dispatch({ type: 'askStatic', method, amount: fen(amount) });
  const confirmStatic = async () => {
    const a = now.current.staticAsk;
    if (!a) return;
    dispatch({ type: 'staticDone' });
    await act(() => pos.call('tender.static', { method: a.method, amount: a.amount, ...common() }));
  };

  /** Takes a part back; a payment code's money is reversed by the provider (the customer is not charged). */
  const remove = async (partId: string) => {
    const w = waitingPart(now.current);
    const isCode = w?.id === partId || openTender(now.current)?.parts.find((x) => x.id === partId)?.codeMasked;
    if (isCode) dispatch({ type: 'cancelling' });
    const r = await pos.try('tender.remove', { partId });
    if (!r.ok) return dispatch({ type: 'refused', text: errorText(r.error) });
    if (isCode) dispatch({ type: 'cancelled', tender: r.value.tender });
    else dispatch({ type: 'tender', tender: r.value.tender });
  };

  /** Esc while a payment code waits: take that code back (reversed); nothing else is touched. */
  const cancelWaiting = async () => {
    const w = waitingPart(now.current);
    if (w) await remove(w.id);
  };

  /** Abandons the whole payment: every payment code reversed, the cart unlocked. */
  const cancelAll = async () => {
    const hadCode = openTender(now.current)?.parts.some((x) => x.codeMasked) ?? false;
    if (hadCode) dispatch({ type: 'cancelling' });
    const r = await pos.try('tender.cancel', {});
    if (!r.ok) return dispatch({ type: 'refused', text: errorText(r.error) });
    dispatch(hadCode ? { type: 'cancelled', tender: r.value.tender } : { type: 'tender', tender: r.value.tender });
  };

  return {
    ps,
    dispatch,
    payCode,
    payMember,
    askStatic,
    confirmStatic,
    remove,
    cancelWaiting,
    cancelAll,
    refresh,
    /** the sale screen committed a tender itself (cash for the rest): its sold event is not a second sale */
    takeSold: (tenderId: string) => dispatch({ type: 'takenSold', tenderId }),
    next: () => dispatch({ type: 'next' }),
  };
}
