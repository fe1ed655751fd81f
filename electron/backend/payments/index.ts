// Payments at the till, built once by createBackend: the cloud client, the journal, the code-payment follower,
// the tender (split tender), member top-ups by code, the customer display and the cash drawer. Recovery runs
// at start: a till that stopped mid-payment settles every payment it journaled and every tender it left open
// (the sale completes, or is abandoned with the money reversed) before it takes a new payment code; offline it
// tries again until the cloud answers (cash and member balance work meanwhile).
import type { EventName, EventPayload } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { App } from '../context';
import type { SalePlanner } from '../sales/sale-plan';
import { createPaymentsCloud } from './cloud-payments';
import { createCodePayments } from './codes';
import { createDisplay } from './display';
import { createDrawerKicks } from './drawer';
import { codePaymentView, type Journal } from './journal';
import { createTender, type Tender } from './tender';
import { createCodeTopups, type CodeTopups } from './topups';

const RECOVERY_RETRY_MS = [2_000, 5_000, 10_000, 30_000];

export function createPayments(
  app: App,
  p: {
    /** the payment journal over sales.db (journal.ts), built by createBackend */
    journal: Journal;
    planner: SalePlanner;
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
    /** the device can talk to the cloud (registered, active, an outlet's till) */
    canTalk: () => boolean;
  },
) {
  const { journal } = p;
  const cloud = createPaymentsCloud(app);
  // the tender and the top-ups follow the code payments; they are made right below (late-bound: the holder
  // objects exist before `codes`, their contents after)
  const late: { tender?: Tender; topups?: CodeTopups } = {};
  const codes = createCodePayments({
    journal,
    cloud,
    now: app.now,
    log: app.log,
    reachable: () => app.sync.cloudReachable(),
    noteContact: (e) => app.sync.noteContact(e),
    changed: (row) => {
      p.emit('pay.changed', codePaymentView(row));
      if (row.purpose === 'member_topup') {
        if (row.status === 'paid') void late.topups!.book(row);
      } else late.tender!.onCode(row);
    },
    onPaid: (row) => (row.purpose === 'member_topup' ? late.topups!.book(row) : late.tender!.onCode(row)),
    holds: (row) => late.tender!.holds(row),
  });
  const display = createDisplay({
    cart: app.cart,
    tender: () => late.tender!.view(),
    outletName: () => app.device.record()?.outletName ?? '',
    emit: (s) => p.emit('display.changed', s),
  });
  const tender = (late.tender = createTender(app, {
    planner: p.planner,
    codes,
    journal,
    emit: (t) => {
      p.emit('tender.changed', { tender: t });
      display.refresh();
    },
  }));
  const topups = (late.topups = createCodeTopups(app, codes, journal));
  const drawer = createDrawerKicks(app);

  let recovering: Promise<void> | null = null;
  let recoveryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let closed = false;

  /** Settles what an earlier run left (payments, tenders, the cloud's open list); retries while offline. */
  function recover(): Promise<void> {
    if (recovering) return recovering;
    recovering = (async () => {
      if (!p.canTalk()) throw new AppError('DEVICE_NOT_REGISTERED', 'not registered yet');
      await tender.recover();
      await codes.sweepOpen();
      for (const step of extraSteps) await step();
      codes.schedule(0);
      attempt = 0;
      recovered = true;
    })()
      .catch((e: unknown) => {
        if (closed || !p.canTalk()) return;
        if (!(e instanceof AppError && (e.code === 'OFFLINE' || e.code === 'CLOUD_ERROR')))
          app.log('payment recovery', e);
        recoveryTimer = setTimeout(
          () => {
            recoveryTimer = null;
            void recover();
          },
          RECOVERY_RETRY_MS[Math.min(attempt++, RECOVERY_RETRY_MS.length - 1)],
        );
        recoveryTimer.unref?.();
      })
      .finally(() => {
        recovering = null;
      });
    return recovering;
  }
  let recovered = false;
  /** other features' own recovery (returns refunded to a code: sales/code-returns.ts), run after the payments' */
  const extraSteps: (() => Promise<void>)[] = [];

  return {
    cloud,
    journal,
    codes,
    tender,
    topups,
    display,
    drawer,
    recover,
    onRecover: (step: () => Promise<void>) => void extraSteps.push(step),
    /** recovery has run once in this process (the first thing after start, once the cloud answered) */
    recovered: () => recovered,
    /** stops the timers; resolves once the steps in flight have written what they heard (before the files close) */
    async close(): Promise<void> {
      closed = true;
      if (recoveryTimer) clearTimeout(recoveryTimer);
      codes.close();
      await codes.settled();
    },
  };
}
export type Payments = ReturnType<typeof createPayments>;
