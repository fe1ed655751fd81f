// Member top-ups paid by payment code (会员充值 付款码): the code is charged first (purpose member_topup,
// journaled before it is sent), then — once the cloud says paid — the top-up is booked with that payment
// (POST /v1/members/:id/topups {clientId, amountFen, paymentId}: the cloud uses the payment once, in the
// top-up's transaction). Invariants:
//  - the top-up id (clientId) is fixed with the payment, so booking it again after a lost answer, a crash or
//    a restart books it once;
//  - the payment becomes 'used' only after the cloud booked the top-up; a top-up the cloud refuses for good
//    (card closed, unknown, over a limit) sends the money back (the payment is cancelled, reversed);
//  - booking needs an online employee session: a paid top-up found at start waits for the next online login.
// No cash moves: the drawer is not touched; the shift report lists top-ups by method from the journal.
import { AppError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { App } from '../context';
import type { CodePayments } from './codes';
import type { CodePaymentRow, Journal } from './journal';

/** Refusals after which the top-up will never be booked: the money goes back. */
const FINAL_REFUSALS = new Set([
  'NOT_FOUND',
  'MEMBER_CLOSED',
  'LIMIT_EXCEEDED',
  'CONFLICT',
  'PAYMENT_NOT_PAID',
  'VALIDATION',
  'FORBIDDEN',
]);

export function createCodeTopups(app: App, codes: CodePayments, journal: Pick<Journal, 'transaction'>) {
  const { drawer } = app;
  /** top-ups being booked now (one request per payment at a time) */
  const booking = new Set<string>();
  /** why a top-up was not booked (the screen shows it with the payment) */
  const refusals = new Map<string, string>();
  /** the member as the cloud answered the booking (the snapshot catches up with the next pull) */
  const booked = new Map<string, Awaited<ReturnType<App['membersCloud']['topUp']>>['member']>();

  async function book(row: CodePaymentRow): Promise<void> {
    if (row.purpose !== 'member_topup' || row.status !== 'paid' || booking.has(row.id)) return;
    const session = app.session.get();
    if (!session || session.offline) return; // waits for an online session
    booking.add(row.id);
    try {
      const answer = await app.membersCloud.topUp(row.member_id!, row.topup_id!, row.amount, session.token, row.id);
      app.sync.noteContact(null);
      booked.set(row.id, answer.member);
      const now = app.now();
      // the payment used, the shift it falls in and the audit row: one journal (sales.db) transaction
      journal.transaction(() => {
        const shift = drawer.shiftFor(row.employee_id, now);
        codes.use(row.id, row.topup_id!, shift.id);
        app.audit.append({
          at: now,
          actorId: row.employee_id,
          deviceId: app.device.record()?.deviceId ?? null,
          action: 'member.topup',
          target: row.member_id,
          outcome: 'ok',
          details: {
            clientId: row.topup_id,
            amount: row.amount,
            method: row.method,
            paymentId: row.id,
            result: answer.result,
          },
        });
      });
      app.catalogSync.pull().then(
        () => app.sync.noteContact(null),
        (e: unknown) => app.sync.noteContact(e),
      );
      codes.notify(row.id);
    } catch (e) {
      if (e instanceof AppError && e.code === 'OFFLINE') app.sync.noteContact(e);
      else if (e instanceof AppError && FINAL_REFUSALS.has(e.code)) {
        refusals.set(row.id, `${e.code}: ${e.message}`);
        app.log(`member top-up ${row.topup_id} refused (${e.code}): its payment is cancelled`);
        await codes.cancel(row.id, `${e.code}: ${e.message}`);
      } else app.log(`member top-up ${row.topup_id}: booking failed`, e);
    } finally {
      booking.delete(row.id);
    }
  }

  return {
    book,
    refusal: (paymentId: string) => refusals.get(paymentId) ?? null,
    /** the member with the balance the cloud answered when this payment's top-up was booked (this run) */
    bookedMember: (paymentId: string) => booked.get(paymentId) ?? null,
    async start(p: { memberId: string; amount: number; code: string; clientId?: string | undefined }) {
      const session = app.session.get()!;
      if (session.offline)
        throw new AppError('OFFLINE', 'Member top-ups need the cloud; this is an offline session', {
          reason: 'OFFLINE_SESSION',
        });
      app.members.row(p.memberId); // NOT_FOUND for a card this counter does not know
      const { code, scheme } = await codes.check(p.code);
      const topupId = p.clientId ?? newId();
      const row = await codes.submit({
        paymentId: newId(),
        code,
        scheme,
        amount: p.amount,
        purpose: 'member_topup',
        member: { memberId: p.memberId, topupId },
        employeeId: session.employee.id,
      });
      if (row.status === 'paid') await book(row);
      return codes.get(row.id)!;
    },
  };
}
export type CodeTopups = ReturnType<typeof createCodeTopups>;
