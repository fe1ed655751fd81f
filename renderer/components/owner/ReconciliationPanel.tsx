// Runtime: DOM. 对账: one Beijing day's payments in each provider's bill against the cloud's own records
// (owner.reconciliation → GET /v1/payments/reconciliation; 立即下载账单 → POST, which downloads first). Per
// merchant account: when the bill came (or why it did not), how many lines agree, and every line that does
// not — in the bill and not ours, ours and not in the bill, different amounts — each with what to do.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/contract';
import type { ReconciliationLine } from '../../../shared/payments/owner';
import { money, when } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';

type Report = MethodOutput<'owner.reconciliation'>;
type ProviderReport = Report['providers'][number];
export type DiffKind = 'onlyInBill' | 'onlyInCloud' | 'amountDiffers';
const DIFF_KINDS: readonly DiffKind[] = ['onlyInBill', 'onlyInCloud', 'amountDiffers'];

/** Every line that does not agree, with the kind of disagreement it is (the order the owner should read them). */
export function differences(p: ProviderReport): { kind: DiffKind; line: ReconciliationLine }[] {
  return DIFF_KINDS.flatMap((kind) => p[kind].map((line) => ({ kind, line })));
}

/** The bill of the day before: the cloud fetches it from 10:00 Beijing time, so that is the one to check. */
const yesterday = () => when(Date.now() - 86_400_000, 'date');

export function ReconciliationPanel() {
  const { t } = useTranslation();
  const pos = usePos();
  const [date, setDate] = useState(yesterday);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (fetchNow: boolean) => {
      if (!date) return;
      setBusy(true);
      const r = await pos.try(fetchNow ? 'owner.reconciliationFetch' : 'owner.reconciliation', { date });
      setBusy(false);
      if (!r.ok) return setError(errorText(r.error));
      setError(null);
      setReport(r.value);
    },
    [pos, date],
  );
  useEffect(() => {
    void load(false);
  }, [load]);

  return (
    <section className="owner-panel owner-panel--wide owner-panel--table" data-testid="recon-panel">
      <h2>{t('ownerRecon.title')}</h2>
      <p className="muted small">{t('ownerRecon.hint')}</p>
      <div className="owner-row">
        <label>
          {t('ownerRecon.date')}{' '}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="recon-date" />
        </label>
        <button type="button" disabled={busy || !date} onClick={() => void load(true)} data-testid="recon-fetch">
          {busy ? t('ownerRecon.fetching') : t('ownerRecon.fetch')}
        </button>
      </div>
      {error && (
        <div className="error" role="alert" data-testid="recon-error">
          {error}
        </div>
      )}
      {report && report.providers.length === 0 && (
        <p className="muted" data-testid="recon-none">
          {t('ownerRecon.noAccounts')}
        </p>
      )}
      {report?.providers.map((p) => (
        <ProviderSection key={p.provider} p={p} />
      ))}
    </section>
  );
}

function ProviderSection({ p }: { p: ProviderReport }) {
  const { t } = useTranslation();
  const diffs = differences(p);
  return (
    <div className="owner-recon" data-testid={`recon-${p.provider}`} data-diffs={diffs.length}>
      <h3>
        {t(`ownerRecon.provider_${p.provider}`)}{' '}
        <span className="muted small" data-testid="recon-status">
          {p.downloadedAt !== null
            ? t('ownerRecon.downloaded', { time: fmtTime(p.downloadedAt), matched: p.matched })
            : p.error
              ? t('ownerRecon.failed', { error: p.error })
              : t('ownerRecon.notYet')}
        </span>
      </h3>
      {p.downloadedAt !== null && diffs.length === 0 && (
        <p className="ok-text" data-testid="recon-all-match">
          {p.matched === 0 ? t('ownerRecon.nothing') : t('ownerRecon.allMatch', { count: p.matched })}
        </p>
      )}
      {diffs.length > 0 && (
        <table className="owner-table" data-testid="recon-diffs">
          <thead>
            <tr>
              <th>{t('ownerRecon.what')}</th>
              <th>{t('ownerRecon.trade')}</th>
              <th className="num">{t('ownerRecon.ours')}</th>
              <th className="num">{t('ownerRecon.bill')}</th>
              <th>{t('ownerRecon.todo')}</th>
            </tr>
          </thead>
          <tbody>
            {diffs.map(({ kind, line }) => (
              <tr
                key={`${kind}|${line.kind}|${line.outTradeNo}|${line.outRefundNo ?? ''}`}
                data-testid="recon-diff"
                data-kind={kind}
              >
                <td>
                  {t(`ownerRecon.${kind}`)}
                  <div className="muted small">
                    {t(line.kind === 'refund' ? 'ownerRecon.refundLine' : 'ownerRecon.paymentLine')}
                    {line.method ? ` · ${t(`changes.method.${line.method}`)}` : ''}
                  </div>
                </td>
                <td className="small owner-recon__trade">
                  {line.outTradeNo}
                  {line.outRefundNo && <div className="muted">{line.outRefundNo}</div>}
                </td>
                <td className="num">{line.cloudFen === null ? '—' : money(line.cloudFen)}</td>
                <td className="num">{line.billFen === null ? '—' : money(line.billFen)}</td>
                <td className="small">{t(`ownerRecon.todo_${kind}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
