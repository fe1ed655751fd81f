// Runtime: DOM. The counter screen. Keyboard first: the search box holds focus at all times (except while
// the cashier types cash tendered) and doubles as the barcode-scanner input — a scanner is just fast
// keystrokes ending with Enter. Enter = `cart.scan` (exact barcode/SKU); no exact match falls back to search
// results. Typing searches after an 80 ms pause. F9 pays from anywhere.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Cart, type CatalogItem, type CompletedOrder, type MemberView } from '../../shared/api/contract';
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
import { SaleChangesBar } from '../components/sale/SaleChangesBar';
import { money } from '../format';

const SEARCH_DEBOUNCE_MS = 80;
const EMPTY_CART: Cart = { lines: [], itemCount: 0, subtotal: fen(0), total: fen(0) };

export function SaleScreen() {
  const { t } = useTranslation();
  const pos = usePos();
  const searchRef = useRef<HTMLInputElement>(null);
  const tenderRef = useRef<HTMLInputElement>(null);
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
  // The backend prices the cart (member level, order discount, 抹零): the screen shows its figures.
  const discount = cart.memberDiscount ?? 0;
  const due = cart.total;
  /** bumps on every search or scan; a search answer that is not the latest one is dropped */
  const searchSeq = useRef(0);
  /** the next search comes from a failed scan: highlight its first result so Enter adds it */
  const preselectNext = useRef(false);

  const focusSearch = useCallback(() => searchRef.current?.focus(), []);

  useEffect(() => {
    void pos.try('cart.get', {}).then((r) => r.ok && setCart(r.value));
  }, [pos]);

  // The member the sale is made to lives in the cart (their level discount is part of its price).
  const memberId = member?.id ?? null;
  const cartMemberId = cart.member?.id ?? null;
  useEffect(() => {
    if (memberId === cartMemberId) return;
    void pos.try('cart.setMember', { memberId }).then((r) => (r.ok ? setCart(r.value) : setError(errorText(r.error))));
  }, [pos, memberId, cartMemberId]);

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

  const setQty = (productId: string, qty: number) => {
    void apply(() => pos.call('cart.setQty', { productId, qty: Math.max(0, qty) }));
    focusSearch();
  };

  const pay = async (payment: 'cash' | 'member' = 'cash') => {
    if (paying || completed || cart.lines.length === 0) return;
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
      setCompleted(order);
      if (member && order.member) setMember({ ...member, balance: order.member.balance });
      setSeat('');
      resetSearch();
      const r = await pos.try('cart.get', {});
      setCart(r.ok ? r.value : EMPTY_CART);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPaying(false);
      focusSearch();
    }
  };

  const nextCustomer = () => {
    setCompleted(null);
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
      else void scan(text);
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
        <SaleChangesBar
          cart={cart}
          seat={seat}
          onCart={setCart}
          onRecalled={(_, s) => {
            setSeat(s ?? '');
            leaveCompleted();
          }}
          onError={setError}
        />
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
            {(cart.orderDiscount ?? 0) + (cart.rounding ?? 0) > 0 && (
              <div className="tender__row muted small" data-testid="order-adjustments">
                {(cart.orderDiscount ?? 0) > 0 && (
                  <span>{t('changes.orderDiscount', { amount: money(cart.orderDiscount!) })}</span>
                )}
                {(cart.rounding ?? 0) > 0 && (
                  <span data-testid="rounding">{t('changes.rounding', { amount: money(cart.rounding!) })}</span>
                )}
              </div>
            )}
            <TenderPanel
              member={member ? { discount, balance: member.balance, onPayMember: () => void pay('member') } : undefined}
              total={due}
              itemCount={cart.itemCount}
              text={tenderText}
              onText={(text) => {
                setTenderText(text);
                setError(null);
              }}
              onPay={() => void pay('cash')}
              busy={paying}
              inputRef={tenderRef}
            />
          </>
        )}
      </aside>
    </div>
  );
}
