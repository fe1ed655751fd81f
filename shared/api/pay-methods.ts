// Paying at the till beyond one lump of cash (issue 10): payment codes (付款码) charged through the cloud, the
// shop's static QR code (收款码) confirmed by an employee, member balance, any mix of them with cash (split
// tender), member top-ups paid by code, the cash drawer (开钱箱) and the customer display (客显).
// Handlers: electron/backend/payments/handlers.ts; how a payment code travels: docs/platform.md "Payment codes".
//
// The tender: once a sale takes anything but cash, its payment is a tender held by the backend (and in
// sales.db, so a crash finds it): parts are added one by one (tender.code / tender.member / tender.static),
// the cart is locked while any part is held, and the sale commits by itself the moment the parts cover the
// total — or with sale.checkout, which takes the rest in cash (change only from cash) or from the member.
// Removing a part or abandoning the tender (tender.cancel, cart.clear, logout) sends a payment code's money
// back (reversed by the provider); a code is never left charged without its sale.
import { z } from 'zod';
import { zFen } from '../money';
import { zPaymentMethod } from '../payments/methods';
import { CODE_SCHEMES, zCodeScheme } from '../payments/schemes';
import { zPaymentFailureReason, zPaymentPurpose } from '../payments/wire';
import { zSeat } from '../sync/protocol';
import { zCompletedOrder } from './sales-methods';
import { zMemberView } from './member-methods';
import { empty, method, type MethodSpec } from './method';

/** The static-code methods (the shop's printed QR code), as the tender takes them. */
export const STATIC_METHODS = ['wechat_static', 'alipay_static'] as const;

/** The till's view of one payment-code payment (sales.db code_payments; the cloud's word as last heard). */
export const CODE_PAYMENT_STATUSES = [
  'submitting',
  'pending',
  'paid',
  'used',
  'failed',
  'cancelling',
  'cancelled',
] as const;
export const zCodePaymentStatus = z.enum(CODE_PAYMENT_STATUSES);
export type CodePaymentStatus = z.infer<typeof zCodePaymentStatus>;
/** Why a code payment took no money: the cloud's reasons, or 'unreachable' (it never got the request). */
export const zCodeFailure = z.object({
  reason: z.union([zPaymentFailureReason, z.literal('unreachable')]),
  message: z.string(),
});
export type CodeFailure = z.infer<typeof zCodeFailure>;

