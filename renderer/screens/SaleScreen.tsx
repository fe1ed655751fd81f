// Runtime: DOM. The counter screen. Keyboard first: the search box holds the focus while selling (except while
// the cashier types cash, a member or a quantity) and doubles as the barcode-scanner input — a scanner is just
// fast keystrokes ending with Enter. The state machine is state/saleFlow.ts, its effects and keys
// state/useSaleScreen.ts and state/saleKeys.ts; every key is shown on screen (on its control, or in the key
// strip under the cart).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CartView } from '../components/CartView';
import { CodePayPanel } from '../components/CodePayPanel';
import { ErrorBanner } from '../components/ErrorBanner';
import { MemberBox } from '../components/MemberBox';
import { RecoveredPayments } from '../components/RecoveredPayments';
import { SaleComplete } from '../components/SaleComplete';
import { SaleKeys, UndoBar } from '../components/SaleKeys';
import { SearchResults } from '../components/SearchResults';
import { TenderPanel } from '../components/TenderPanel';
import { TopupPanel } from '../components/TopupPanel';
import { SaleChangesBar } from '../components/sale/SaleChangesBar';
import { money } from '../format';
import { discountOf, dueOf, searchText, stillDueOf } from '../state/saleFlow';
import { useSaleScreen } from '../state/useSaleScreen';

/** onCashAct: after a payment or top-up went through or was refused (the shift may have opened, or be another's) */
export function SaleScreen({ onCashAct }: { onCashAct?: () => void } = {}) {
  const { t } = useTranslation();
  const searchRef = useRef<HTMLInputElement>(null);
  const tenderRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const sale = useSaleScreen({ search: searchRef, tender: tenderRef, code: codeRef }, onCashAct);
  const { s, dispatch, focusSearch, payment } = sale;

  // Keep the search box focused: whenever focus lands anywhere but a text field, take it back — except on the
  // top-up side, whose buttons lead on to its next field (a face value → 下一步, a biller → the account number).
  const sideRef = useRef(s.side);
  sideRef.current = s.side;
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

  const q = searchText(s.query);
  const showResults = !!q.text && s.results !== null && s.resultsFor === q.text;
  const due = dueOf(s);
  return (
    <div className="sale">
      <section className="sale__left">
        <div className="search">
          {(q.qty ?? s.qtyAhead) !== null && (
            <span className="search__qty" data-testid="qty-ahead">
              ×{q.qty ?? s.qtyAhead}
            </span>
          )}
          <input
            ref={searchRef}
            data-testid="search-input"
            className="search__input"
            aria-label={t('sale.searchLabel')}
            placeholder={t('sale.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            value={s.query}
            onChange={(e) => dispatch({ type: 'typed', query: e.target.value })}
            onKeyDown={sale.onSearchKey}
          />
          {s.notice && <div className="notice">{s.notice}</div>}
          {showResults &&
            (s.results!.length > 0 ? (
              <SearchResults
                items={s.results!}
                selected={s.selected}
                hasMore={s.hasMore}
                onPick={(item) => {
                  dispatch({ type: 'clearSearch' });
                  void sale.addItem(item);
                }}
                onMore={() => void sale.more()}
              />
            ) : (
              <div className="results results--none muted">{t('sale.noResults', { query: q.text })}</div>
            ))}
        </div>
        <ErrorBanner text={s.error} />
        <RecoveredPayments recovered={payment.ps.options?.recovered ?? []} />
        {s.undo && <UndoBar name={s.undo.name} qty={s.undo.qty} onUndo={() => void sale.undo()} />}
        <div className="sale__cart">
          <CartView
            cart={s.cart}
            line={s.line}
            editing={s.editing}
            onQty={(line, qty) => void sale.setQty(line, qty)}
            onRemove={(line) => void sale.remove(line)}
            onEdit={(productId) => dispatch({ type: 'edit', productId })}
            onEditText={(text) => dispatch({ type: 'editText', text })}
            onEditDone={sale.finishEdit}
            onSelect={(index) => dispatch({ type: 'lineAt', index })}
          />
        </div>
        <SaleChangesBar
          cart={s.cart}
          seat={s.seat}
          onCart={(cart) => dispatch({ type: 'cart', cart })}
          onRecalled={(_, seat, member) => {
            if (s.completed) dispatch({ type: 'next' });
            dispatch({ type: 'seat', seat: seat ?? '' });
            // the member box follows the cart: the basket's member back on recall, nobody after parking
            dispatch({ type: 'member', member });
          }}
          onError={(text) => dispatch({ type: 'error', text })}
        />
        <SaleKeys />
      </section>
      <aside className="sale__right">
        <div className="side-tabs" role="tablist">
          {(['pay', 'topup'] as const).map((side) => (
            <button
              key={side}
              type="button"
              role="tab"
              aria-selected={s.side === side}
              className={s.side === side ? 'on' : ''}
              data-testid={`tab-${side}`}
              onClick={() => dispatch({ type: 'side', side })}
            >
              {t(side === 'pay' ? 'topup.tabSale' : 'topup.tab')} {s.side !== side && <kbd>F6</kbd>}
            </button>
          ))}
        </div>
        {/* Mounted behind the 收款 tab too: it keeps following pending top-ups while the cashier sells. */}
        <TopupPanel visible={s.side === 'topup'} onSubmitted={onCashAct} />
        {s.side === 'topup' ? null : s.completed ? (
          <SaleComplete order={s.completed} onNext={sale.next} onFocus={focusSearch} />
        ) : (
          <>
            <MemberBox
              member={s.member}
              onMember={(member) => void sale.setMember(member)}
              seat={s.seat}
              onSeat={(seat) => dispatch({ type: 'seat', seat })}
            />
            {(s.cart.orderDiscount ?? 0) + (s.cart.rounding ?? 0) > 0 && (
              <div className="tender__row muted small" data-testid="order-adjustments">
                {(s.cart.orderDiscount ?? 0) > 0 && (
                  <span>{t('changes.orderDiscount', { amount: money(s.cart.orderDiscount!) })}</span>
                )}
                {(s.cart.rounding ?? 0) > 0 && (
                  <span data-testid="rounding">{t('changes.rounding', { amount: money(s.cart.rounding!) })}</span>
                )}
              </div>
            )}
            <TenderPanel
              member={
                s.member
                  ? { discount: discountOf(s), balance: s.member.balance, onPayMember: () => void sale.pay('member') }
                  : undefined
              }
              total={due}
              itemCount={s.cart.itemCount}
              text={s.tenderText}
              onText={(text) => dispatch({ type: 'tender', text })}
              onPay={() => void sale.pay('cash')}
              busy={s.paying}
              confirmed={s.tenderConfirmed}
              inputRef={tenderRef}
              parts={s.parts}
            >
              <CodePayPanel
                ps={payment.ps}
                stillDue={stillDueOf(s)}
                itemCount={s.cart.itemCount}
                codeRef={codeRef}
                onCode={(code, amount) => void payment.payCode(code, amount).then(focusSearch)}
                onStatic={payment.askStatic}
                onConfirmStatic={() => void payment.confirmStatic().then(focusSearch)}
                onDropStatic={() => payment.dispatch({ type: 'staticDone' })}
                onRemove={(id) => void payment.remove(id)}
                onCancelAll={() => void payment.cancelAll().then(focusSearch)}
                onCancelWaiting={() => void payment.cancelWaiting()}
              />
            </TenderPanel>
          </>
        )}
      </aside>
    </div>
  );
}
