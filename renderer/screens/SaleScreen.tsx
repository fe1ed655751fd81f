// Runtime: DOM. The counter screen. Keyboard first: the search box holds focus at all times (except while
// the cashier types cash tendered) and doubles as the barcode-scanner input — a scanner is just fast
// keystrokes ending with Enter. Enter = `cart.scan` (exact barcode/SKU); no exact match falls back to search
// results. Typing searches after an 80 ms pause. F9 pays from anywhere. A customer's payment code scanned into
// the search box (or the code field, F8) pays the cart by code; the tender (split tender, static QR codes,
// member balance first) lives in the backend and is followed here ('tender.changed', payments/tender.ts).
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  memberDiscountFen,
  type Cart,
  type CatalogItem,
  type CompletedOrder,
  type MemberView,
  type PayOptions,
  type TenderView,
} from '../../shared/api/contract';
import { fen } from '../../shared/money';
import { MemberBox } from '../components/MemberBox';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { CartView } from '../components/CartView';
import { ErrorBanner } from '../components/ErrorBanner';
import { SaleComplete } from '../components/SaleComplete';
import { SearchResults } from '../components/SearchResults';
import { readTender, TenderPanel } from '../components/TenderPanel';
import { TopupPanel } from '../components/TopupPanel';
import { CodePayPanel } from '../components/CodePayPanel';
import { codeWaiting, dueOf, paymentCodeOf } from '../state/payFlow';

const SEARCH_DEBOUNCE_MS = 80;
const EMPTY_CART: Cart = { lines: [], itemCount: 0, subtotal: fen(0), total: fen(0) };

