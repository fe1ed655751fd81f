// Runtime: DOM. A modal dialog holds the keyboard. A barcode scanner or a card reader types wherever the focus is:
// with a dialog up (「这个班次不是您的」, the float prompt, an approval) and the focus left in the search box behind
// it, a scan would add goods to the cart the dialog is deciding about. So, while any dialog is open
// (aria-modal="true", as every dialog here is — the same test as dialogOpen()):
// - when one opens with the focus outside it, the focus moves into it: its [autofocus] field, else its first
//   field to type in, else the dialog itself — never a button, where a scanner's Enter would press it;
// - a key pressed outside the newest dialog does nothing there: it is swallowed and the focus moves in;
// - focus that lands outside it (a click behind the overlay) is brought back.
// Dialogs stack (the super password over the employee editor): the newest is the last in document order.
// Esc is left alone: useEscapeToClose handles it on the window, before this listener sees it.

const FIELD = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

/** The dialog on top, or null when none is open. */
export function topDialog(doc: Document): HTMLElement | null {
  const all = doc.querySelectorAll<HTMLElement>('[aria-modal="true"]');
  return all.length > 0 ? all[all.length - 1]! : null;
}

function pullInto(dialog: HTMLElement): void {
  const field = dialog.querySelector<HTMLElement>('[autofocus]') ?? dialog.querySelector<HTMLElement>(FIELD);
  if (field) return field.focus({ preventScroll: true });
  dialog.focus({ preventScroll: true });
}

const outside = (dialog: HTMLElement, target: EventTarget | null): boolean =>
  !(target instanceof Node) || !dialog.contains(target);

/** Installs the guard on the document; returns its removal. */
export function installModalFocus(doc: Document): () => void {
  const onKey = (e: KeyboardEvent) => {
    const dialog = topDialog(doc);
    if (!dialog || e.key === 'Escape' || !outside(dialog, e.target)) return;
    e.preventDefault();
    e.stopPropagation();
    pullInto(dialog);
  };
  const onFocus = (e: FocusEvent) => {
    const dialog = topDialog(doc);
    if (dialog && outside(dialog, e.target)) pullInto(dialog);
  };
  // a dialog that just opened: React renders it without moving the focus unless a field asks (autoFocus)
  // (a click on its text then focuses the dialog itself: tabindex -1, set here once for every dialog)
  const observer = new MutationObserver(() => {
    const dialog = topDialog(doc);
    if (!dialog) return;
    if (!dialog.hasAttribute('tabindex')) dialog.tabIndex = -1;
    const active = doc.activeElement;
    if (active && active !== doc.body && outside(dialog, active)) pullInto(dialog);
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  doc.addEventListener('keydown', onKey, true);
  doc.addEventListener('focusin', onFocus, true);
  return () => {
    observer.disconnect();
    doc.removeEventListener('keydown', onKey, true);
    doc.removeEventListener('focusin', onFocus, true);
  };
}
