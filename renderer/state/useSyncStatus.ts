// Runtime: DOM. Live sync status (shared/api/sync-methods.ts), polled every 5 s besides its events.
import type { SyncStatus } from '../../shared/api/contract';
import { useLiveStatus } from './useLiveStatus';

export function useSyncStatus(): SyncStatus | null {
  return useLiveStatus('sync.status', 5000)[0];
}
