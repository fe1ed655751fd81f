// Runtime: DOM. Always-visible sync state: online / offline / syncing / error, unsent orders, how old the
// oldest unsent one is, when the next retry comes, the last successful sync, and the error in words.
// Clicking it asks for a sync now (ignoring the backoff schedule).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { usePos } from '../state/pos';
import { useSyncStatus } from '../state/useSyncStatus';
import { when } from '../format';

const MINUTE = 60_000;

/** "刚刚 / 12 分钟前 / 3 小时前": ages never go negative, even when the PC clock moved. */
function ago(t: TFunction, then: number, now: number): string {
  const ms = Math.max(0, now - then);
  if (ms < MINUTE) return t('sync.justNow');
  if (ms < 60 * MINUTE) return t('sync.minutesAgo', { count: Math.floor(ms / MINUTE) });
  if (ms < 48 * 60 * MINUTE) return t('sync.hoursAgo', { count: Math.floor(ms / (60 * MINUTE)) });
  return t('sync.daysAgo', { count: Math.floor(ms / (24 * 60 * MINUTE)) });
}

function inTime(t: TFunction, at: number, now: number): string {
  const ms = Math.max(0, at - now);
  return ms < MINUTE
    ? t('sync.inSeconds', { count: Math.ceil(ms / 1000) })
    : t('sync.inMinutes', { count: Math.ceil(ms / MINUTE) });
}

/** Re-render every few seconds so the ages stay true without a backend event. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const pos = usePos();
  const status = useSyncStatus();
  const now = useNow(5000);
  if (!status) return <div className="sync sync--unknown" data-testid="sync-indicator" />;
  const time = status.lastSyncAt ? when(status.lastSyncAt, 'time') : null;
  const err = status.lastError;
  // The typed code in words; the backend's message only when this build has no text for the code.
  const reason = err ? (i18n.exists(`errors.${err.code}`) ? t(`errors.${err.code}`) : err.message) : null;
  const waiting =
    status.unsent > 0 && status.state !== 'syncing' && status.state !== 'online' && status.nextAttemptAt != null;
  const parts = {
    state: t(`sync.${status.state}`),
    unsent: t('sync.unsent', { count: status.unsent }),
    // refused records wait for a person, not for the network: say where they are listed
    parked: status.parked ? t('sync.parked', { count: status.parked }) : null,
    // kinds an older cloud does not take yet: kept here, they go once it is upgraded
    held: status.heldKinds?.length
      ? t('sync.held', {
          kinds: status.heldKinds.map((k) => (i18n.exists(`recordKinds.${k}`) ? t(`recordKinds.${k}`) : k)).join('、'),
        })
      : null,
    oldest:
      status.oldestUnsentAt != null && status.unsent > 0
        ? t('sync.oldestUnsent', { age: ago(t, status.oldestUnsentAt, now) })
        : null,
    next: waiting ? t('sync.nextTry', { age: inTime(t, status.nextAttemptAt!, now) }) : null,
    last: time ? t('sync.lastSync', { time }) : t('sync.never'),
    reason:
      reason && status.state !== 'online' && status.state !== 'syncing' ? t('sync.reason', { text: reason }) : null,
  };
  // In the one-line header the pill may be cut short: the tooltip always holds every part, and the action.
  const title = [...Object.values(parts).filter((x) => x !== null), t('sync.syncNow')].join(' · ');
  return (
    <button
      type="button"
      className={`sync sync--${status.state}`}
      data-testid="sync-indicator"
      data-state={status.state}
      title={title}
      onClick={() => void pos.try('sync.now', {})}
    >
      <span className="sync__dot" aria-hidden />
      <span className="sync__state">{parts.state}</span>
      <span
        className={`sync__unsent${status.unsent > 0 ? ' sync__unsent--some' : ''}`}
        data-testid="sync-unsent"
        data-count={status.unsent}
      >
        {parts.unsent}
      </span>
      {parts.parked && (
        <span className="sync__parked" data-testid="sync-parked">
          {parts.parked}
        </span>
      )}
      {parts.next && (
        <span className="sync__next" data-testid="sync-next">
          {parts.next}
        </span>
      )}
      {parts.reason && (
        <span className="sync__reason" data-testid="sync-reason" data-code={err!.code}>
          {parts.reason}
        </span>
      )}
      {parts.oldest && (
        <span className="sync__oldest" data-testid="sync-oldest">
          {parts.oldest}
        </span>
      )}
      <span className="sync__last">{parts.last}</span>
    </button>
  );
}
