// Runtime: DOM. Live update status (shared/api/update-methods.ts): one `update.status` call on mount, then
// every `update.status` event, and a slow poll (which also moves the backend's policy clock on).
import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../shared/api/contract';
import { usePos } from './pos';

const POLL_MS = 15_000;

export function useUpdateStatus(): [UpdateStatus | null, (s: UpdateStatus) => void] {
  const pos = usePos();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      pos.try('update.status', {}).then((r) => {
        if (alive && r.ok) setStatus(r.value);
      });
    void refresh();
    const off = pos.on('update.status', (s) => alive && setStatus(s));
    const timer = setInterval(refresh, POLL_MS);
    return () => {
      alive = false;
      off();
      clearInterval(timer);
    };
  }, [pos]);
  return [status, setStatus];
}
