// Runtime: DOM. Live update status (shared/api/update-methods.ts), polled every 15 s besides its events.
import type { UpdateStatus } from '../../shared/api/contract';
import { useLiveStatus } from './useLiveStatus';

export function useUpdateStatus(): [UpdateStatus | null, (s: UpdateStatus) => void] {
  return useLiveStatus('update.status', 15_000);
}
