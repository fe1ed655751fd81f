// A shift belongs to a person (issue 9): the rule put on the methods by which an employee takes money before
// anything is written — a part of a split tender, a phone top-up / game card / bill, a member top-up (cash or
// code) — where the method is registered (`guarded(shiftOwned(app), handler)`) or first in its handler, so no
// customer is charged for an act the till would then refuse. The acts written in one transaction of their own
// (a sale's checkout, returns, pay-in/out) ask inside it (drawer.assertMayUse).
import type { App } from '../context';

export function shiftOwned(app: Pick<App, 'drawer' | 'session'>): () => void {
  return () => app.drawer.assertMayUse(app.session.get()!.employee.id);
}
