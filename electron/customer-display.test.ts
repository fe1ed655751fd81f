// Runtime: Node (Vitest). Which screen Electron's customer display window (客显) goes to, without the binary.
import { describe, expect, it } from 'vitest';
import { chooseCustomerDisplay, customerDisplayMode, customerWindowOptions, type ScreenInfo } from './customer-display';

const screen = (id: number, x: number, internal = false): ScreenInfo => ({
  id,
  bounds: { x, y: 0, width: 1024, height: 768 },
  internal,
});

describe('customer display: the screen it goes to', () => {
  it('none on a till with one screen, or when switched off', () => {
    expect(chooseCustomerDisplay([screen(1, 0)], 1, 'auto')).toBeNull();
    expect(chooseCustomerDisplay([], 1, 'auto')).toBeNull();
    expect(chooseCustomerDisplay([screen(1, 0), screen(2, 1366)], 1, 'off')).toBeNull();
  });

  it("a screen that is not the cashier's: an external one before a built-in panel, then the leftmost", () => {
    expect(chooseCustomerDisplay([screen(1, 0), screen(2, 1366)], 1, 'auto')?.id).toBe(2);
    // the cashier's screen need not be the first listed
    expect(chooseCustomerDisplay([screen(2, 1366), screen(1, 0)], 2, 'auto')?.id).toBe(1);
    expect(chooseCustomerDisplay([screen(1, 0), screen(3, -1024, true), screen(2, 2732)], 1, 'auto')?.id).toBe(2);
    expect(chooseCustomerDisplay([screen(1, 0), screen(3, 2732), screen(2, 1366)], 1, 'auto')?.id).toBe(2);
  });

  it('POS_CUSTOMER_DISPLAY=off switches it off; anything else leaves it automatic', () => {
    expect(customerDisplayMode('off')).toBe('off');
    expect(customerDisplayMode(' OFF ')).toBe('off');
    expect(customerDisplayMode(undefined)).toBe('auto');
    expect(customerDisplayMode('on')).toBe('auto');
  });

  it('covers the chosen screen, hardened like the till, and never takes the keyboard', () => {
    const o = customerWindowOptions('/app/preload.cjs', screen(2, 1366));
    expect(o).toMatchObject({
      x: 1366,
      y: 0,
      width: 1024,
      height: 768,
      fullscreen: true,
      frame: false,
      focusable: false,
    });
    expect(o.webPreferences).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true });
    expect(o.webPreferences.nodeIntegration).toBe(false);
  });
});
