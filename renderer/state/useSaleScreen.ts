// Runtime: DOM. The sale screen's effects around saleFlow.ts: the cart from the backend, the debounced search
// and its next pages, scans (`3*` ahead = that many), quantities, removal with undo, paying (cash and the
// member's balance here; payment codes, static codes and split tender through usePayment.ts — a payment code
// scanned into the search box pays, it is never looked up as a product), and the keys (saleKeys.ts) — F-keys
// from anywhere, the rest from the search box, which keeps the focus while selling.
import { useCallback, useEffect, useReducer, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLine, CatalogItem, MemberView } from '../../shared/api/contract';
import { TENDER_MAX_FEN } from '../../shared/limits';
import type { Fen } from '../../shared/money';
import { money } from '../format';
import { errorText } from '../i18n';
import { codeWaiting, openTender, paymentCodeOf } from './payFlow';
import { usePayment } from './usePayment';
import { usePos } from './pos';
import {
  canPayCash,
  currentLine,
  stillDueOf,
  EMPTY_CART,
  INITIAL_SALE,
  looksLikeCode,
  MAX_QTY,
  saleReducer,
  saleTender,
  searchText,
} from './saleFlow';
import { commandFor, type SaleCommand } from './saleKeys';
import { dialogOpen } from './useEscapeToClose';

const SEARCH_DEBOUNCE_MS = 80;
export const SEARCH_PAGE = 30;

