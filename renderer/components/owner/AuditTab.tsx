// Runtime: DOM. 审计日志: the cloud's hash-chained audit log, newest first, filtered by who, the kind of act
// and the act (shared/audit.ts, by name), outcome and a date range; each row in words — the act by name, its
// details as a sentence (renderer/i18n/audit.ts), a refusal's reason — times on the outlet's clock.
// "verify chain" recomputes every link and says whether the log is intact.
// Long on purpose: a filter form and its table over one query; the words come from renderer/i18n/audit.ts (tested).
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput, Session } from '../../../shared/api/contract';
import type { AuditEntry, OwnerEmployee } from '../../../shared/api/owner-methods';
import { AUDIT_KINDS, actionsOfKind, AUDIT_ACTION_CODES, type AuditKind } from '../../../shared/audit';
import { errorText } from '../../i18n';
import { auditActionName, auditSentence, type AuditNames } from '../../i18n/audit';
import type { Translator } from '../../i18n/errors';
import { usePos } from '../../state/pos';
import { can, fmtTime } from './access';
import { dayStart } from '../../format';

export function AuditTab({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const tr: Translator = useMemo(() => ({ t: (k, o) => t(k, o ?? {}), exists: (k) => i18n.exists(k) }), [t, i18n]);
  const pos = usePos();
  const [employees, setEmployees] = useState<OwnerEmployee[]>([]);
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [actorId, setActorId] = useState('');
  const [kind, setKind] = useState<'' | AuditKind>('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<'' | 'ok' | 'refused'>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<MethodOutput<'owner.auditVerify'> | null>(null);

  const load = useCallback(async () => {
    const end = dayStart(to);
    const f: MethodInput<'owner.audit'> = {
      ...(actorId ? { actorId } : {}),
      ...(action ? { action } : kind ? { kind } : {}),
      ...(outcome ? { outcome } : {}),
      ...(from ? { from: dayStart(from)! } : {}),
      // the "to" day is included: the filter ends at the start of the next day
      ...(end !== undefined ? { to: end + 86_400_000 } : {}),
      limit: 200,
    };
    const r = await pos.try('owner.audit', f);
    if (r.ok) {
      setRows(r.value.rows);
      setError(null);
    } else setError(errorText(r.error));
  }, [pos, actorId, kind, action, outcome, from, to]);

  useEffect(() => {
    // Names for the actor column and filter; without employee.manage the ids are shown as they are (and
    // the list is not asked for: a refused call would be audited as an attempt).
    if (!can(session, 'employee.manage')) return;
    void pos.try('owner.employees', {}).then((r) => r.ok && setEmployees(r.value.employees));
  }, [pos, session]);
  useEffect(() => {
    void load();
    // only on open: filters apply on submit
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const names: AuditNames = useMemo(
    () => ({
      employee: (id) => {
        const e = employees.find((x) => x.id === id);
        return e ? `${e.name}（${e.username}）` : undefined;
      },
    }),
    [employees],
  );
  const who = (id: string | null) => (id ? (names.employee(id) ?? id.slice(0, 8)) : t('owner.audit.system'));
  /** the acts the second filter offers: those of the chosen kind, by name */
  const offered = (kind ? actionsOfKind(kind) : AUDIT_ACTION_CODES)
    .map((code) => ({ code, name: auditActionName(tr, code) }))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  const refusal = (code: string | null) => (code && i18n.exists(`errors.${code}`) ? t(`errors.${code}`) : (code ?? ''));
  const runVerify = async () => {
    setVerify(null);
    const r = await pos.try('owner.auditVerify', {});
    if (r.ok) setVerify(r.value);
    else setError(errorText(r.error));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };

  return (
    <section className="owner-panel owner-panel--wide">
      <div className="owner-panel__head">
        <h2>{t('owner.audit.title')}</h2>
        <button type="button" className="primary" data-testid="audit-verify" onClick={() => void runVerify()}>
          {t('owner.audit.verify')}
        </button>
      </div>
      {verify && (
        <div className={verify.ok ? 'ok-text' : 'error'} data-testid="audit-verify-result" role="status">
          {verify.ok
            ? t('owner.audit.intact', { rows: verify.rows })
            : t('owner.audit.broken', { id: verify.brokenAt ?? '?', rows: verify.rows })}
        </div>
      )}
      <form className="owner-filters" onSubmit={submit} data-testid="audit-filters">
        <label>
          {t('owner.audit.actor')}
          <select data-testid="audit-actor" value={actorId} onChange={(e) => setActorId(e.target.value)}>
            <option value="">{t('owner.audit.anyone')}</option>
            {employees.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}（{e.username}）
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('auditLog.kindLabel')}
          <select
            data-testid="audit-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as '' | AuditKind);
              setAction('');
            }}
          >
            <option value="">{t('auditLog.anyKind')}</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`auditLog.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('owner.audit.action')}
          <select data-testid="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('owner.audit.any')}</option>
            {offered.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('owner.audit.outcome')}
          <select
            data-testid="audit-outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as '' | 'ok' | 'refused')}
          >
            <option value="">{t('owner.audit.any')}</option>
            <option value="ok">{t('owner.audit.ok')}</option>
            <option value="refused">{t('owner.audit.refused')}</option>
          </select>
        </label>
        <label>
          {t('owner.audit.from')}
          <input type="date" data-testid="audit-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('owner.audit.to')}
          <input type="date" data-testid="audit-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" className="primary" data-testid="audit-search">
          {t('owner.audit.search')}
        </button>
      </form>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <div className="owner-scroll">
        <table className="owner-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('owner.audit.when')}</th>
              <th>{t('owner.audit.actor')}</th>
              <th>{t('owner.audit.action')}</th>
              <th>{t('owner.audit.outcome')}</th>
              <th>{t('owner.audit.ipDevice')}</th>
              <th>{t('owner.audit.change')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row" data-action={r.action} data-outcome={r.outcome}>
                <td className="small">{fmtTime(r.at)}</td>
                <td>{who(r.actor_id)}</td>
                <td data-testid="audit-action-name">{auditActionName(tr, r.action)}</td>
                <td className={r.outcome === 'ok' ? 'ok-text' : 'error-text'}>
                  {r.outcome === 'ok' ? t('owner.audit.ok') : `${t('owner.audit.refused')} · ${refusal(r.error_code)}`}
                </td>
                <td className="small">
                  {r.ip ?? ''}
                  {r.device_id ? ` · ${r.device_id.slice(0, 8)}` : ''}
                </td>
                <td className="small audit-change" data-testid="audit-details">
                  {auditSentence(tr, r, names)}
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  {t('owner.audit.none')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
