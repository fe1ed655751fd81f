// Runtime: DOM. 会员 → closing a member's card (销卡): the stored value handed back in cash from this till's
// drawer (see MembersTab.tsx).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v4 as uuidv4 } from 'uuid';
import type { AdminMember } from '../../../shared/api/member-admin-methods';
import type { ApiError } from '../../../shared/errors';
import { money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

export function ClosePanel({ changed, onChanged }: { changed: number; onChanged: () => void }) {
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
