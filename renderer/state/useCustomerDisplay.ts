// Runtime: DOM. The customer display's one subscription: display.get once, then every 'display.changed' (the
// backend pushes each change). An event that arrives before the first answer wins over it. A slow re-read
// (RESYNC_MS) heals a page that missed events while its connection to the backend was down; the same state
// read again keeps the moment it first arrived (the finished sale's countdown to the greeting goes on).
import { useEffect, useState } from 'react';
import type { DisplayState } from '../../shared/api/contract';
import { usePos } from './pos';
import { displayScene, msUntilIdle, sameState, type DisplayScene } from './customerDisplay';

const RESYNC_MS = 15_000;

export function useCustomerDisplay(): DisplayScene {
  const pos = usePos();
  const [got, setGot] = useState<{ state: DisplayState | null; at: number }>({ state: null, at: 0 });
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let heard = false;
    let alive = true;
    const take = (state: DisplayState) =>
      setGot((prev) => (sameState(prev.state, state) ? prev : { state, at: Date.now() }));
    const off = pos.on('display.changed', (s) => {
      heard = true;
      take(s);
    });
    const read = async () => {
      const r = await pos.try('display.get', {});
      if (alive && r.ok && !heard) take(r.value);
    };
    void read();
    const timer = setInterval(() => {
      heard = false;
      void read();
    }, RESYNC_MS);
    return () => {
      alive = false;
      off();
      clearInterval(timer);
    };
  }, [pos]);

  // the finished sale gives way to the greeting on its own
  useEffect(() => {
    const wait = msUntilIdle(got.state, got.at, Date.now());
    if (wait === null) return;
    const id = setTimeout(() => setNow(Date.now()), wait + 50);
    return () => clearTimeout(id);
  }, [got]);

  return displayScene(got.state, got.at, Math.max(now, Date.now()));
}
