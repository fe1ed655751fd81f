// Runtime: DOM. Live sync status: one `sync.status` call on mount, then every `sync.status` event, and a
// slow poll as a safety net (events can be missed across a transport reconnect).
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../shared/api/contract';
import { usePos } from './pos';

const POLL_MS = 5000;

export function useSyncStatus(): SyncStatus | null {
  const pos = usePos();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      pos.try('sync.status', {}).then((r) => {
        if (alive && r.ok) setStatus(r.value);
      });
    void refresh();
    const off = pos.on('sync.status', (s) => alive && setStatus(s));
    const timer = setInterval(refresh, POLL_MS);
    return () => {
      alive = false;
      off();
      clearInterval(timer);
    };
  }, [pos]);
  return status;
}
