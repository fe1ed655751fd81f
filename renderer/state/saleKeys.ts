// Runtime: DOM (pure; tested in saleKeys.test.ts). The sale screen's keys, declared once: the handler maps a
// key press to a command with `commandFor`, and the screen shows the same list (KeyHints, the buttons' <kbd>).
// F-keys work wherever the focus is; the others only from the search box (which holds the focus while
// selling), so typing in the cash or member field is never taken for a command.

export type SaleCommand =
  | 'editQty'
  | 'focusMember'
  | 'focusTender'
  | 'toggleSide'
  | 'payMember'
  | 'payCash'
  | 'payCode'
  | 'undo'
  | 'removeLine'
  | 'qtyUp'
  | 'qtyDown'
  | 'lineUp'
  | 'lineDown'
  | 'resultUp'
  | 'resultDown'
  | 'moreResults'
  | 'enter'
  | 'escape';

/** The keys shown on screen, in the order of the footer; `label` is an i18n key under sale.keys. */
export const SALE_KEYS = [
  { key: 'F2', command: 'editQty', label: 'editQty' },
  { key: 'F3', command: 'focusMember', label: 'member' },
  { key: 'F4', command: 'focusTender', label: 'tender' },
  { key: 'F6', command: 'toggleSide', label: 'side' },
  { key: 'F7', command: 'payCode', label: 'payCode' },
  { key: 'F8', command: 'payMember', label: 'payMember' },
  { key: 'F9', command: 'payCash', label: 'payCash' },
  { key: '+ / −', command: 'qtyUp', label: 'qty' },
  { key: 'Del', command: 'removeLine', label: 'remove' },
  { key: 'Ctrl+Z', command: 'undo', label: 'undo' },
  { key: '3*', command: 'enter', label: 'qtyAhead' },
  { key: 'PgDn', command: 'moreResults', label: 'more' },
] as const satisfies readonly { key: string; command: SaleCommand; label: string }[];

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}
export interface KeyWhere {
  /** the search box has the focus */
  inSearch: boolean;
  /** its text (without a `3*` prefix) is empty */
  searchEmpty: boolean;
  /** search results are shown */
  hasResults: boolean;
}

const F_KEYS: Record<string, SaleCommand> = {
  F2: 'editQty',
  F3: 'focusMember',
  F4: 'focusTender',
  F6: 'toggleSide',
  F7: 'payCode',
  F8: 'payMember',
  F9: 'payCash',
};

export function commandFor(e: KeyPress, w: KeyWhere): SaleCommand | null {
  if (e.altKey) return null;
  const f = F_KEYS[e.key];
  if (f) return f;
  if (!w.inSearch) return null;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') return w.searchEmpty ? 'undo' : null;
  if (e.ctrlKey || e.metaKey) return null;
  switch (e.key) {
    case 'Enter':
      return 'enter';
    case 'Escape':
      return 'escape';
    case 'ArrowDown':
      return w.hasResults ? 'resultDown' : w.searchEmpty ? 'lineDown' : null;
    case 'ArrowUp':
      return w.hasResults ? 'resultUp' : w.searchEmpty ? 'lineUp' : null;
    case 'PageDown':
      return w.hasResults ? 'moreResults' : null;
    case '+':
      return w.searchEmpty ? 'qtyUp' : null;
    case '-':
      return w.searchEmpty ? 'qtyDown' : null;
    case 'Delete':
      return w.searchEmpty ? 'removeLine' : null;
    default:
      return null;
  }
}
