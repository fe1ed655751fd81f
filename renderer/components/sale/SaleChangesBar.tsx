// Runtime: DOM. Under the cart: 改价/折扣, 挂单 (park the basket with its member and seat), 取单 (the waiting
// baskets, with their count) and 历史/退货 (order history, reprints, returns, voids). Each opens its dialog; the
// state machines live in the backend (cart, parked baskets, returns) and in useOverride.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart, MemberView } from '../../../shared/api/contract';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { AdjustDialog } from './AdjustDialog';
import { HistoryDialog } from './HistoryDialog';
import { ParkedDialog } from './ParkedDialog';

export function SaleChangesBar({
  cart,
  seat,
  onCart,
  onRecalled,
  onError,
}: {
  cart: Cart;
  seat: string;
  onCart: (cart: Cart) => void;
  /** a basket came back: its cart, seat and member (parking empties all three: nulls) */
  onRecalled: (cart: Cart, seat: string | null, member: MemberView | null) => void;
  onError: (text: string | null) => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [open, setOpen] = useState<'adjust' | 'parked' | 'history' | null>(null);
  const [waiting, setWaiting] = useState(0);
  const count = useCallback(
    () => void pos.try('park.list', {}).then((r) => r.ok && setWaiting(r.value.baskets.length)),
    [pos],
  );
  useEffect(count, [count, open]);

  const park = async () => {
    const r = await pos.try('park.save', seat.trim() ? { seat: seat.trim() } : {});
    if (!r.ok) return onError(errorText(r.error));
    onError(null);
    onCart(r.value.cart);
    onRecalled(r.value.cart, null, null);
    count();
  };

  const empty = cart.lines.length === 0;
  return (
    <div className="sale-changes" data-testid="sale-changes">
      <button
        type="button"
        className="ghost"
        data-testid="open-adjust"
        disabled={empty}
        onClick={() => setOpen('adjust')}
      >
        {t('changes.adjust.button')}
      </button>
      <button type="button" className="ghost" data-testid="park" disabled={empty} onClick={() => void park()}>
        {t('changes.parked.park')}
      </button>
      <button
        type="button"
        className="ghost"
        data-testid="open-parked"
        disabled={!empty}
        title={empty ? undefined : t('changes.parked.cartNotEmpty')}
        onClick={() => setOpen('parked')}
      >
        {t('changes.parked.button', { count: waiting })}
      </button>
      <button type="button" className="ghost" data-testid="open-history" onClick={() => setOpen('history')}>
        {t('changes.history.button')}
      </button>
      {cart.override && (
        <span className="muted small" data-testid="cart-override">
          {t('changes.approvedBy', { name: cart.override.supervisorName })}
        </span>
      )}
      {open === 'adjust' && <AdjustDialog cart={cart} onCart={onCart} onClose={() => setOpen(null)} />}
      {open === 'parked' && (
        <ParkedDialog
          onRecalled={(c, s, m) => {
            onCart(c);
            onRecalled(c, s, m);
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'history' && <HistoryDialog onClose={() => setOpen(null)} />}
    </div>
  );
}
