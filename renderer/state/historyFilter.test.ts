// Runtime: Node (Vitest). 历史订单's filters → the backend's search input, days on the outlet's clock.
import { describe, expect, it } from 'vitest';
import { dayStartInZone } from '../../shared/time';
import { EMPTY_FILTER, nextDay, ordersInput, virtualInput } from './historyFilter';

const shanghai = (iso: string) => dayStartInZone(iso, 'Asia/Shanghai');
const TODAY = '2026-12-03';
const START = Date.UTC(2026, 11, 2, 16); // 2026-12-03 00:00 in Beijing

describe('history filters', () => {
  it('today by default: the outlet’s midnight to the next, whatever the PC’s zone', () => {
    const r = ordersInput('', EMPTY_FILTER, TODAY, shanghai);
    expect(r).toEqual({ ok: true, input: { from: START, to: START + 86_400_000, limit: 100 } });
  });

  it('an earlier day, any day, and a day not chosen yet', () => {
    const day = ordersInput('', { ...EMPTY_FILTER, day: 'day', date: '2026-11-30' }, TODAY, shanghai);
    expect(day.ok && day.input).toMatchObject({ from: START - 3 * 86_400_000, to: START - 2 * 86_400_000 });
    const all = ordersInput('', { ...EMPTY_FILTER, day: 'all' }, TODAY, shanghai);
    expect(all.ok && all.input).toEqual({ limit: 100 });
    expect(ordersInput('', { ...EMPTY_FILTER, day: 'day', date: '' }, TODAY, shanghai)).toEqual({
      ok: false,
      field: 'date',
    });
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('amounts in yuan as a cashier types them; a bad or reversed amount names its field', () => {
    const f = { ...EMPTY_FILTER, day: 'all' as const, min: '10', max: '¥23.5' };
    const r = ordersInput(' S0001 ', f, TODAY, shanghai);
    expect(r).toEqual({ ok: true, input: { query: 'S0001', minTotal: 1000, maxTotal: 2350, limit: 100 } });
    expect(ordersInput('', { ...f, min: '1o' }, TODAY, shanghai)).toEqual({ ok: false, field: 'min' });
    expect(ordersInput('', { ...f, max: '5' }, TODAY, shanghai)).toEqual({ ok: false, field: 'max' });
    const v = virtualInput('', f, TODAY, shanghai);
    expect(v.ok && v.input).toEqual({ minPaid: 1000, maxPaid: 2350, limit: 100 });
  });

  it('member, product and status go to the list they belong to', () => {
    const f = { ...EMPTY_FILTER, day: 'all' as const, member: ' 1234 ', product: '薯片', status: 'voided' };
    const r = ordersInput('', f, TODAY, shanghai);
    expect(r.ok && r.input).toEqual({ member: '1234', product: '薯片', status: 'voided', limit: 100 });
    // a goods status means nothing to top-ups; the product searches the top-up's name
    const v = virtualInput('', f, TODAY, shanghai);
    expect(v.ok && v.input).toEqual({ query: '薯片', limit: 100 });
    const failed = virtualInput('138', { ...f, status: 'failed' }, TODAY, shanghai);
    expect(failed.ok && failed.input).toEqual({ query: '138', status: 'failed', limit: 100 });
  });
});
