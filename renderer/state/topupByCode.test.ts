import { describe, expect, it } from 'vitest';
import type { CodePaymentView } from '../../shared/api/contract';
import { codeTopupOpen, codeTopupPhase } from './topupByCode';

const view = (over: Partial<CodePaymentView>): CodePaymentView =>
  ({ status: 'pending', customerConfirming: false, failure: null, ...over }) as CodePaymentView;

describe('a member top-up paid by payment code', () => {
  it('follows the payment until the top-up is booked, or says it failed', () => {
    expect(codeTopupPhase(null, false)).toBe('sending');
    expect(codeTopupPhase(view({}), false)).toBe('waiting');
    expect(codeTopupPhase(view({ customerConfirming: true }), false)).toBe('confirmOnPhone');
    // paid and used but the member not back yet: still waiting (the balance is shown only once booked)
    expect(codeTopupPhase(view({ status: 'used' }), false)).toBe('waiting');
    expect(codeTopupPhase(view({ status: 'used' }), true)).toBe('booked');
    expect(codeTopupPhase(view({ status: 'failed' }), false)).toBe('failed');
    expect(codeTopupPhase(view({ status: 'cancelled' }), false)).toBe('failed');
    expect(codeTopupOpen('confirmOnPhone')).toBe(true);
    expect(codeTopupOpen('booked')).toBe(false);
    expect(codeTopupOpen('failed')).toBe(false);
  });
});
