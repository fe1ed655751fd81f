// Runtime: DOM. Top-ups (话费充值), game cards (游戏点卡) and utility bills (生活缴费) at the counter, online
// only. The flow is the reducer in state/topupFlow.ts (pick → confirm → status); the orders are followed to
// their final state by state/useVirtualWatch.ts, which keeps going after 下一位 and picks up the journal's
// pending orders again when the screen comes back or the app restarted (via 最近充值).
// Cash: the customer pays cash at the counter; the backend records it in the drawer with the order's
// journal row, and hands it back (a drawer movement) when the order fails. A card code is held in memory
// only: here until the panel forgets the order, in the backend for printing (receipt.printCard).
import { useEffect, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { VIRTUAL_DEFINITE_REFUSALS } from '../../shared/api/virtual-methods';
import type { ErrorCode } from '../../shared/errors';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { canSubmit, dueOf, INITIAL_TOPUP, submitFields, tenderOf, topupReducer } from '../state/topupFlow';
import { useSyncStatus } from '../state/useSyncStatus';
import { useVirtualWatch } from '../state/useVirtualWatch';
import { RecentVirtualOrders } from './RecentVirtualOrders';
import { TopupConfirm } from './topup/TopupConfirm';
import { TopupPick } from './topup/TopupPick';
import { TopupStatus } from './topup/TopupStatus';
import { useTopupCatalog } from './topup/useTopupCatalog';

/** onSubmitted: after a top-up was handed to the cloud or refused (its cash moved in the shift, or the shift is another's) */
export function TopupPanel({ visible = true, onSubmitted }: { visible?: boolean; onSubmitted?: () => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const sync = useSyncStatus();
  const offline = sync?.state === 'offline';
  const [s, dispatch] = useReducer(topupReducer, INITIAL_TOPUP);
  const watch = useVirtualWatch();
  const { hit, products, cards, billers } = useTopupCatalog(s.mode, s.phone);
  const due = dueOf(s);

  // Shown again (from the 收款 tab): the phone field takes the keyboard when the panel is at its start.
  useEffect(() => {
    if (visible && s.step.kind === 'pick' && s.mode === 'topup')
      document.querySelector<HTMLInputElement>('[data-testid="topup-phone"]')?.focus();
  }, [visible]); // eslint-disable-line react-hooks/exhaustive-deps -- only when the panel is shown

  const submit = async () => {
    if (s.step.kind !== 'confirm' || !s.chosen || due === null || !canSubmit(s, offline)) return;
    const tender = tenderOf(s.tenderText, due);
    if (tender.kind !== 'ok' && tender.kind !== 'confirm') return;
    dispatch({ type: 'submitting' });
    try {
      const order = await pos.call('virtual.submit', {
        productId: s.chosen.id,
        clientOrderId: s.step.clientOrderId,
        ...submitFields(s),
      });
      watch.watch(order);
      dispatch({ type: 'submitted', orderId: order.id, paid: tender.tendered });
      onSubmitted?.();
    } catch (e) {
      onSubmitted?.();
      const code = (e as { code?: string }).code;
      // A refusal the cloud gave on purpose charged nothing: the drawer already counts the cash as handed back.
      dispatch({
        type: 'failed',
        error:
          code === 'OFFLINE'
            ? t('topup.offline')
            : code && VIRTUAL_DEFINITE_REFUSALS.has(code as ErrorCode)
              ? `${errorText(e)} ${t('shift.refusedReturnCash')}`
              : errorText(e),
      });
    }
  };

  const printCard = async (orderId: string) => {
    dispatch({ type: 'error', error: null });
    const r = await pos.try('receipt.printCard', { orderId });
    dispatch(r.ok ? { type: 'printed' } : { type: 'error', error: errorText(r.error) });
  };

  const watched = s.step.kind === 'status' ? watch.orders.get(s.step.orderId) : undefined;

  return (
    <section className="topup" data-testid="topup-panel" hidden={!visible}>
      {offline && (
        <div className="topup__offline" data-testid="topup-offline">
          {t('topup.offline')}
        </div>
      )}
      {s.error && (
        <div className="topup__error" data-testid="topup-error" role="alert">
          {s.error}
        </div>
      )}
      {s.step.kind === 'pick' && (
        <TopupPick
          s={s}
          dispatch={dispatch}
          hit={hit}
          products={products}
          cards={cards}
          billers={billers}
          offline={offline}
          onConfirm={() => dispatch({ type: 'toConfirm', clientOrderId: crypto.randomUUID() })}
        />
      )}
      {s.step.kind === 'confirm' && due !== null && (
        <TopupConfirm
          s={s}
          due={due}
          carrier={hit?.carrier ?? null}
          offline={offline}
          dispatch={dispatch}
          onSubmit={() => void submit()}
        />
      )}
      {s.step.kind === 'status' && watched && (
        <TopupStatus
          order={watched.order}
          paid={s.step.paid}
          cardCode={watched.cardCode}
          printed={s.printed}
          onPrint={() => void printCard(watched.order.id)}
          onNext={() => dispatch({ type: 'next' })}
        />
      )}
      {s.step.kind === 'pick' && (
        <RecentVirtualOrders
          visible={visible}
          live={watch.orders}
          onPending={watch.resume}
          onPrint={(id) => void printCard(id)}
        />
      )}
    </section>
  );
}
