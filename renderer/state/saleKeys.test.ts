import { describe, expect, it } from 'vitest';
import { commandFor, SALE_KEYS } from './saleKeys';

const search = { inSearch: true, searchEmpty: true, hasResults: false };

describe('sale screen keys', () => {
  it('F-keys work wherever the focus is', () => {
    for (const [key, cmd] of [
      ['F2', 'editQty'],
      ['F3', 'focusMember'],
      ['F4', 'focusTender'],
      ['F6', 'toggleSide'],
      ['F7', 'payCode'],
      ['F8', 'payMember'],
      ['F9', 'payCash'],
    ] as const)
      expect(commandFor({ key }, { inSearch: false, searchEmpty: false, hasResults: false })).toBe(cmd);
  });

  it('line keys only from an empty search box; typed + and − stay text in a query', () => {
    expect(commandFor({ key: '+' }, search)).toBe('qtyUp');
    expect(commandFor({ key: '-' }, search)).toBe('qtyDown');
    expect(commandFor({ key: 'Delete' }, search)).toBe('removeLine');
    expect(commandFor({ key: 'z', ctrlKey: true }, search)).toBe('undo');
    expect(commandFor({ key: 'ArrowDown' }, search)).toBe('lineDown');
    const typing = { inSearch: true, searchEmpty: false, hasResults: false };
    expect(commandFor({ key: '-' }, typing)).toBeNull();
    expect(commandFor({ key: 'z', ctrlKey: true }, typing)).toBeNull(); // the browser's own text undo
    expect(commandFor({ key: '+' }, { inSearch: false, searchEmpty: true, hasResults: false })).toBeNull();
  });

  it('arrows and PgDn move through results while there are some', () => {
    const results = { inSearch: true, searchEmpty: false, hasResults: true };
    expect(commandFor({ key: 'ArrowDown' }, results)).toBe('resultDown');
    expect(commandFor({ key: 'ArrowUp' }, results)).toBe('resultUp');
    expect(commandFor({ key: 'PageDown' }, results)).toBe('moreResults');
    expect(commandFor({ key: 'Enter' }, results)).toBe('enter');
  });

  it('every command the handler knows is shown on screen', () => {
    const shown = new Set<string>(SALE_KEYS.map((k) => k.command));
    for (const c of [
      'editQty',
      'focusMember',
      'focusTender',
      'toggleSide',
      'payMember',
      'payCash',
      'payCode',
      'undo',
      'removeLine',
    ])
      expect(shown.has(c), c).toBe(true);
  });
});
