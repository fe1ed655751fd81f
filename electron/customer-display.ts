// Runtime: Node, pure (no 'electron' import, so Vitest checks it without the binary). Where Electron's customer
// display window (客显 / 副屏) goes: on a screen other than the cashier's, full-screen, never stealing focus.
// customer-display.electron.ts applies it; the page is the renderer with ?view=display, whose port reaches only
// the display state (shared/api/display.ts).
import { mainWindowOptions, type HardenedWindowOptions } from './window-options';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** The fields of Electron's Display we read. */
export interface ScreenInfo {
  id: number;
  bounds: Rect;
  /** a laptop's own panel (Electron sets it): a counter's customer screen is an external one */
  internal?: boolean;
}

/** POS_CUSTOMER_DISPLAY=off keeps the till to one window (a second screen used for something else). */
export type CustomerDisplayMode = 'auto' | 'off';
export const customerDisplayMode = (value: string | undefined): CustomerDisplayMode =>
  value?.trim().toLowerCase() === 'off' ? 'off' : 'auto';

/**
 * The screen for the customer display: none when switched off or when the till has one screen; otherwise a
 * screen that is not the cashier's (the primary) — an external one before a built-in panel, then the leftmost,
 * topmost, so the choice is the same at every start.
 */
export function chooseCustomerDisplay(
  screens: readonly ScreenInfo[],
  primaryId: number,
  mode: CustomerDisplayMode,
): ScreenInfo | null {
  if (mode === 'off') return null;
  const others = screens.filter((s) => s.id !== primaryId);
  others.sort(
    (a, b) =>
      Number(!!a.internal) - Number(!!b.internal) || a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id,
  );
  return others[0] ?? null;
}

/** The main window's hardening (window-options.ts), sized to cover the chosen screen, without a frame. */
export function customerWindowOptions(
  preloadPath: string,
  screen: ScreenInfo,
  opts: { devTools?: boolean } = {},
): HardenedWindowOptions & { x: number; y: number; frame: false; fullscreen: true; focusable: false } {
  const base = mainWindowOptions(preloadPath, opts);
  return {
    ...base,
    ...screen.bounds,
    minWidth: 320,
    minHeight: 240,
    title: '千米收银 · 客显',
    backgroundColor: '#0f1c2e',
    frame: false,
    fullscreen: true,
    // the cashier's keyboard and scanner stay on the till's window
    focusable: false,
  };
}
