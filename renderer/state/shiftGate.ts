// Runtime: DOM-free. What the till asks about the open shift (issue 9 item 4), from shift.status and who is
// logged in: nothing; "this shift is another's" — hand over (交班) or, holding shift.manage, cover it (代班),
// or log out; or "this shift was opened by a sale: what float was in the drawer?" (asked without stopping the
// sale screen: a notice until answered or put off for this shift). The backend refuses cash acts in another's
// shift whatever the screen shows (SHIFT_OF_ANOTHER); this only decides what to ask.
import type { ShiftStatus } from '../../shared/api/shift-methods';

export type ShiftQuestion =
  | { kind: 'none' }
  /** another employee's shift is open and this one neither opened nor covers it */
  | { kind: 'another'; shiftId: string; ownerName: string | null; openedAt: number; mayCover: boolean }
  /** the open shift (theirs, or one they cover) was opened by a sale and its float is not given */
  | { kind: 'float'; shiftId: string; openedAt: number };

export function shiftQuestion(
  status: ShiftStatus | null,
  p: { managesShifts: boolean; floatPutOff: string | null },
): ShiftQuestion {
  const shift = status?.shift;
  if (!status || !shift) return { kind: 'none' };
  if (!status.mine && !status.covering)
    return {
      kind: 'another',
      shiftId: shift.id,
      ownerName: shift.openedByName,
      openedAt: shift.openedAt,
      mayCover: p.managesShifts,
    };
  // the float is given by someone who may manage shifts (shift.setFloat needs shift.manage)
  if (shift.needsFloat && p.managesShifts && p.floatPutOff !== shift.id)
    return { kind: 'float', shiftId: shift.id, openedAt: shift.openedAt };
  return { kind: 'none' };
}
