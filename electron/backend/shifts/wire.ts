// A closed shift as it travels to the cloud (ShiftWire, shared/sync/protocol.ts): the figures frozen at the
// close, the cash by kind as summed in the same transaction. Built inside the closing transaction, so the
// outbox row and the closed shift commit together (or neither does).
import type { ShiftWire } from '../../../shared/sync/protocol';
import type { ShiftRow, ShiftTotals } from './drawer';

export function shiftWire(row: ShiftRow, totals: ShiftTotals): ShiftWire {
  if (
    row.closed_at === null ||
    row.closed_by === null ||
    row.counted_cash === null ||
    row.expected_cash === null ||
    row.difference === null
  ) {
    throw new Error('only a closed shift travels to the cloud');
  }
  return {
    clientShiftId: row.id,
    openedBy: row.opened_by,
    openedAt: row.opened_at,
    openingFloat: row.opening_float as ShiftWire['openingFloat'],
    // "opened by a sale with no float" on the wire (where an auto-opened shift has float 0): a shift whose float
    // was counted in afterwards (shift.setFloat, sales 0014) travels as one opened with that float. A row read
    // before 0014 has no float_set_at at all: no float was counted in later.
    autoOpened: row.auto_opened === 1 && (row.float_set_at ?? null) === null,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    cashByKind: { ...totals.cashByKind },
    expectedCash: row.expected_cash,
    countedCash: row.counted_cash as ShiftWire['countedCash'],
    difference: row.difference,
    salesCount: totals.salesCount,
    salesTotal: totals.salesTotal as ShiftWire['salesTotal'],
    takingsByMethod: { ...totals.takingsByMethod },
    note: row.note,
  };
}
