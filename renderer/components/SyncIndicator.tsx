// Runtime: DOM. Always-visible sync state: online / offline / syncing / error, unsent orders, how old the
// oldest unsent one is, when the next retry comes, the last successful sync, and the error in words.
// Clicking it asks for a sync now (ignoring the backoff schedule).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../state/pos';
import { useSyncStatus } from '../state/useSyncStatus';
import { when } from '../format';
import { ago, nextTry, tickMs } from '../state/syncTimes';

/** Re-render on a timer so the ages and the countdown stay true without a backend event. */
function useNow(everyMs: (now: number) => number): number {
  const [now, setNow] = useState(() => Date.now());
  const period = everyMs(now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), period);
    return () => clearInterval(timer);
  }, [period]);
  return now;
}

export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const pos = usePos();
  const status = useSyncStatus();
  const now = useNow((at) => tickMs(status?.nextAttemptAt ?? null, at));
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
    next: waiting ? nextTry(t, status.nextAttemptAt!, now) : null,
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
