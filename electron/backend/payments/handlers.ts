// tender.*, member.topupByCode, pay.*, drawer.open, display.get (shared/api/pay-methods.ts). The work is in
// the services (tender.ts, codes.ts, topups.ts, drawer.ts, display.ts); these only check what the contract
// cannot (the payment belongs to this till) and shape the answers.
import type { PayOptions } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { CODE_SCHEMES } from '../../../shared/payments/schemes';
import { guarded, type HandlerGroup } from '../api';
import { shiftOwned } from '../shifts/owned';
import type { App } from '../context';
import { codePaymentView } from './journal';

export function payHandlers(app: App): HandlerGroup {
  const { tender, codes, topups, drawer, display } = app.payments;
  const shiftMine = shiftOwned(app);

  function options(): PayOptions {
    const cfg = codes.config();
    const online = app.sync.cloudReachable();
    return {
      online,
      schemes: Object.fromEntries(CODE_SCHEMES.map((s) => [s, online && !!cfg?.schemes[s]])) as PayOptions['schemes'],
      pollIntervalMs: codes.pollIntervalMs(),
      recovering: tender.recovering(),
      recovered: tender.recovered(),
    };
  }

  function owned(paymentId: string) {
    const row = codes.get(paymentId);
    if (!row) throw new AppError('NOT_FOUND', 'No such payment on this till');
    return row;
  }

  return {
    'tender.get': async () => {
      // what the outlet takes, asked once in a while (not on every call) while the cloud is reachable
      if (app.sync.cloudReachable() && !codes.config()) await codes.loadConfig().catch(() => {});
      return { tender: tender.view(), options: options() };
    },
    // a split tender's parts are money taken for a sale: only in the employee's own shift, or one they cover
    'tender.code': guarded(shiftMine, (input) => tender.addCode(input).then((t) => ({ tender: t }))),
    'tender.member': guarded(shiftMine, (input) => tender.addMember(input).then((t) => ({ tender: t }))),
    'tender.static': guarded(shiftMine, (input) => tender.addStatic(input).then((t) => ({ tender: t }))),
    'tender.remove': async ({ partId }) => {
      const t = await tender.remove(partId);
      if (!t) throw new AppError('NOT_FOUND', 'No payment is under way');
      return { tender: t };
    },
    'tender.cancel': async () => ({ tender: await tender.cancel() }),
    'member.topupByCode': guarded(shiftMine, async (input) => ({
      payment: codePaymentView(await topups.start(input)),
    })),
    'pay.get': async ({ paymentId }) => {
      const row = owned(paymentId);
      const view = codePaymentView(row);
      const refusal = topups.refusal(paymentId);
      return {
        payment: refusal && view.failure ? { ...view, failure: { ...view.failure, message: refusal } } : view,
        member:
          row.purpose === 'member_topup' && row.status === 'used'
            ? ((m) => (m ? app.members.liveView(m) : app.members.get(row.member_id!)))(topups.bookedMember(paymentId))
            : null,
      };
    },
    'pay.cancel': async ({ paymentId }) => {
      const row = owned(paymentId);
      if (row.purpose !== 'member_topup')
        throw new AppError('CONFLICT', "A sale's payment is taken back through the tender (tender.remove)", {
          reason: 'TENDER_PART',
        });
      return { payment: codePaymentView(await codes.cancel(paymentId, 'cancelled by the cashier')) };
    },
    'drawer.open': async ({ reason }) => {
      await drawer.open(reason);
      return { opened: true as const };
    },
    'display.get': () => display.state(),
  };
}
