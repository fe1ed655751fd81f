// Runtime: DOM. Whose the open shift is (shift.status), for the questions of state/shiftGate.ts: asked when
// someone logs in and again after each cash act (a sale may have opened a shift, or been refused as another's),
// and after the shift dialog closes. Asked only while the sale screen is up (`active`).
import { useCallback, useEffect, useState } from 'react';
import type { ShiftStatus } from '../../shared/api/shift-methods';
import { usePos } from './pos';

export function useShiftStatus(employeeId: string | null, active: boolean) {
  const pos = usePos();
  const [status, setStatus] = useState<ShiftStatus | null>(null);
  const recheck = useCallback(() => {
    if (!employeeId || !active) return;
    void pos.try('shift.status', {}).then((r) => {
      if (r.ok) setStatus(r.value);
    });
  }, [pos, employeeId, active]);
  useEffect(() => {
    setStatus(null);
    recheck();
  }, [recheck]);
  return { status, recheck };
}
