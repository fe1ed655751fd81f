// Runtime: DOM. 按支付方式收款: what the outlet took per payment method over Beijing days (owner.takings → GET
// /v1/payments/takings) — sales (cash net of change), member top-ups paid by code, refunds, and the net — from
// the orders the tills have pushed; an order still in a till's outbox is not counted yet, and the panel says so.
// Days are the outlet's calendar days, read from the one clock (renderer/format.ts `when` over shared/time.ts).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/contract';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../shared/payments/methods';
import { money, when } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';

type Report = MethodOutput<'owner.takings'>;

/** One row per method: sales + member top-ups − refunds. */
export function takingsRows(r: Report) {
  return PAYMENT_METHODS.map((method: PaymentMethod) => ({
    method,
    sales: r.sales[method],
    topups: r.memberTopups[method],
    refunds: r.refunds[method],
    net: r.sales[method] + r.memberTopups[method] - r.refunds[method],
  }));
}

export function TakingsPanel() {
  const { t } = useTranslation();
  const pos = usePos();
  const today = when(Date.now(), 'date');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!from || !to) return;
    const r = await pos.try('owner.takings', { from, to });
    if (!r.ok) {
      setReport(null);
      return setError(errorText(r.error));
    }
    setError(null);
    setReport(r.value);
  }, [pos, from, to]);
  useEffect(() => {
    void load();
  }, [load]);

  const rows = report ? takingsRows(report) : [];
  const total = rows.reduce(
    (a, r) => ({
      sales: a.sales + r.sales,
      topups: a.topups + r.topups,
      refunds: a.refunds + r.refunds,
      net: a.net + r.net,
    }),
    { sales: 0, topups: 0, refunds: 0, net: 0 },
  );
  const empty = report !== null && rows.every((r) => r.sales === 0 && r.topups === 0 && r.refunds === 0);

  return (
    <section className="owner-panel owner-panel--wide owner-panel--table" data-testid="takings-panel">
      <h2>
        {t('ownerTakings.title')}
        <button type="button" className="link" onClick={() => void load()} data-testid="takings-refresh">
          {t('ownerTakings.refresh')}
        </button>
      </h2>
      <p className="muted small">{t('ownerTakings.hint')}</p>
      <div className="owner-row">
        <label>
          {t('ownerTakings.from')}{' '}
          <input
            type="date"
            value={from}
            max={to}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="takings-from"
          />
        </label>
        <label>
          {t('ownerTakings.to')}{' '}
          <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="takings-to" />
        </label>
      </div>
      {error && (
        <div className="error" role="alert" data-testid="takings-error">
          {error}
        </div>
      )}
      {report && (
        <table className="owner-table" data-testid="takings-table">
          <thead>
            <tr>
              <th>{t('ownerTakings.method')}</th>
              <th className="num">{t('ownerTakings.sales')}</th>
              <th className="num">{t('ownerTakings.topups')}</th>
              <th className="num">{t('ownerTakings.refunds')}</th>
              <th className="num">{t('ownerTakings.net')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.method} data-testid={`takings-${r.method}`} data-net={r.net}>
                <td>{t(`changes.method.${r.method}`)}</td>
                <td className="num">{money(r.sales)}</td>
                <td className="num">{money(r.topups)}</td>
                <td className="num">{r.refunds ? `−${money(r.refunds)}` : money(0)}</td>
                <td className="num">
                  <strong>{money(r.net)}</strong>
                </td>
              </tr>
            ))}
            <tr data-testid="takings-total" data-net={total.net}>
              <td>
                <strong>{t('ownerTakings.total')}</strong>
              </td>
              <td className="num">{money(total.sales)}</td>
              <td className="num">{money(total.topups)}</td>
              <td className="num">{total.refunds ? `−${money(total.refunds)}` : money(0)}</td>
              <td className="num">
                <strong>{money(total.net)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      )}
      {empty && (
        <p className="muted" data-testid="takings-empty">
          {t('ownerTakings.empty')}
        </p>
      )}
    </section>
  );
}
