// Runtime: DOM. Esc closes a dialog, wherever the focus is inside it (after a refusal the pressed button may
// have lost it), as a cashier expects of every window. Dialogs stack (the supervisor's approval opens over the
// price dialog): Esc closes only the newest. Captured before the sale screen's own keys, and the sale screen
// ignores its keys while any dialog is open (dialogOpen), so F6 or Enter never acts behind one.
import { useEffect, useRef } from 'react';

/** true while a modal dialog is on screen (every dialog carries aria-modal="true") */
export const dialogOpen = (): boolean =>
  typeof document !== 'undefined' && document.querySelector('[aria-modal="true"]') !== null;

/** the open dialogs' close callbacks, newest last */
const stack: Array<{ current: () => void }> = [];

function onKey(e: globalThis.KeyboardEvent): void {
  if (e.key !== 'Escape' || stack.length === 0) return;
  e.stopPropagation();
  e.preventDefault();
  stack[stack.length - 1]!.current();
}

export function useEscapeToClose(onClose: () => void, enabled = true): void {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    if (!enabled) return;
    if (stack.length === 0) window.addEventListener('keydown', onKey, true);
    stack.push(close);
    return () => {
      stack.splice(stack.indexOf(close), 1);
      if (stack.length === 0) window.removeEventListener('keydown', onKey, true);
    };
  }, [enabled]);
}