export const zCodePaymentView = z.object({
  paymentId: z.uuid(),
  purpose: zPaymentPurpose,
  method: zPaymentMethod,
  scheme: zCodeScheme,
  amount: zFen,
  /** prefix and last 4 digits of the scanned code */
  codeMasked: z.string(),
  status: zCodePaymentStatus,
  /** the provider asked the customer to confirm on their phone (password): "请在手机上确认" */
  customerConfirming: z.boolean(),
  failure: zCodeFailure.nullable(),
  providerTradeNo: z.string().nullable(),
  /** member top-ups paid by code: the member and the top-up's id */
  memberId: z.string().nullable(),
  topupId: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type CodePaymentView = z.infer<typeof zCodePaymentView>;

export const zTenderPart = z.object({
  /** a code part's payment id; a local id for the others */
  id: z.string(),
  method: zPaymentMethod,
  amount: zFen,
  /** waiting: a payment code the provider has not settled yet; done: taken (member and static: at the commit) */
  status: z.enum(['waiting', 'done']),
  customerConfirming: z.boolean(),
  codeMasked: z.string().nullable(),
  /** static codes: who confirmed seeing the money arrive */
  confirmedBy: z.string().nullable(),
});
export type TenderPart = z.infer<typeof zTenderPart>;

export const zTenderView = z.object({
  id: z.string(),
  status: z.enum(['open', 'sold', 'abandoned']),
  total: zFen,
  /** Σ parts done */
  paid: zFen,
  /** Σ parts waiting */
  waiting: zFen,
  /** what is left to pay: total − paid − waiting */
  remaining: zFen,
  parts: z.array(zTenderPart),
  /** the last code payment that took no money, with why (the cashier may try another method) */
  failure: z
    .object({ method: zPaymentMethod, amount: zFen, reason: zCodeFailure.shape.reason, message: z.string() })
    .nullable(),
  /** the parts covered the total but the sale could not be committed (e.g. the member's balance changed) */
  commitError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** the sale, once committed */
  completed: zCompletedOrder.nullable(),
});
export type TenderView = z.infer<typeof zTenderView>;

/** What this till can take now: payment codes only online, for the schemes the outlet has an account for. */
export const zPayOptions = z.object({
  /** the cloud can be reached: payment codes may be taken */
  online: z.boolean(),
  /** per scheme: taken here (the outlet has a merchant account for it); all false while offline or unknown */
  schemes: z.object(
    Object.fromEntries(CODE_SCHEMES.map((s) => [s, z.boolean()])) as Record<
      (typeof CODE_SCHEMES)[number],
      z.ZodBoolean
    >,
  ),
  /** how often the backend asks the cloud about a waiting payment */
  pollIntervalMs: z.number().int().positive(),
  /** a payment from before a restart is still being resolved: new payment codes wait for it */
  recovering: z.boolean(),
  /** payments found unfinished at start (a crash mid-payment) and how each was resolved, in this run */
  recovered: z.array(
    z.object({
      tenderId: z.string(),
      outcome: z.enum(['sold', 'abandoned']),
      total: zFen,
      orderNumber: z.string().nullable(),
      /** payment-code money sent back to the customer */
      reversed: zFen,
      at: z.number().int(),
    }),
  ),
});
export type PayOptions = z.infer<typeof zPayOptions>;

/** The customer display (客显 / 副屏): what the customer sees, pushed on every change ('display.changed'). */
export const zDisplayState = z.object({
  outletName: z.string(),
  /** idle: nothing to show (welcome); cart: ringing up; paying: a tender is open; done: the sale just committed */
  phase: z.enum(['idle', 'cart', 'paying', 'done']),
  lines: z.array(z.object({ name: z.string(), qty: z.number().int(), lineTotal: zFen })),
  itemCount: z.number().int(),
  discount: zFen,
  total: zFen,
  /** paid so far (parts done) */
  paid: zFen,
  /** what is still due */
  due: zFen,
  /** the parts, by method */
  parts: z.array(z.object({ method: zPaymentMethod, amount: zFen, waiting: z.boolean() })),
  /** cash change handed back (done) */
  change: zFen.nullable(),
  /** a payment code is waiting for the provider's answer */
  codeWaiting: z.boolean(),
  /** ... because the customer must confirm it on their phone (password): "请在手机上确认" */
  confirmOnPhone: z.boolean(),
});
export type DisplayState = z.infer<typeof zDisplayState>;

const zPartCommon = {
  /** the seat the sale goes to (internet cafés), kept with the tender */
  seat: zSeat.optional(),
  /** a supervisor's approval (override.grant, act 'discount') when the cart's discount needs one */
  overrideId: z.uuid().optional(),
};
const zPartAmount = zFen.refine((n) => n > 0, 'must be positive');
const zTenderAnswer = z.object({ tender: zTenderView });

export const PAY_METHODS = {
  /** the tender of the cart in progress (open, or the one that just sold / was abandoned), and what may be taken */
  'tender.get': method({
    input: empty,
    output: z.object({ tender: zTenderView.nullable(), options: zPayOptions }),
    auth: 'session',
    permission: 'sale.sell',
    polled: true,
  }),
  /**
   * A payment code scanned for (part of) the cart: the scheme is recognised from the digits (anything else:
   * VALIDATION naming the patterns); online only (OFFLINE otherwise; cash and member balance still work);
   * PAYMENT_NOT_CONFIGURED for a scheme this outlet does not take. amount: default what remains. paymentId:
   * the screen's retry key (the same id is the same payment, never a second charge). Answers at once with the
   * part waiting; the backend follows it ('tender.changed') and commits the sale when the parts cover the total.
   * CONFLICT while another code is waiting.
   */
  'tender.code': method({
    input: z
      .object({
        code: z.string().min(1).max(40),
        amount: zPartAmount.optional(),
        paymentId: z.uuid().optional(),
        ...zPartCommon,
      })
      .strict(),
    output: zTenderAnswer,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** (part of) the cart from the cart's member's stored value (needs member.manage): default what the balance
   *  covers of what remains; MEMBER_BALANCE_LOW when it covers nothing */
  'tender.member': method({
    input: z.object({ amount: zPartAmount.optional(), ...zPartCommon }).strict(),
    output: zTenderAnswer,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the customer paid the shop's own QR code and the cashier saw the money arrive (confirmed by them) */
  'tender.static': method({
    input: z.object({ method: z.enum(STATIC_METHODS), amount: zPartAmount.optional(), ...zPartCommon }).strict(),
    output: zTenderAnswer,
    auth: 'session',
    permission: 'sale.static_code',
  }),
  /** takes a part back: a payment code's money is reversed (refunded if the provider already settled it) */
  'tender.remove': method({
    input: z.object({ partId: z.string().min(1).max(64) }).strict(),
    output: zTenderAnswer,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** abandons the tender (every code payment reversed); the cart stays, unlocked */
  'tender.cancel': method({
    input: empty,
    output: z.object({ tender: zTenderView.nullable() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** a member top-up paid by payment code: the code is charged, then the top-up booked with that payment
   *  (once: clientId is the top-up's retry key). Answers at once; follow it with pay.get. */
  'member.topupByCode': method({
    input: z
      .object({
        memberId: z.uuid(),
        amount: zPartAmount,
        code: z.string().min(1).max(40),
        clientId: z.uuid().optional(),
      })
      .strict(),
    output: z.object({ payment: zCodePaymentView }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** one code payment as the till knows it; for a member top-up, the member once it is booked */
  'pay.get': method({
    input: z.object({ paymentId: z.uuid() }).strict(),
    output: z.object({ payment: zCodePaymentView, member: zMemberView.nullable() }),
    auth: 'session',
    permission: 'sale.sell',
    polled: true,
  }),
  /** abandons a member top-up by code that has not been booked (the money goes back) */
  'pay.cancel': method({
    input: z.object({ paymentId: z.uuid() }).strict(),
    output: z.object({ payment: zCodePaymentView }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** 开钱箱: opens the cash drawer through the receipt printer without a sale; audited with the employee */
  'drawer.open': method({
    input: z.object({ reason: z.string().trim().min(1).max(100).optional() }).strict(),
    output: z.object({ opened: z.literal(true) }),
    auth: 'session',
    permission: 'drawer.open',
  }),
  /** the customer display's state now (it then follows 'display.changed'); a registered till's, no session */
  'display.get': method({ input: empty, output: zDisplayState, auth: 'device', polled: true }),
} as const satisfies Record<string, MethodSpec>;
