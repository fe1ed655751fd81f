// Runtime: DOM. The shift dialog (班次) from the top bar: open a shift with the float counted into the
// drawer, see what the drawer should hold by kind of movement, pay cash in or out with a reason, and close
// (交班) with the cash counted — the difference is shown BEFORE the cashier confirms. After closing: the
// summary, the 交班单 printed on the receipt printer or previewed, and the last closed shifts.
// All of it is local (sales.db) and works offline.
// Long on purpose: one dialog whose four steps (open, movements, close, the printed summary) share the shift being
// shown; the flow's state lives in hooks, the rest is markup.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHIFT_CASH_KINDS, type ShiftSummary } from '../../shared/api/shift-methods';
import { parseYuan } from '../../shared/money';
import { money, when } from '../format';
import { DrawerButton } from './DrawerButton';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { useEscapeToClose } from '../state/useEscapeToClose';
import { ShiftCovers } from './shift/ShiftCovers';

const time = (ms: number) => when(ms, 'dateTimeMinute');
const signed = (fen: number) => (fen > 0 ? `+${money(fen)}` : fen < 0 ? `-${money(-fen)}` : money(0));

function CashTable({ shift }: { shift: ShiftSummary }) {
  const { t } = useTranslation();
  return (
    <table className="owner-table" data-testid="shift-cash">
      <tbody>
        <tr>
          <td>{t('shift.openingFloat')}</td>
          <td className="num">{money(shift.openingFloat)}</td>
        </tr>
        {SHIFT_CASH_KINDS.map((k) => (
          <tr key={k} data-testid={`shift-kind-${k}`}>
            <td>{t(`shift.kinds.${k}`)}</td>
            <td className="num">{signed(shift.cashByKind[k])}</td>
          </tr>
        ))}
        <tr>
          <td className="strong">{t('shift.expected')}</td>
          <td className="num strong" data-testid="shift-expected">
            {money(shift.expectedCash)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** Discounts given, returns by tender, voids and overrides of the shift (as the 交班单 prints them). */
function SaleChanges({ shift }: { shift: ShiftSummary }) {
  const { t } = useTranslation();
  const c = shift.saleChanges;
  if (!c) return null;
  const rows: [string, string][] = [
    [t('shift.changes.discounts'), signed(-c.discountsGiven)],
    [t('shift.changes.member'), signed(-c.memberDiscounts)],
    [t('shift.changes.rounding'), signed(-c.rounding)],
    [t('shift.changes.returns', { count: c.returnsCount }), ''],
    ...Object.entries(c.refundsByMethod).map(([m, v]): [string, string] => [
      t('shift.changes.refund', { method: t(`changes.method.${m}`) }),
      signed(-v),
    ]),
    [t('shift.changes.voids', { count: c.voidsCount }), signed(-c.voidsTotal)],
    [t('shift.changes.overrides'), String(c.overridesCount)],
  ];
  return (
    <table className="owner-table" data-testid="shift-changes">
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <td>{label}</td>
            <td className="num">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where in the dialog an act's outcome shows: beside the form or button that caused it. */
type Spot = 'top' | 'open' | 'move' | 'close' | 'closed' | 'history';

function Message({ at, message }: { at: Spot; message: { ok: boolean; text: string; at: Spot } | null }) {
  if (!message || message.at !== at) return null;
  return (
    <div
      className={message.ok ? 'notice' : 'error-text'}
      role={message.ok ? 'status' : 'alert'}
      data-testid="shift-message"
      data-at={at}
    >
      {message.text}
    </div>
  );
}

export function ShiftPanel({ onClose }: { onClose: () => void }) {
  useEscapeToClose(onClose);
  const { t } = useTranslation();
  const pos = usePos();
  const [current, setCurrent] = useState<ShiftSummary | null | undefined>(undefined);
  const [closed, setClosed] = useState<ShiftSummary | null>(null);
  const [history, setHistory] = useState<ShiftSummary[]>([]);
  const [floatText, setFloatText] = useState('');
  const [moveText, setMoveText] = useState('');
  const [moveDir, setMoveDir] = useState<'in' | 'out'>('in');
  const [reason, setReason] = useState('');
  const [countedText, setCountedText] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  /** the last act's outcome, shown beside the button that caused it (`at`) */
  const [message, setMessage] = useState<{ ok: boolean; text: string; at: Spot } | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [c, h] = await Promise.all([pos.try('shift.current', {}), pos.try('shift.history', { limit: 5 })]);
    if (c.ok) setCurrent(c.value.shift);
    else setMessage({ ok: false, text: errorText(c.error), at: 'top' });
    if (h.ok) setHistory(h.value.shifts);
  }, [pos]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Runs one act; shows its typed error next to the act's button (`at`), never throws. */
  const act = async (at: Spot, work: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e), at });
    } finally {
      setBusy(false);
    }
  };

  const floatFen = floatText.trim() === '' ? 0 : parseYuan(floatText);
  const moveFen = parseYuan(moveText);
  const countedFen = parseYuan(countedText);
  const difference = current && countedFen !== null ? countedFen - current.expectedCash : null;

  const open = () =>
    act('open', async () => {
      if (floatFen === null) throw new Error(t('shift.badAmount'));
      const { shift } = await pos.call('shift.open', { openingFloat: floatFen });
      setCurrent(shift);
      setClosed(null);
      setPreview(null);
      setFloatText('');
    });

  const payInOut = () =>
    act('move', async () => {
      if (moveFen === null || moveFen === 0) throw new Error(t('shift.badAmount'));
      const { shift } = await pos.call('shift.payInOut', {
        amount: moveDir === 'in' ? moveFen : -moveFen,
        reason: reason.trim(),
      });
      setCurrent(shift);
      setMoveText('');
      setReason('');
      setMessage({
        ok: true,
        text: t(moveDir === 'in' ? 'shift.paidIn' : 'shift.paidOut', { amount: money(moveFen) }),
        at: 'move',
      });
    });

  const close = () =>
    act('close', async () => {
      if (countedFen === null) throw new Error(t('shift.badAmount'));
      const { shift } = await pos.call('shift.close', {
        countedCash: countedFen,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setClosed(shift);
      setCurrent(null);
      setConfirming(false);
      setCountedText('');
      setNote('');
      await load();
    });

  const print = (id: string, at: Spot) =>
    act(at, async () => {
      await pos.call('shift.print', { id });
      setMessage({ ok: true, text: t('shift.printed'), at });
    });

  const showPreview = (id: string) =>
    act('closed', async () => {
      setPreview((await pos.call('shift.preview', { id })).svg);
    });

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="shift-title" data-testid="shift-panel">
      <div className="modal__body card" style={{ maxHeight: '92vh', overflowY: 'auto' }}>
        <h2 id="shift-title">{t('shift.title')}</h2>

        {current === undefined && <p className="muted">{t('app.loading')}</p>}

        {current === null && !closed && (
          <form
            data-testid="shift-open-form"
            className="modal__fields"
            onSubmit={(e) => {
              e.preventDefault();
              void open();
            }}
          >
            <p className="muted small">{t('shift.noneOpen')}</p>
            <label>
              {t('shift.floatLabel')}
              <input
                data-testid="shift-float"
                inputMode="decimal"
                value={floatText}
                placeholder="0.00"
                onChange={(e) => setFloatText(e.target.value)}
                autoFocus
              />
            </label>
            <Message at="open" message={message} />
            <div className="modal__actions">
              <button type="submit" className="primary" data-testid="shift-open" disabled={busy}>
                {t('shift.open')}
              </button>
            </div>
          </form>
        )}

        {current && (
          <>
            <p className="small" data-testid="shift-opened">
              {t('shift.openedAt', { time: time(current.openedAt), name: current.openedByName ?? '—' })}
              {current.autoOpened && <span className="tag"> {t('shift.autoOpened')}</span>}
            </p>
            <p className="small">{t('shift.sales', { count: current.salesCount, total: money(current.salesTotal) })}</p>
            <DrawerButton />
            <CashTable shift={current} />
            <SaleChanges shift={current} />
            <ShiftCovers shift={current} />

            <form
              data-testid="shift-move-form"
              className="modal__fields"
              onSubmit={(e) => {
                e.preventDefault();
                void payInOut();
              }}
            >
              <strong>{t('shift.payInOut')}</strong>
              <div className="radio">
                <label className="radio" style={{ flexDirection: 'row' }}>
                  <input
                    type="radio"
                    name="dir"
                    checked={moveDir === 'in'}
                    onChange={() => setMoveDir('in')}
                    data-testid="shift-dir-in"
                  />
                  {t('shift.payIn')}
                </label>
                <label className="radio" style={{ flexDirection: 'row' }}>
                  <input
                    type="radio"
                    name="dir"
                    checked={moveDir === 'out'}
                    onChange={() => setMoveDir('out')}
                    data-testid="shift-dir-out"
                  />
                  {t('shift.payOut')}
                </label>
              </div>
              <label>
                {t('shift.amount')}
                <input
                  data-testid="shift-move-amount"
                  inputMode="decimal"
                  value={moveText}
                  onChange={(e) => setMoveText(e.target.value)}
                />
              </label>
              <label>
                {t('shift.reason')}
                <input
                  data-testid="shift-move-reason"
                  value={reason}
                  maxLength={100}
                  placeholder={t('shift.reasonHint')}
                  onChange={(e) => setReason(e.target.value)}
                />
              </label>
              <Message at="move" message={message} />
              <div className="modal__actions">
                <button
                  type="submit"
                  className="ghost"
                  data-testid="shift-move"
                  disabled={busy || !reason.trim() || !moveText.trim()}
                >
                  {t('shift.record')}
                </button>
              </div>
            </form>

            <form
              data-testid="shift-close-form"
              className="modal__fields"
              onSubmit={(e) => {
                e.preventDefault();
                if (confirming) void close();
                else if (countedFen !== null) setConfirming(true);
              }}
            >
              <strong>{t('shift.closeTitle')}</strong>
              <label>
                {t('shift.counted')}
                <input
                  data-testid="shift-counted"
                  inputMode="decimal"
                  value={countedText}
                  onChange={(e) => {
                    setCountedText(e.target.value);
                    setConfirming(false);
                  }}
                />
              </label>
              {difference !== null && (
                <p
                  data-testid="shift-difference"
                  className={difference < 0 ? 'error-text' : difference > 0 ? 'warn' : 'notice'}
                >
                  {difference === 0
                    ? t('shift.balanced')
                    : t(difference < 0 ? 'shift.short' : 'shift.over', { amount: money(Math.abs(difference)) })}
                </p>
              )}
              <label>
                {t('shift.note')}
                <input
                  data-testid="shift-note"
                  value={note}
                  maxLength={200}
                  onChange={(e) => setNote(e.target.value)}
                />
              </label>
              <Message at="close" message={message} />
              <div className="modal__actions">
                {confirming ? (
                  <>
                    <span className="small">{t('shift.confirmHint')}</span>
                    <button type="button" className="ghost" onClick={() => setConfirming(false)}>
                      {t('shift.back')}
                    </button>
                    <button type="submit" className="primary" data-testid="shift-close-confirm" disabled={busy}>
                      {t('shift.confirmClose')}
                    </button>
                  </>
                ) : (
                  <button
                    type="submit"
                    className="primary"
                    data-testid="shift-close"
                    disabled={busy || countedFen === null}
                  >
                    {t('shift.close')}
                  </button>
                )}
              </div>
            </form>
          </>
        )}

        {closed && (
          <div data-testid="shift-closed">
            <p className="notice">{t('shift.closedAt', { time: time(closed.closedAt ?? 0) })}</p>
            <CashTable shift={closed} />
            <SaleChanges shift={closed} />
            <ShiftCovers shift={closed} />
            <p>
              {t('shift.counted')}: <span className="num">{money(closed.countedCash ?? 0)}</span> ·{' '}
              {t('shift.difference')}:{' '}
              <span
                className={(closed.difference ?? 0) < 0 ? 'error-text' : 'strong'}
                data-testid="shift-closed-difference"
              >
                {signed(closed.difference ?? 0)}
              </span>
            </p>
            <Message at="closed" message={message} />
            <div className="modal__actions">
              <button
                type="button"
                className="ghost"
                data-testid="shift-preview"
                onClick={() => void showPreview(closed.id)}
              >
                {t('shift.preview')}
              </button>
              <button
                type="button"
                className="ghost"
                data-testid="shift-print"
                onClick={() => void print(closed.id, 'closed')}
              >
                {t('shift.print')}
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setClosed(null);
                  setPreview(null);
                }}
              >
                {t('shift.next')}
              </button>
            </div>
          </div>
        )}
        {preview && (
          <img
            className="receipt-preview"
            alt={t('shift.preview')}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview)}`}
          />
        )}

        <Message at="top" message={message} />

        {history.length > 0 && (
          <details>
            <summary>{t('shift.history')}</summary>
            <Message at="history" message={message} />
            <table className="owner-table" data-testid="shift-history">
              <tbody>
                {history.map((s) => (
                  <tr key={s.id}>
                    <td className="small">
                      {time(s.openedAt)} – {time(s.closedAt ?? 0)}
                    </td>
                    <td className="num">{money(s.expectedCash)}</td>
                    <td className="num">{money(s.countedCash ?? 0)}</td>
                    <td className="num">{signed(s.difference ?? 0)}</td>
                    <td>
                      <button type="button" className="ghost" onClick={() => void print(s.id, 'history')}>
                        {t('shift.print')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}

        <div className="modal__actions">
          <button type="button" className="ghost" data-testid="shift-dismiss" onClick={onClose}>
            {t('shift.dismiss')}
          </button>
        </div>
      </div>
    </div>
  );
}
