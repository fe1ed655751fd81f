// Runtime: DOM. 交班记录: every till's closed shifts as the cloud holds them (owner.shifts → GET /v1/shifts),
// newest first — float, what the drawer should have held, what was counted, and the difference, a shortfall
// (短款) in red and flagged when it reached the cloud's alert threshold (the owner was e-mailed). Filter by
// till and by day range; older pages load on demand. Shown in 资金 to whoever holds report.view.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../../shared/api/contract';
import { dayStart, money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { fmtTime } from './access';

type ShiftList = MethodOutput<'owner.shifts'>;
type Shift = ShiftList['shifts'][number];

/** a yyyy-mm-dd from a date input as local midnight, epoch ms (undefined when empty) */

export function ShiftsPanel() {
  const { t } = useTranslation();
  const pos = usePos();
  const [deviceId, setDeviceId] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [shifts, setShifts] = useState<Shift[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [threshold, setThreshold] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** the tills seen so far, so filtering by one does not make the others disappear from the choice */
  const [tills, setTills] = useState<Map<string, string>>(new Map());

  const load = useCallback(
    async (cursor?: string) => {
      setBusy(true);
      const input: MethodInput<'owner.shifts'> = { limit: 50 };
      if (deviceId) input.deviceId = deviceId;
      const from = dayStart(fromDay);
      const toStart = dayStart(toDay);
      if (from !== undefined) input.from = from;
      if (toStart !== undefined) input.to = toStart + 86_400_000; // the whole "to" day
      if (cursor) input.cursor = cursor;
      const r = await pos.try('owner.shifts', input);
      setBusy(false);
      if (!r.ok) return setError(errorText(r.error));
      setError(null);
      setShifts((prev) => (cursor ? [...prev, ...r.value.shifts] : r.value.shifts));
      setNext(r.value.nextCursor);
      setThreshold(r.value.shortfallAlertFen);
      setTills((prev) => {
        const m = new Map(prev);
        for (const s of r.value.shifts) m.set(s.deviceId, s.deviceName);
        return m;
      });
    },
    [pos, deviceId, fromDay, toDay],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const shortCount = useMemo(() => shifts.filter((s) => s.difference < 0).length, [shifts]);

  return (
    <section className="owner-panel owner-panel--wide owner-panel--table" data-testid="shifts-panel">
      <h2>
        {t('ownerShifts.title')}
        <button type="button" className="link" onClick={() => void load()} data-testid="shifts-refresh">
          {t('ownerShifts.refresh')}
        </button>
      </h2>
      <p className="muted small">{t('ownerShifts.hint', { amount: threshold === null ? '—' : money(threshold) })}</p>
      <div className="owner-row">
        <label>
          {t('ownerShifts.till')}{' '}
          <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)} data-testid="shifts-till">
            <option value="">{t('ownerShifts.allTills')}</option>
            {[...tills].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ownerShifts.from')}{' '}
          <input type="date" value={fromDay} onChange={(e) => setFromDay(e.target.value)} data-testid="shifts-from" />
        </label>
        <label>
          {t('ownerShifts.to')}{' '}
          <input type="date" value={toDay} onChange={(e) => setToDay(e.target.value)} data-testid="shifts-to" />
        </label>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {shortCount > 0 && (
        <p className="error-text" data-testid="shifts-short-count">
          {t('ownerShifts.shortCount', { count: shortCount })}
        </p>
      )}
      <table className="owner-table" data-testid="shifts-table">
        <thead>
          <tr>
            <th>{t('ownerShifts.closedAt')}</th>
            <th>{t('ownerShifts.till')}</th>
            <th>{t('ownerShifts.staff')}</th>
            <th className="num">{t('ownerShifts.float')}</th>
            <th className="num">{t('ownerShifts.expected')}</th>
            <th className="num">{t('ownerShifts.counted')}</th>
            <th className="num">{t('ownerShifts.difference')}</th>
            <th>{t('ownerShifts.note')}</th>
          </tr>
        </thead>
        <tbody>
          {shifts.map((s) => {
            const short = s.difference < 0;
            const alerted = threshold !== null && -s.difference >= threshold;
            return (
              <tr
                key={s.id}
                className={short ? 'on' : undefined}
                data-testid="shift-row"
                data-short={short ? '1' : '0'}
              >
                <td className="small">
                  {fmtTime(s.closedAt)}
                  <div className="muted">
                    {t('ownerShifts.openedAt', { time: fmtTime(s.openedAt) })}
                    {s.autoOpened ? t('ownerShifts.auto') : ''}
                  </div>
                </td>
                <td>{s.deviceName}</td>
                <td>
                  {s.closedByName}
                  {s.openedBy !== s.closedBy && (
                    <div className="muted small">{t('ownerShifts.openedBy', { name: s.openedByName })}</div>
                  )}
                </td>
                <td className="num">{money(s.openingFloat)}</td>
                <td className="num">{money(s.expectedCash)}</td>
                <td className="num">{money(s.countedCash)}</td>
                <td className="num" data-testid="shift-row-difference">
                  <span className={short ? 'error-text' : s.difference > 0 ? 'warn' : undefined}>
                    {short
                      ? t('ownerShifts.short') + money(-s.difference)
                      : s.difference > 0
                        ? t('ownerShifts.over') + money(s.difference)
                        : money(0)}
                  </span>
                  {alerted && <div className="error-text small">{t('ownerShifts.alerted')}</div>}
                </td>
                <td className="small">{s.note ?? ''}</td>
              </tr>
            );
          })}
          {shifts.length === 0 && !busy && (
            <tr>
              <td colSpan={8} className="muted">
                {t('ownerShifts.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {next && (
        <button type="button" disabled={busy} onClick={() => void load(next)} data-testid="shifts-more">
          {t('ownerShifts.more')}
        </button>
      )}
    </section>
  );
}
