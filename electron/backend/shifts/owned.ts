// A shift belongs to a person (issue 9): the rule put on every method by which an employee moves money into or
// out of the till — a sale or a part of a split tender, a phone top-up / game card / bill, a member top-up
// (cash or code) — where the method is registered: `guarded(shiftOwned(app), handler)`. It is asked before
// anything else, so no customer is charged for an act the till would then refuse. The acts written in a
// transaction of their own (checkout, returns, pay-in/out) ask again inside it (drawer.assertMayUse).
import type { BackendContext } from '../context';
import { createDrawer } from './drawer';

export function shiftOwned(ctx: Pick<BackendContext, 'dbs' | 'session'>): () => void {
  const drawer = createDrawer(ctx.dbs.sales);
  return () => drawer.assertMayUse(ctx.session.get()!.employee.id);
}
