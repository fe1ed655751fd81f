// Runtime: DOM. 会员 → overdrafts offline member sales left behind: open ones with 核销 (write-off), resolved
// ones with how, who and when (see MembersTab.tsx).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v4 as uuidv4 } from 'uuid';
import type { Overdraft } from '../../../shared/api/member-admin-methods';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

type Filter = 'open' | 'resolved' | 'all';

export function OverdraftPanel({
  canWriteOff,
  changed,
  onChanged,
}: {
  canWriteOff: boolean;
  changed: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [filter, setFilter] = useState<Filter>('open');
  const [rows, setRows] = useState<Overdraft[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reason = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const r = await pos.try('memberAdmin.overdrafts', { status: filter });
    if (r.ok) setRows(r.value.overdrafts);
    setError(r.ok ? null : errorText(r.error));
  }, [pos, filter]);
  useEffect(() => {
    void load();
  }, [load, changed]);

  /** The write-off is of the member's whole debt as the cloud has it now (several sales may make it up). */
  const writeOff = async (o: Overdraft) => {
    setNotice(null);
    const found = await pos.try('memberAdmin.search', { query: o.cardNo, includeClosed: true });
    if (!found.ok) return setError(errorText(found.error));
    const m = found.value.members.find((x) => x.id === o.memberId);
    if (!m || m.owed <= 0) {
      setError(t('memberAdmin.nothingOwed'));
      return void load();
    }
    setError(null);
    const clientId = uuidv4(); // one id per confirmed write-off: a retry after a lost answer moves nothing
    prompt.ask({
      title: t('memberAdmin.writeOffTitle', { name: m.name }),
      body: (
        <>
          <p data-testid="writeoff-summary">
            {t('memberAdmin.writeOffSummary', { card: m.cardNo, amount: money(m.owed) })}
          </p>
          <label>
            {t('memberAdmin.reason')}
            <input
              ref={reason}
              data-testid="writeoff-reason"
              maxLength={100}
              defaultValue={t('memberAdmin.reasonDefault')}
            />
          </label>
        </>
      ),
      required: true,
      run: (f) =>
        pos.try('memberAdmin.writeOff', {
          memberId: m.id,
          clientId,
          amountFen: m.owed,
          reason: reason.current?.value.trim() || t('memberAdmin.reasonDefault'),
          ...requiredFactors(f),
        }),
      done: () => {
        setNotice(t('memberAdmin.writtenOff', { name: m.name, amount: money(m.owed) }));
        onChanged();
      },
    });
  };

  const status = (o: Overdraft) => {
    if (!o.resolution) return <span className="status status--pending">{t('memberAdmin.open')}</span>;
    return (
      <>
        <span className={`status ${o.resolution === 'collected' ? 'status--active' : 'status--revoked'}`}>
          {t(`memberAdmin.${o.resolution}`)}
        </span>{' '}
        <span className="small muted">
          {t('memberAdmin.resolvedBy', {
            who: o.resolvedBy?.name ?? '—',
            when: o.resolvedAt ? fmtTime(o.resolvedAt) : '',
          })}
        </span>
      </>
    );
  };

  return (
    <section className="owner-panel owner-panel--wide" data-testid="overdraft-panel">
      <h2>{t('memberAdmin.overdrafts')}</h2>
      <p className="muted small">{t('memberAdmin.overdraftsHint')}</p>
      <div className="owner-row" role="group" aria-label={t('memberAdmin.status')}>
        {(['open', 'resolved', 'all'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className={filter === f ? 'primary' : ''}
            aria-pressed={filter === f}
            data-testid={`overdraft-filter-${f}`}
            onClick={() => setFilter(f)}
          >
            {t(`memberAdmin.filter.${f}`)}
          </button>
        ))}
      </div>
      {error && (
        <div className="error" role="alert" data-testid="overdraft-error">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid="overdraft-notice">
          {notice}
        </div>
      )}
      <table className="owner-table" data-testid="overdraft-list">
        <thead>
          <tr>
            <th>{t('memberAdmin.when')}</th>
            <th>{t('memberAdmin.card')}</th>
            <th>{t('memberAdmin.name')}</th>
            <th className="num">{t('memberAdmin.amount')}</th>
            <th>{t('memberAdmin.ref')}</th>
            <th>{t('memberAdmin.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id} data-testid={`overdraft-${o.id}`}>
              <td className="small">{fmtTime(o.detectedAt)}</td>
              <td>
                {o.cardNo}
                {o.memberClosed && <span className="small muted"> （{t('memberAdmin.closedMember')}）</span>}
              </td>
              <td>{o.name}</td>
              <td className="num">{money(o.amountFen)}</td>
              <td className="small">
                {o.ref}
                {o.beyondAllowance && (
                  <span className="status status--revoked" title={t('memberAdmin.beyond')}>
                    {' '}
                    ! {t('memberAdmin.beyond')}
                  </span>
                )}
              </td>
              <td>{status(o)}</td>
              <td className="owner-actions">
                {!o.resolution && canWriteOff && (
                  <button
                    type="button"
                    className="danger"
                    data-testid={`overdraft-writeoff-${o.id}`}
                    onClick={() => void writeOff(o)}
                  >
                    {t('memberAdmin.writeOff')}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                {t('memberAdmin.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {prompt.dialog}
    </section>
  );
}