export function SaleScreen() {
  const { t } = useTranslation();
  const pos = usePos();
  const searchRef = useRef<HTMLInputElement>(null);
  const tenderRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  /** the backend's tender of this cart (payment codes, split tender) and what may be taken now */
  const [tender, setTender] = useState<TenderView | null>(null);
  const [payOptions, setPayOptions] = useState<PayOptions | null>(null);
  const [cart, setCart] = useState<Cart>(EMPTY_CART);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CatalogItem[] | null>(null);
  const [selected, setSelected] = useState(-1);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tenderText, setTenderText] = useState('');
  const [paying, setPaying] = useState(false);
  const [completed, setCompleted] = useState<CompletedOrder | null>(null);
  /** the right-hand side: cash payment of the cart, or top-ups / game cards (online, outside the cart) */
  const [side, setSide] = useState<'pay' | 'topup'>('pay');
  /** internet cafés: the member the sale is made to (their discount; stored value) and the seat it goes to */
  const [member, setMember] = useState<MemberView | null>(null);
  const [seat, setSeat] = useState('');
  const discount = member ? memberDiscountFen(cart.subtotal, member.discountBps) : 0;
  const due = fen(dueOf(cart.total - discount, tender));
  /** bumps on every search or scan; a search answer that is not the latest one is dropped */
  const searchSeq = useRef(0);
  /** the next search comes from a failed scan: highlight its first result so Enter adds it */
  const preselectNext = useRef(false);

  const focusSearch = useCallback(() => searchRef.current?.focus(), []);

  useEffect(() => {
    void pos.try('cart.get', {}).then((r) => r.ok && setCart(r.value));
  }, [pos]);

  // The tender: pushed by the backend on every change, and asked for while a code waits (a missed event
  // costs one poll interval, never a stuck screen).
  const refreshTender = useCallback(async () => {
    const r = await pos.try('tender.get', {});
    if (r.ok) {
      setTender(r.value.tender);
      setPayOptions(r.value.options);
    }
  }, [pos]);
  useEffect(() => {
    void refreshTender();
    return pos.on('tender.changed', (p) => setTender(p.tender));
  }, [pos, refreshTender]);
  const waiting = codeWaiting(tender);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void refreshTender(), payOptions?.pollIntervalMs ?? 1_000);
    return () => clearInterval(timer);
  }, [waiting, payOptions, refreshTender]);

  // Keep the search box focused: whenever focus lands anywhere but a text field, take it back — except on the
  // top-up side, whose buttons lead on to its next field (a face value → 下一步, a biller → the account number).
  const sideRef = useRef(side);
  sideRef.current = side;
  useEffect(() => {
    const onFocusOut = () =>
      setTimeout(() => {
        const el = document.activeElement;
        if (sideRef.current === 'topup') return;
        if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement))
          focusSearch();
      }, 0);
    document.addEventListener('focusout', onFocusOut);
    focusSearch();
    return () => document.removeEventListener('focusout', onFocusOut);
  }, [focusSearch]);

  const runSearch = useCallback(
    /** preselect: highlight the first result so Enter adds it (after a scan found no exact match) */
    async (text: string, seq: number, preselect = false) => {
      const r = await pos.try('catalog.search', { query: text, limit: 30 });
      if (seq !== searchSeq.current) return;
      if (r.ok) {
        setResults(r.value.items);
        setSelected(preselect && r.value.items.length > 0 ? 0 : -1);
      } else setError(errorText(r.error));
    },
    [pos],
  );

  // Debounced search as the cashier types.
  useEffect(() => {
    const text = query.trim();
    const seq = ++searchSeq.current;
    if (!text) {
      setResults(null);
      setSelected(-1);
      return;
    }
    const preselect = preselectNext.current;
    const timer = setTimeout(() => void runSearch(text, seq, preselect), preselect ? 0 : SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, runSearch]);

  const resetSearch = () => {
    searchSeq.current++;
    preselectNext.current = false;
    setQuery('');
    setResults(null);
    setSelected(-1);
    setNotice(null);
  };

  /** Starting to ring up a new sale clears the previous one's receipt panel. */
  const leaveCompleted = () => {
    if (completed) {
      setCompleted(null);
      setTenderText('');
    }
  };

  const apply = async (work: () => Promise<Cart>) => {
    setError(null);
    try {
      setCart(await work());
    } catch (e) {
      setError(errorText(e));
    }
  };

  const addItem = async (item: CatalogItem) => {
    leaveCompleted();
    resetSearch();
    await apply(() => pos.call('cart.add', { productId: item.id, qty: 1 }));
    focusSearch();
  };

  const scan = async (code: string) => {
    leaveCompleted();
    // Clear now, not when the answer comes: a scanner's next code may already be arriving.
    resetSearch();
    setError(null);
    try {
      const { cart: next, item } = await pos.call('cart.scan', { code });
      setCart(next);
      if (item) return;
      // No exact match: show the search for the code instead, unless the cashier has typed on.
      if (searchRef.current?.value === '') {
        preselectNext.current = true;
        setQuery(code);
        setNotice(t('sale.notExact', { code }));
      }
    } catch (e) {
      setError(errorText(e));
    }
  };

  /** The sale committed (by cash here, or by the tender when its last code was paid). */
  const finish = async (order: CompletedOrder) => {
    setCompleted(order);
    if (member && order.member) setMember({ ...member, balance: order.member.balance });
    setSeat('');
    resetSearch();
    const r = await pos.try('cart.get', {});
    setCart(r.ok ? r.value : EMPTY_CART);
  };
  const soldId = tender?.status === 'sold' ? tender.completed?.id : undefined;
  const finishRef = useRef(finish);
  finishRef.current = finish;
  useEffect(() => {
    if (soldId && tender?.completed && completed?.id !== soldId) void finishRef.current(tender.completed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [soldId]);

  /** A tender change asked of the backend; its answer (and later events) show the parts. */
  const tenderCall = async (work: () => Promise<{ tender: TenderView | null }>) => {
    setError(null);
    try {
      setTender((await work()).tender);
    } catch (e) {
      setError(errorText(e));
      void refreshTender();
    } finally {
      focusSearch();
    }
  };
  const seatInput = () => (seat.trim() ? { seat: seat.trim() } : {});
  const payByCode = (code: string, amount?: number) =>
    tenderCall(() => pos.call('tender.code', { code, ...(amount ? { amount } : {}), ...seatInput() }));

  const setQty = (productId: string, qty: number) => {
    void apply(() => pos.call('cart.setQty', { productId, qty: Math.max(0, qty) }));
    focusSearch();
  };

  const pay = async (payment: 'cash' | 'member' = 'cash') => {
    if (paying || completed || cart.lines.length === 0 || waiting) return;
    const { tendered, change } = readTender(tenderText, due);
    if (payment === 'cash' && tendered === null) return setError(t('sale.invalidAmount'));
    if (payment === 'cash' && (change === null || change < 0)) return setError(t('errors.INSUFFICIENT_TENDER'));
    setPaying(true);
    setError(null);
    try {
      const seatText = seat.trim();
      const { order } = await pos.call('sale.checkout', {
        payment,
        ...(payment === 'cash' ? { tendered: tendered! } : {}),
        ...(member ? { memberId: member.id } : {}),
        ...(seatText ? { seat: seatText } : {}),
      });
      await finish(order);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPaying(false);
      focusSearch();
    }
  };

  const nextCustomer = () => {
    setCompleted(null);
    setTender(null);
    setMember(null);
    setTenderText('');
    setError(null);
    resetSearch();
    focusSearch();
  };

  // F9 pays from anywhere on the screen.
  const payRef = useRef(pay);
  payRef.current = pay;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'F9') {
        e.preventDefault();
        void payRef.current();
      } else if (e.key === 'F8') {
        e.preventDefault();
        codeRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const items = results ?? [];
    if (e.key === 'ArrowDown' && items.length > 0) {
      e.preventDefault();
      setSelected((s) => Math.min(s + 1, items.length - 1));
    } else if (e.key === 'ArrowUp' && items.length > 0) {
      e.preventDefault();
      setSelected((s) => Math.max(s - 1, 0));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (completed) nextCustomer();
      else resetSearch();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const text = query.trim();
      const pick = selected >= 0 ? items[selected] : undefined;
      if (!text) {
        // Empty search + Enter: finish the receipt, or move on to paying.
        if (completed) nextCustomer();
        else if (cart.lines.length > 0) void pay();
      } else if (pick)
        void addItem(pick); // a result the cashier chose with the arrows (or the first after a failed scan)
      else if (cart.lines.length > 0 && !completed && paymentCodeOf(text)) {
        // a customer's payment code, never a product: it pays the cart
        resetSearch();
        void payByCode(text);
      } else void scan(text);
    }
  };

  return (
    <div className="sale">
      <section className="sale__left">
        <div className="search">
          <input
            ref={searchRef}
            data-testid="search-input"
            className="search__input"
            aria-label={t('sale.searchLabel')}
            placeholder={t('sale.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => {
              setSelected(-1); // typing more means a new query: Enter scans it rather than picking a stale row
              preselectNext.current = false;
              setNotice(null);
              if (completed && e.target.value) leaveCompleted();
              setQuery(e.target.value);
            }}
            onKeyDown={onSearchKey}
          />
          {notice && <div className="notice">{notice}</div>}
          {results &&
            query.trim() &&
            (results.length > 0 ? (
              <SearchResults items={results} selected={selected} onPick={(item) => void addItem(item)} />
            ) : (
              <div className="results results--none muted">{t('sale.noResults', { query: query.trim() })}</div>
            ))}
        </div>
        <ErrorBanner text={error} />
        <div className="sale__cart">
          <CartView cart={cart} onSetQty={setQty} />
        </div>
      </section>
      <aside className="sale__right">
        <div className="side-tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={side === 'pay'}
            className={side === 'pay' ? 'on' : ''}
            data-testid="tab-pay"
            onClick={() => setSide('pay')}
          >
            {t('topup.tabSale')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={side === 'topup'}
            className={side === 'topup' ? 'on' : ''}
            data-testid="tab-topup"
            onClick={() => setSide('topup')}
          >
            {t('topup.tab')}
          </button>
        </div>
        {/* Mounted behind the 收款 tab too: it keeps following pending top-ups while the cashier sells. */}
        <TopupPanel visible={side === 'topup'} />
        {side === 'topup' ? null : completed ? (
          <SaleComplete order={completed} onNext={nextCustomer} onFocus={focusSearch} />
        ) : (
          <>
            <MemberBox member={member} onMember={setMember} seat={seat} onSeat={setSeat} />
            {/* while a code waits, its state (请在手机上确认) takes the cash panel's place: no cash meanwhile */}
            {!waiting && (
              <TenderPanel
                member={
                  member ? { discount, balance: member.balance, onPayMember: () => void pay('member') } : undefined
                }
                total={due}
                itemCount={cart.itemCount}
                text={tenderText}
                onText={(text) => {
                  setTenderText(text);
                  setError(null);
                }}
                onPay={() => void pay('cash')}
                busy={paying || waiting}
                inputRef={tenderRef}
              />
            )}
            <CodePayPanel
              tender={tender}
              options={payOptions}
              itemCount={cart.itemCount}
              busy={paying}
              codeRef={codeRef}
              onCode={(code, amount) => void payByCode(code, amount)}
              onStatic={(method, amount) =>
                void tenderCall(() =>
                  pos.call('tender.static', { method, ...(amount ? { amount } : {}), ...seatInput() }),
                )
              }
              onMember={
                member
                  ? () =>
                      void tenderCall(async () => {
                        // the member the screen shows becomes the cart's (the backend pays from the cart's member)
                        await pos.call('cart.setMember', { memberId: member.id });
                        return pos.call('tender.member', seatInput());
                      })
                  : undefined
              }
              onRemove={(partId) => void tenderCall(() => pos.call('tender.remove', { partId }))}
              onCancel={() => void tenderCall(() => pos.call('tender.cancel', {}))}
            />
          </>
        )}
      </aside>
    </div>
  );
}
