import { describe, expect, it } from 'vitest';
import type { ShiftStatus } from '../../shared/api/shift-methods';
import { shiftQuestion } from './shiftGate';

const shift = { id: 's1', openedBy: 'e1', openedByName: '小李', openedAt: 1, autoOpened: false, needsFloat: false };
const st = (s: Partial<ShiftStatus>, sh: Partial<typeof shift> = {}): ShiftStatus => ({
  shift: { ...shift, ...sh },
  mine: true,
  covering: false,
  ...s,
});
const manager = { managesShifts: true, floatPutOff: null };

describe('what the till asks about the open shift', () => {
  it('nothing before the answer, with no shift, or in the employee’s own shift', () => {
    expect(shiftQuestion(null, manager)).toEqual({ kind: 'none' });
    expect(shiftQuestion({ shift: null, mine: true, covering: false }, manager)).toEqual({ kind: 'none' });
    expect(shiftQuestion(st({}), manager)).toEqual({ kind: 'none' });
  });

  it('another’s shift: hand over or cover for a shift manager, only hand over / log out for the others', () => {
    expect(shiftQuestion(st({ mine: false }), manager)).toEqual({
      kind: 'another',
      shiftId: 's1',
      ownerName: '小李',
      openedAt: 1,
      mayCover: true,
    });
    expect(shiftQuestion(st({ mine: false }), { managesShifts: false, floatPutOff: null })).toMatchObject({
      kind: 'another',
      mayCover: false,
    });
    // once they cover it, it is asked no more
    expect(shiftQuestion(st({ mine: false, covering: true }), manager)).toEqual({ kind: 'none' });
  });

  it('the float of a shift a sale opened: asked of a shift manager until given or put off for that shift', () => {
    const auto = st({}, { autoOpened: true, needsFloat: true });
    expect(shiftQuestion(auto, manager)).toEqual({ kind: 'float', shiftId: 's1', openedAt: 1 });
    expect(shiftQuestion(auto, { managesShifts: true, floatPutOff: 's1' })).toEqual({ kind: 'none' });
    expect(shiftQuestion(auto, { managesShifts: true, floatPutOff: 's0' })).toMatchObject({ kind: 'float' });
    expect(shiftQuestion(auto, { managesShifts: false, floatPutOff: null })).toEqual({ kind: 'none' });
    // another's shift is asked about first
    expect(shiftQuestion({ ...auto, mine: false }, manager)).toMatchObject({ kind: 'another' });
  });
});
