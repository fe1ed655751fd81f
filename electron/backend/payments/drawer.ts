// The cash drawer (钱箱) opens through the receipt printer (print/drawer-kick.ts) whenever cash is taken or
// handed back: a sale's with its receipt (print/handlers.ts), everything else — pay-in/out, a member top-up in
// cash, a top-up or game card taken in cash, cash handed back for a return or a failed top-up — when the act
// that moved it is done: after each call, any cash movement committed since the last look opens it once.
// Opening it with no cash moving (开钱箱) needs drawer.open and is written to the till's audit chain with the
// employee BEFORE the pulse goes out (a crash cannot leave an opening unrecorded); a failed pulse adds a
// refused row. No printer set up: nothing opens (drawer.open says so).
import { AppError } from '../../../shared/errors';
import type { App } from '../context';

export function createDrawerKicks(app: App) {
  const { drawer } = app;
  let seen = drawer.lastMovementSeq();

  const audit = (outcome: 'ok' | 'refused', details: unknown, errorCode: string | null = null) =>
    app.audit.append({
      at: app.now(),
      actorId: app.session.get()?.employee.id ?? null,
      deviceId: app.device.record()?.deviceId ?? null,
      action: 'drawer.open',
      target: null,
      outcome,
      errorCode,
      details,
    });

  return {
    /** After a call: cash moved by anything but a printed sale (its receipt opened the drawer) → open it once. */
    afterCall(): void {
      const now = drawer.lastMovementSeq();
      if (now === seen) return;
      const kinds = drawer.movementKindsSince(seen);
      seen = now;
      if (!app.receipts.hasPrinter() || kinds.every((k) => k === 'sale')) return;
      app.receipts.kickDrawer().catch((e: unknown) => {
        app.log('the cash drawer did not open', e);
        app.emit('printer.error', { orderId: '', message: e instanceof Error ? e.message : String(e) });
      });
    },

    /** 开钱箱: no sale, no cash recorded — the opening itself is recorded, with who and why. */
    async open(reason: string | undefined): Promise<void> {
      if (!app.receipts.hasPrinter())
        throw new AppError(
          'PRINTER_ERROR',
          '未设置小票打印机：钱箱接在打印机上 (no receipt printer: the drawer hangs off it)',
        );
      audit('ok', { reason: reason ?? null });
      try {
        await app.receipts.kickDrawer();
      } catch (e) {
        audit('refused', { reason: reason ?? null }, e instanceof AppError ? e.code : 'INTERNAL');
        throw e;
      }
    },
  };
}