export function useSaleScreen(
  refs: {
    search: RefObject<HTMLInputElement | null>;
    tender: RefObject<HTMLInputElement | null>;
    code: RefObject<HTMLInputElement | null>;
  },
  /** after a payment went through or was refused: the shift may have opened, or be another's */
  onCashAct?: () => void,
) {
  const { t } = useTranslation();
  const pos = usePos();
  const [s, dispatch] = useReducer(saleReducer, INITIAL_SALE);
  const now = useRef(s);
  now.current = s;
  /** the next search comes from a failed scan: highlight its first result so Enter adds it */
  const preselectNext = useRef(false);
  const focusSearch = useCallback(() => refs.search.current?.focus(), [refs.search]);

  /** the cart as the backend has it now (after a sale it is the next one's, empty) */
  const freshCart = async () => {
    const r = await pos.try('cart.get', {});
    return r.ok ? r.value : EMPTY_CART;
  };
  const payment = usePayment({
    onSold: (order) =>
      void freshCart().then((cart) =>
        dispatch({ type: 'paid', order, cart, ...(order.member ? { memberBalance: order.member.balance } : {}) }),
      ),
    onParts: (paid, waiting) => dispatch({ type: 'parts', paid: paid as Fen, waiting: waiting as Fen }),
    seat: () => now.current.seat,
  });
  const payNow = useRef(payment.ps);
  payNow.current = payment.ps;

  useEffect(() => {
    void pos.try('cart.get', {}).then((r) => r.ok && dispatch({ type: 'cart', cart: r.value }));
  }, [pos]);

  // Debounced search as the cashier types; a text query highlights its first hit (Enter adds it), a barcode
  // typed or scanned does not (Enter looks it up exactly).
  const text = searchText(s.query).text;
  useEffect(() => {
    if (!text) return;
    const preselect = preselectNext.current || !looksLikeCode(text);
    const timer = setTimeout(
      async () => {
        const r = await pos.try('catalog.search', { query: text, limit: SEARCH_PAGE });
        if (r.ok)
          dispatch({ type: 'results', query: text, items: r.value.items, hasMore: !!r.value.hasMore, preselect });
        else dispatch({ type: 'error', text: errorText(r.error) });
      },
      preselectNext.current ? 0 : SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, pos]);

  const run = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (e) {
      dispatch({ type: 'error', text: errorText(e) });
    }
  };
  const ahead = () => searchText(now.current.query).qty ?? now.current.qtyAhead ?? 1;

  const addItem = (item: CatalogItem, qty = ahead()) =>
    run(async () => {
      dispatch({ type: 'qtyAhead', qty: null });
      dispatch({ type: 'cart', cart: await pos.call('cart.add', { productId: item.id, qty }), added: item.id });
      focusSearch();
    });

  const scan = (code: string, qty = ahead()) =>
    run(async () => {
      // Clear now, not when the answer comes: a scanner's next code may already be arriving.
      preselectNext.current = false;
      dispatch({ type: 'qtyAhead', qty: null });
      const r = await pos.call('cart.scan', { code, qty });
      dispatch({ type: 'cart', cart: r.cart, ...(r.item ? { added: r.item.id } : {}) });
      // No exact match: show the search for the code instead, unless the cashier has typed on.
      if (!r.item && refs.search.current?.value === '') {
        preselectNext.current = true;
        dispatch({ type: 'typed', query: code });
        dispatch({ type: 'notice', text: t('sale.notExact', { code }) });
      }
    });

  const remove = (line: CartLine) =>
    run(async () => {
      dispatch({ type: 'removed', line, cart: await pos.call('cart.setQty', { productId: line.productId, qty: 0 }) });
    });

  const setQty = (line: CartLine, qty: number) => {
    if (qty <= 0) return remove(line); // − at 1 removes the line; Ctrl+Z puts it back
    return run(async () => {
      const cart = await pos.call('cart.setQty', { productId: line.productId, qty: Math.min(qty, MAX_QTY) });
      dispatch({ type: 'cart', cart, added: line.productId });
    });
  };

  const undo = () =>
    run(async () => {
      const u = now.current.undo;
      if (!u) return;
      dispatch({ type: 'undone', cart: await pos.call('cart.add', { productId: u.productId, qty: u.qty }) });
    });

  const finishEdit = (commit: boolean) => {
    const e = now.current.editing;
    dispatch({ type: 'edit', productId: null });
    const line = e && now.current.cart.lines.find((l) => l.productId === e.productId);
    if (commit && line && e.text !== '') void setQty(line, Number(e.text));
    focusSearch();
  };

  const pay = async (method: 'cash' | 'member' = 'cash') => {
    const st = now.current;
    if (st.paying || st.completed || st.cart.lines.length === 0) return;
    if (method === 'cash') {
      const tender = saleTender(st);
      if (tender.kind === 'format') return dispatch({ type: 'error', text: t('sale.invalidAmount') });
      if (tender.kind === 'tooLarge')
        return dispatch({ type: 'error', text: t('sale.tooLarge', { max: money(TENDER_MAX_FEN) }) });
      if (tender.kind === 'short') return dispatch({ type: 'error', text: t('errors.INSUFFICIENT_TENDER') });
      // a large amount: the first press is the cashier's "yes, that much", the next one pays
      if (tender.kind === 'confirm' && !st.tenderConfirmed) return dispatch({ type: 'confirmTender' });
      if (!canPayCash(st)) return;
    } else {
      if (!st.member) return;
      // the balance short of what is due (or a payment already under way): take what it covers as one part of
      // a split tender; the rest by cash or a payment code
      if (openTender(payNow.current) || st.member.balance < stillDueOf(st)) {
        if (codeWaiting(payNow.current)) return dispatch({ type: 'error', text: t('pay.waitFirst') });
        await payment.payMember();
        return focusSearch();
      }
    }
    const open = openTender(payNow.current);
    if (open) payment.takeSold(open.id); // committed here: its sold event is this same sale
    dispatch({ type: 'paying' });
    try {
      const seat = st.seat.trim();
      const tender = saleTender(st);
      const { order } = await pos.call('sale.checkout', {
        payment: method,
        ...(method === 'cash' && (tender.kind === 'ok' || tender.kind === 'confirm')
          ? { tendered: tender.tendered }
          : {}),
        ...(st.member ? { memberId: st.member.id } : {}),
        ...(seat ? { seat } : {}),
      });
      dispatch({
        type: 'paid',
        order,
        cart: await freshCart(),
        ...(order.member ? { memberBalance: order.member.balance } : {}),
      });
    } catch (e) {
      dispatch({ type: 'payFailed', text: errorText(e) });
    } finally {
      focusSearch();
      onCashAct?.();
    }
  };

  const more = () =>
    run(async () => {
      const st = now.current;
      if (!st.hasMore || !st.results) return;
      const r = await pos.call('catalog.search', {
        query: st.resultsFor,
        limit: SEARCH_PAGE,
        offset: st.results.length,
      });
      dispatch({ type: 'moreResults', query: st.resultsFor, items: r.items, hasMore: !!r.hasMore });
    });

  /** The member the sale is made to: onto the cart too, which prices their level discount. */
  const setMember = (member: MemberView | null) =>
    run(async () => {
      const before = now.current.member?.id ?? null;
      dispatch({ type: 'member', member });
      if ((member?.id ?? null) !== before)
        dispatch({ type: 'cart', cart: await pos.call('cart.setMember', { memberId: member?.id ?? null }) });
    });

  const next = () => {
    dispatch({ type: 'next' });
    payment.next();
    focusSearch();
  };

  const command = (c: SaleCommand) => {
    const st = now.current;
    const line = currentLine(st);
    switch (c) {
      case 'editQty':
        if (line) dispatch({ type: 'edit', productId: line.productId });
        return;
      case 'focusMember':
        if (st.side !== 'pay' || st.completed) dispatch({ type: 'side', side: 'pay' });
        setTimeout(() => document.querySelector<HTMLInputElement>('[data-testid="member-input"]')?.focus(), 0);
        return;
      case 'focusTender':
        if (st.side !== 'pay') dispatch({ type: 'side', side: 'pay' });
        setTimeout(() => refs.tender.current?.focus(), 0);
        return;
      case 'toggleSide':
        dispatch({ type: 'side', side: st.side === 'pay' ? 'topup' : 'pay' });
        if (st.side === 'topup') setTimeout(focusSearch, 0);
        return;
      case 'payCode':
        if (st.side !== 'pay' || st.completed) dispatch({ type: 'side', side: 'pay' });
        setTimeout(() => refs.code.current?.focus(), 0);
        return;
      case 'payMember':
      case 'payCash':
        // from the top-up side the keys first bring the sale's payment back into view
        if (st.side !== 'pay') return dispatch({ type: 'side', side: 'pay' });
        return void pay(c === 'payCash' ? 'cash' : 'member');
      case 'undo':
        return void undo();
      case 'removeLine':
        return void (line && remove(line));
      case 'qtyUp':
        return void (line && setQty(line, line.qty + 1));
      case 'qtyDown':
        return void (line && setQty(line, line.qty - 1));
      case 'lineUp':
        return dispatch({ type: 'lineMove', by: -1 });
      case 'lineDown':
        return dispatch({ type: 'lineMove', by: 1 });
      case 'resultUp':
        return dispatch({ type: 'resultMove', by: -1 });
      case 'resultDown':
        if (st.results && st.selected === st.results.length - 1 && st.hasMore) return void more();
        return dispatch({ type: 'resultMove', by: 1 });
      case 'moreResults':
        return void more();
      case 'escape':
        if (st.completed) return next();
        // a payment code waiting: Esc takes it back (the provider reverses it; the customer is not charged)
        if (codeWaiting(payNow.current) && !st.query) return void payment.cancelWaiting();
        return dispatch(st.query ? { type: 'clearSearch' } : { type: 'qtyAhead', qty: null });
      case 'enter': {
        const q = searchText(st.query);
        if (!q.text) {
          if (q.qty !== null) return dispatch({ type: 'qtyAhead', qty: q.qty }); // `3*` alone: for the next scan
          if (st.completed) return next();
          if (st.cart.lines.length > 0) void pay();
          return;
        }
        const pick = st.selected >= 0 && st.resultsFor === q.text ? st.results?.[st.selected] : undefined;
        dispatch({ type: 'clearSearch' });
        // the customer's payment code scanned into the search box pays the sale (no product looks like one)
        if (!pick && paymentCodeOf(q.text)) {
          if (st.completed || st.cart.lines.length === 0) return dispatch({ type: 'error', text: t('pay.nothingDue') });
          return void payment.payCode(q.text);
        }
        if (pick) void addItem(pick, q.qty ?? st.qtyAhead ?? 1);
        else void scan(q.text, q.qty ?? st.qtyAhead ?? 1);
        return;
      }
    }
  };

  // F-keys from anywhere on the screen.
  const commandRef = useRef(command);
  commandRef.current = command;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (dialogOpen()) return; // a dialog's keys are its own
      const c = commandFor(e, { inSearch: false, searchEmpty: false, hasResults: false });
      if (c) {
        e.preventDefault();
        commandRef.current(c);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** The search box's own keys (the F-keys reach the window listener). */
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (/^F\d+$/.test(e.key)) return;
    const st = now.current;
    const c = commandFor(e, {
      inSearch: true,
      searchEmpty: !searchText(st.query).text && searchText(st.query).qty === null,
      hasResults: !!st.results?.length && !!searchText(st.query).text,
    });
    if (c) {
      e.preventDefault();
      command(c);
    }
  };

  return {
    s,
    dispatch,
    addItem,
    setQty,
    remove,
    undo,
    finishEdit,
    pay,
    more,
    next,
    setMember,
    onSearchKey,
    focusSearch,
    payment,
  };
}
