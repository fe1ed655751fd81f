// Runtime: DOM. Always-visible sync state: online/offline/syncing/error, unsent orders, last sync.
// Clicking it asks for a sync now.
import { useTranslation } from 'react-i18next';
import { usePos } from '../state/pos';
import { useSyncStatus } from '../state/useSyncStatus';

export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const pos = usePos();
  const status = useSyncStatus();
  if (!status) return <div className="sync sync--unknown" data-testid="sync-indicator" />;
  const time = status.lastSyncAt
    ? new Date(status.lastSyncAt).toLocaleTimeString(i18n.language, { timeZone: 'Asia/Shanghai', hour12: false })
    : null;
  return (
    <button
      type="button"
      className={`sync sync--${status.state}`}
      data-testid="sync-indicator"
      data-state={status.state}
      title={status.lastError ? `${status.lastError.code}: ${status.lastError.message}` : t('sync.syncNow')}
      onClick={() => void pos.try('sync.now', {})}
    >
      <span className="sync__dot" aria-hidden />
      <span className="sync__state">{t(`sync.${status.state}`)}</span>
      <span className={`sync__unsent${status.unsent > 0 ? ' sync__unsent--some' : ''}`} data-testid="sync-unsent" data-count={status.unsent}>
        {t('sync.unsent', { count: status.unsent })}
      </span>
      <span className="sync__last">{time ? t('sync.lastSync', { time }) : t('sync.never')}</span>
    </button>
  );
}
