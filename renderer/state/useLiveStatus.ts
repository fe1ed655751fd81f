// Runtime: DOM. A status the backend both answers (a method) and pushes (an event of the same name): one call
// on mount, then every event, and a slow poll as a safety net (events can be missed across a transport
// reconnect; the update poll also moves the backend's policy clock on).
import { useEffect, useState } from 'react';
import type { EventName, EventPayload, MethodInput, MethodName } from '../../shared/api/contract';
import { usePos } from './pos';

/** the statuses that are a method and an event at once */
type LiveStatus = EventName & MethodName;

export function useLiveStatus<N extends LiveStatus>(
  name: N,
  pollMs: number,
): [EventPayload<N> | null, (s: EventPayload<N>) => void] {
  const pos = usePos();
  const [status, setStatus] = useState<EventPayload<N> | null>(null);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      pos.try(name, {} as MethodInput<N>).then((r) => {
        if (alive && r.ok) setStatus(r.value as EventPayload<N>);
      });
    void refresh();
    const off = pos.on(name, (s) => alive && setStatus(s));
    const timer = setInterval(refresh, pollMs);
    return () => {
      alive = false;
      off();
      clearInterval(timer);
    };
  }, [pos, name, pollMs]);
  return [status, setStatus];
}
