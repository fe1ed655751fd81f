// Runtime: DOM. 会员 (back office, internet cafés): the overdrafts offline member sales left behind — open
// ones with 核销 (write-off: the outlet takes the loss; member.balance + super password), resolved ones
// with how, who and when — and closing a member's card (销卡; member.manage + super password), with the
// stored value handed back in cash from this till's drawer. Collecting a debt is an ordinary top-up at the
// counter (it repays the debt first), so there is no separate button for it here; the hint says so.
// Every figure comes from the cloud at the moment of the act: a write-off confirms exactly the debt the
// cloud reports now, and the cloud refuses a stale one (CONFLICT), so nothing is written off by mistake.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v4 as uuidv4 } from 'uuid';
import type { Session } from '../../../shared/api/contract';
import type { AdminMember, Overdraft } from '../../../shared/api/member-admin-methods';
import type { ApiError } from '../../../shared/errors';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { can, fmtTime } from './access';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

type Filter = 'open' | 'resolved' | 'all';

export function MembersTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  // bumped after a write-off or a close, so both panels show the state after it
  const [changed, setChanged] = useState(0);
  const onChanged = useCallback(() => setChanged((n) => n + 1), []);
  if (!can(session, 'member.manage')) return <p className="muted">{t('errors.FORBIDDEN')}</p>;
  return (
    <>
      <OverdraftPanel canWriteOff={can(session, 'member.balance')} changed={changed} onChanged={onChanged} />
      <ClosePanel changed={changed} onChanged={onChanged} />
    </>
  );
}

function OverdraftPanel({
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

function ClosePanel({ changed, onChanged }: { changed: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [query, setQuery] = useState('');
  const [includeClosed, setIncludeClosed] = useState(false);
  const [members, setMembers] = useState<AdminMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refund = useRef<HTMLInputElement>(null);
  const asked = useRef<{ query: string; includeClosed: boolean } | null>(null);

  const search = useCallback(
    async (q: { query: string; includeClosed: boolean }) => {
      asked.current = q;
      const r = await pos.try('memberAdmin.search', q);
      if (r.ok) setMembers(r.value.members);
      setError(r.ok ? null : errorText(r.error));
    },
    [pos],
  );
  // After a write-off or a close, the list shows the figures after it.
  useEffect(() => {
    if (asked.current) void search(asked.current);
  }, [changed, search]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    if (query.trim()) void search({ query: query.trim(), includeClosed });
  };

  const close = (m: AdminMember) => {
    setNotice(null);
    const clientId = uuidv4();
    prompt.ask({
      title: t('memberAdmin.closeTitle', { name: m.name }),
      body: (
        <>
          <p data-testid="close-summary">
            {t('memberAdmin.closeSummary', { card: m.cardNo, stored: money(m.storedValue), owed: money(m.owed) })}
          </p>
          {m.storedValue > 0 && (
            <label className="owner-row">
              <input type="checkbox" ref={refund} data-testid="close-refund" defaultChecked />
              {t('memberAdmin.refund', { amount: money(m.storedValue) })}
            </label>
          )}
        </>
      ),
      required: true,
      describeError: (e: ApiError) => errorText(e),
      run: (f) =>
        pos.try('memberAdmin.close', {
          memberId: m.id,
          clientId,
          ...(m.storedValue > 0 && refund.current?.checked ? { refundCashFen: m.storedValue } : {}),
          ...requiredFactors(f),
        }),
      done: (v) => {
        const r = v as { refundedFen: number };
        setNotice(
          r.refundedFen > 0
            ? t('memberAdmin.closedRefund', { name: m.name, amount: money(r.refundedFen) })
            : t('memberAdmin.closed', { name: m.name }),
        );
        onChanged();
      },
    });
  };

  return (
    <section className="owner-panel owner-panel--wide" data-testid="member-close-panel">
      <h2>{t('memberAdmin.close')}</h2>
      <p className="muted small">{t('memberAdmin.closeHint')}</p>
      <form className="owner-row" onSubmit={submit} data-testid="member-search-form">
        <input
          data-testid="member-admin-query"
          aria-label={t('memberAdmin.search')}
          value={query}
          maxLength={64}
          placeholder={t('memberAdmin.searchPlaceholder')}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="owner-row">
          <input
            type="checkbox"
            data-testid="member-admin-closed"
            checked={includeClosed}
            onChange={(e) => setIncludeClosed(e.target.checked)}
          />
          {t('memberAdmin.includeClosed')}
        </label>
        <button type="submit" className="primary" data-testid="member-admin-search">
          {t('memberAdmin.searchGo')}
        </button>
      </form>
      {error && (
        <div className="error" role="alert" data-testid="member-admin-error">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid="member-admin-notice">
          {notice}
        </div>
      )}
      {members && (
        <table className="owner-table" data-testid="member-admin-list">
          <thead>
            <tr>
              <th>{t('memberAdmin.card')}</th>
              <th>{t('memberAdmin.name')}</th>
              <th>{t('memberAdmin.phone')}</th>
              <th className="num">{t('memberAdmin.storedValue')}</th>
              <th className="num">{t('memberAdmin.owed')}</th>
              <th>{t('memberAdmin.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} data-testid={`member-admin-${m.cardNo}`}>
                <td>{m.cardNo}</td>
                <td>{m.name}</td>
                <td className="small">{m.phone ?? ''}</td>
                <td className="num">{money(m.storedValue)}</td>
                <td className="num">{m.owed > 0 ? money(m.owed) : ''}</td>
                <td>
                  {m.closedAt === null ? (
                    <span className="status status--active">{t('memberAdmin.active')}</span>
                  ) : (
                    <span className="status status--revoked">
                      {t('memberAdmin.closedAt', { when: fmtTime(m.closedAt) })}
                    </span>
                  )}
                </td>
                <td className="owner-actions">
                  {m.closedAt === null && (
                    <button
                      type="button"
                      className="danger"
                      data-testid={`member-close-${m.cardNo}`}
                      onClick={() => close(m)}
                    >
                      {t('memberAdmin.close')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {members.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {t('memberAdmin.noMembers')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {prompt.dialog}
    </section>
  );
}
