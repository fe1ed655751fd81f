// Runtime: DOM. 取单: the baskets waiting on this till (time, lines, total, who parked them); recall one into
// the empty cart, or give it up with a reason (audited).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart, MemberView, ParkedBasket } from '../../../shared/api/contract';
import { clockTime, money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { useEscapeToClose } from '../../state/useEscapeToClose';

export function ParkedDialog({
  onRecalled,
  onClose,
}: {
  onRecalled: (cart: Cart, seat: string | null, member: MemberView | null) => void;
  onClose: () => void;
}) {
  useEscapeToClose(onClose);
  const { t } = useTranslation();
  const pos = usePos();
  const [baskets, setBaskets] = useState<ParkedBasket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    void pos.try('park.list', {}).then((r) => (r.ok ? setBaskets(r.value.baskets) : setError(errorText(r.error))));
  }, [pos]);

  const recall = async (id: string) => {
    const r = await pos.try('park.recall', { id });
    if (r.ok) onRecalled(r.value.cart, r.value.seat, r.value.member);
    else setError(errorText(r.error));
  };
  const discard = async (id: string) => {
    const r = await pos.try('park.discard', { id, reason: reason.trim() });
    if (r.ok) {
      setBaskets(r.value.baskets);
      setDiscarding(null);
      setReason('');
    } else setError(errorText(r.error));
  };

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="parked-title" data-testid="parked-dialog">
      <div className="modal__body card">
        <h2 id="parked-title">{t('changes.parked.title')}</h2>
        {baskets && baskets.length === 0 && <p className="muted">{t('changes.parked.none')}</p>}
        <ul className="parked">
          {baskets?.map((b) => (
            <li key={b.id} data-testid="parked-basket">
              <div>
                <strong>{clockTime(b.parkedAt)}</strong> · {b.parkedByName ?? '—'}
                {b.seat && ` · ${t('changes.parked.seat', { seat: b.seat })}`}
                {b.memberName && ` · ${b.memberName}`}
                {b.note && ` · ${b.note}`}
              </div>
              <div className="muted small">
                {b.lines.map((l) => `${l.name} ×${l.qty}`).join('、')}
                {b.itemCount > b.lines.reduce((s, l) => s + l.qty, 0) ? ' …' : ''}
              </div>
              <div className="parked__actions">
                <strong>{money(b.total)}</strong>
                <button type="button" data-testid="parked-recall" onClick={() => void recall(b.id)}>
                  {t('changes.parked.recall')}
                </button>
                {discarding === b.id ? (
                  <>
                    <input
                      autoFocus
                      data-testid="parked-reason"
                      aria-label={t('changes.parked.reason')}
                      placeholder={t('changes.parked.reason')}
                      value={reason}
                      maxLength={100}
                      onChange={(e) => setReason(e.target.value)}
                    />
                    <button
                      type="button"
                      className="ghost"
                      data-testid="parked-discard-confirm"
                      disabled={!reason.trim()}
                      onClick={() => void discard(b.id)}
                    >
                      {t('changes.parked.discardConfirm')}
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="ghost"
                    data-testid="parked-discard"
                    onClick={() => setDiscarding(b.id)}
                  >
                    {t('changes.parked.discard')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="ghost" onClick={onClose}>
            {t('changes.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
