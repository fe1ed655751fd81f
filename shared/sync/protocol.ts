// The one wire protocol between POS and cloud. Both the POS sync engine and the cloud routes use these
// schemas, so a field cannot drift on one side only. Paths are versioned; every route except
// `register` is signed by the device key (see signing.ts).
// Long on purpose: the one wire protocol: every schema both sides use, so a field cannot drift on one side only.
import { z } from 'zod';
import { zText } from '../text';
import { CASH_KINDS, CASH_MOVEMENT_KINDS } from '../cash';
import { zAccountNumber, zMobile, zSeatInput } from '../input';
import { UTILITY_AMOUNT_MAX_FEN, UTILITY_AMOUNT_MIN_FEN } from '../limits';
import { MAX_FEN, zFen } from '../money';
import { zTimeZone } from '../time';
import { zGrantedPermissions } from '../permissions';
import { PAYMENT_METHOD_DEFS, zPaymentMethod, zTakingsByMethod } from '../payments/methods';
import { zOverrideAct, zOverrideRecord } from '../sale/overrides';
import { zDiscountLimits, zRoundingRule } from '../sale/pricing';
import { zStaffCard } from '../staff-card';

/** required, trimmed, at most `max` characters */
const zLabel = (max: number) => zText().trim().min(1).max(max);
export const zUsername = zText()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits, _ . @ - only');
export const zPassword = zText().min(4).max(128);

export const PATHS = {
  /** POST (public): a single-use challenge for the next registration (proof of possession of the new key) */
  registerChallenge: '/v1/devices/challenge',
  register: '/v1/devices/register',
  login: '/v1/auth/login',
  /** POST (signed): a supervisor's username and password checked for an override at this till (no session) */
  override: '/v1/auth/override',
  catalogChanges: '/v1/catalog/changes',
  /** POST (signed): orders of wire version 2 (discounts per line and per order, overrides); a cloud older than
   *  version 2 has no such route, so a newer till's orders wait in its outbox (update the cloud first) */
  ordersBatch: '/v2/orders/batch',
  /** POST (signed): the version-1 order route, still served for tills older than version 2 */
  ordersBatchV1: '/v1/orders/batch',
  /** POST (signed): closed shifts (交班), idempotent on device + clientShiftId like orders */
  shiftsBatch: '/v1/shifts/batch',
  /** POST (signed): returns and voids (退货/作废), idempotent on device + clientReturnId */
  returnsBatch: '/v1/returns/batch',
  health: '/v1/health',
  /** GET (signed; answered for a pending device too): this device's status as the cloud sees it */
  deviceMe: '/v1/devices/me',
  /** POST (signed + Bearer): a fresh session token for the current one, which stops working */
  refresh: '/v1/auth/refresh',
} as const;

// ---- device registration (authenticated by the master account's password, not yet by a device key) ----
export const zRegisterRequest = z.object({
  username: zUsername,
  password: zPassword,
  device: z.object({
    name: zLabel(64),
    /** hex sha256 of machine id + sorted physical MACs */
    fingerprint: zText().regex(/^[0-9a-f]{64}$/),
    /** Ed25519 public key, SPKI DER, base64 */
    publicKey: zText().min(40).max(200),
    platform: zLabel(32),
  }),
  /** proof that the registering till holds the new key's private half: its Ed25519 signature (base64) over
   *  registrationProofText (shared/sync/signing.ts) with a challenge from POST /v1/devices/challenge */
  proof: z.object({
    challenge: zText().regex(/^[A-Za-z0-9_-]{43}$/, 'a challenge from POST /v1/devices/challenge'),
    signature: zText().min(1).max(200),
  }),
});
export type RegisterRequest = z.infer<typeof zRegisterRequest>;
export const zRegisterChallengeResponse = z.object({ challenge: zText(), expiresAt: z.number().int() });
export type RegisterChallengeResponse = z.infer<typeof zRegisterChallengeResponse>;

/** The organisation the device is registered to: an outlet's till, or an agent's (区代) back-office PC, which
 *  the cloud serves only /v1/agent/* and the account routes. Defaults to 'outlet' so an older cloud still works. */
export const ORG_KINDS = ['outlet', 'agent'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const zOutletInfo = z.object({
  id: z.uuid(),
  name: zText(),
  timezone: zText(),
  kind: z.enum(ORG_KINDS).default('outlet'),
});
export const zDevicePolicy = z.object({
  /** the outlet's time zone (its setting; older clouds leave it out: the zone given at registration holds) */
  timeZone: zTimeZone.optional(),
  offlineWindowHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
  offlineSalesCapFen: zFen,
  /** 抹零: how this outlet rounds a sale's total down (absent from older clouds: none) */
  rounding: zRoundingRule.default('none'),
  /** a void (作废) is a full return of the till's last sale within this many minutes of it */
  voidWindowMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(10),
  /** the outlet's maximum for one member top-up (absent from older clouds: DEFAULT_MEMBER_TOPUP_MAX_FEN) */
  memberTopupMaxFen: zFen.optional(),
});
export const zRegisterResponse = z.object({
  deviceId: z.uuid(),
  status: z.enum(['active', 'pending']),
  outlet: zOutletInfo,
  policy: zDevicePolicy,
});
export type RegisterResponse = z.infer<typeof zRegisterResponse>;

// ---- employee login (signed) ----
export const zLoginRequest = z.object({ username: zUsername, password: zPassword });
/** An employee's limits at the till: discounts by their own choice (amount and share of the sale) and the
 *  largest return they may make without an override. Absent from older clouds: then no discretion at all. */
export const zEmployeeLimits = zDiscountLimits.extend({ maxRefundFen: zFen });
export type EmployeeLimits = z.infer<typeof zEmployeeLimits>;
export const zEmployee = z.object({
  id: z.uuid(),
  username: zText(),
  name: zText(),
  isMaster: z.boolean(),
  permissions: zGrantedPermissions,
  limits: zEmployeeLimits.optional(),
});
export type Employee = z.infer<typeof zEmployee>;
/** The employee's daily money-movement cap as the cloud sees it at login (shared/limits.ts MONEY_MOVEMENT_KINDS):
 *  the till holds pay-outs to it, offline too, adding what it moved itself since `asOf`. */
export const zMoneyToday = z.object({
  /** null: no cap (the master account) */
  dailyCapFen: zFen.nullable(),
  /** moved today (the outlet's calendar day) by this employee, as the cloud knows it */
  movedTodayFen: zFen,
  /** the cloud's time of these figures */
  asOf: z.number().int(),
});
export type MoneyToday = z.infer<typeof zMoneyToday>;
export const zLoginResponse = z.object({
  token: zText().min(16),
  expiresAt: z.number().int(),
  employee: zEmployee,
  policy: zDevicePolicy,
  /** absent from older clouds: the till then knows no cap */
  money: zMoneyToday.optional(),
});
export type LoginResponse = z.infer<typeof zLoginResponse>;

// ---- supervisor override (signed; shared/sale/overrides.ts): the password is checked like a login's, or a
// staff card (shared/staff-card.ts) alone approves; a cloud older than cards refuses the card shape (VALIDATION)
// and the till then judges the card offline ----
export const zOverrideRequest = z.union([
  z.object({ username: zUsername, password: zPassword, act: zOverrideAct, cashierId: z.uuid() }).strict(),
  z.object({ card: zStaffCard, act: zOverrideAct, cashierId: z.uuid() }).strict(),
]);
export type OverrideRequest = z.infer<typeof zOverrideRequest>;
export const zOverrideResponse = z.object({ employee: zEmployee, policy: zDevicePolicy });
export type OverrideResponse = z.infer<typeof zOverrideResponse>;

// ---- device status re-check and session refresh (signed) ----
/** GET /v1/health: liveness, and the payment methods version this cloud understands (absent: version 1). */
export const zHealthResponse = z.object({ ok: z.literal(true), paymentMethodsVersion: z.number().int() });
export type HealthResponse = z.infer<typeof zHealthResponse>;
export const zDeviceMeResponse = z.object({ deviceId: z.uuid(), status: z.enum(['active', 'pending', 'revoked']) });
export type DeviceMeResponse = z.infer<typeof zDeviceMeResponse>;
export const zRefreshResponse = z.object({
  token: zText().min(16),
  expiresAt: z.number().int(),
  idleExpiresAt: z.number().int(),
});
export type RefreshResponse = z.infer<typeof zRefreshResponse>;

// ---- catalog change feed (signed; pulled by cursor, in pages) ----
/** utility: a bill (水电煤) paid to a biller for a customer's account number (户号), online like top-ups */
export const PRODUCT_KINDS = ['physical', 'topup', 'gamecard', 'utility'] as const;
export const zProductKind = z.enum(PRODUCT_KINDS);
export const CARRIERS = ['cmcc', 'cucc', 'ctcc'] as const; // China Mobile, Unicom, Telecom
export const zCarrier = z.enum(CARRIERS);

export const zCategory = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: zText().max(64),
  sort: z.number().int(),
});
export type Category = z.infer<typeof zCategory>;

export const zProduct = z.object({
  id: z.uuid(),
  sku: zText().max(64),
  barcode: zText().max(32).nullable(),
  name: zText().max(200),
  categoryId: z.uuid().nullable(),
  kind: zProductKind,
  unit: zText().max(8),
  /** the outlet's retail price */
  price: zFen,
  /** face value of a top-up or card, null for physical goods */
  faceValue: zFen.nullable(),
  carrier: zCarrier.nullable(),
  active: z.boolean(),
  /** on-hand quantity at the outlet, owned by the cloud; null (or absent) for goods without stock (virtual) */
  stock: z.number().int().nullable().optional(),
  /** provinces (as in the phone-prefix table) a regional source may be sold to; absent = nationwide */
  regions: z.array(zText().min(1).max(32)).min(1).max(40).nullable().optional(),
  /** the company a utility bill is paid to (国网上海市电力公司); utilities only */
  biller: zText().max(100).nullable().optional(),
});
export type Product = z.infer<typeof zProduct>;

/** A cloud-owned stock snapshot of one product; the feed's seq orders snapshots. Devices never send stock. */
export const zStockSnapshot = z.object({ productId: z.uuid(), stock: z.number().int() });
export type StockSnapshot = z.infer<typeof zStockSnapshot>;

/** A member (internet café) with a snapshot of their stored value when the change was written (cloud-owned). */
export const zMember = z.object({
  id: z.uuid(),
  cardNo: zText().max(32),
  phone: zText().nullable(),
  name: zText().max(64),
  level: zText().max(32),
  /** 10000 = no discount, 9500 = 5% off */
  discountBps: z.number().int().min(0).max(10000),
  /** stored value the cloud confirmed at this seq, minus any unpaid overdraft (may be negative) */
  balance: z.number().int(),
  /** how far below the balance a device may let the member spend while offline */
  offlineAllowance: zFen,
});
export type Member = z.infer<typeof zMember>;

// A plain union: 'entity' alone does not discriminate (a product can be upserted or deleted), and zod 4
// refuses a discriminatedUnion with a repeated discriminator value.
export const zCatalogChange = z.union([
  z.object({ seq: z.number().int().positive(), entity: z.literal('product'), op: z.literal('upsert'), data: zProduct }),
  z.object({
    seq: z.number().int().positive(),
    entity: z.literal('category'),
    op: z.literal('upsert'),
    data: zCategory,
  }),
  z.object({
    seq: z.number().int().positive(),
    entity: z.literal('stock'),
    op: z.literal('upsert'),
    data: zStockSnapshot,
  }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('member'), op: z.literal('upsert'), data: zMember }),
  // member delete: the member was closed (销卡) and leaves the tills' snapshot; its history stays in the cloud
  z.object({
    seq: z.number().int().positive(),
    entity: z.enum(['product', 'category', 'member']),
    op: z.literal('delete'),
    id: z.uuid(),
  }),
]);
export type CatalogChange = z.infer<typeof zCatalogChange>;

/** One employee's staff card as tills keep it: the cloud's salted scrypt hash ("scrypt$N$r$p$salt$key", the salt
 *  and parameters inside it) — never the number — and the employee as a login would answer (permissions, limits). */
export const zStaffCardEntry = z
  .object({
    employeeId: z.uuid(),
    verifier: zText()
      .max(256)
      .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/),
    employee: zEmployee,
  })
  .strict();
export type StaffCardEntry = z.infer<typeof zStaffCardEntry>;

export const CATALOG_PAGE_MAX = 5000;
export const zCatalogChangesQuery = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(CATALOG_PAGE_MAX).default(1000),
});
export const zCatalogChangesResponse = z.object({
  changes: z.array(zCatalogChange),
  /** the cursor to ask with next time: the seq of the last change in this page, or the request's cursor */
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /** the outlet's disabled employees (ids), on every page: a till forgets their offline logins and ends a
   *  session of theirs at once, so a dismissed cashier cannot log in offline for the rest of the window */
  disabledEmployees: z.array(z.uuid()).max(10_000).optional(),
  /** when employees' passwords last changed (cloud time): an offline login remembered before it is forgotten */
  passwordChanges: z
    .array(z.object({ employeeId: z.uuid(), at: z.number().int() }))
    .max(10_000)
    .optional(),
  /** the staff cards of the outlet's enabled employees, on every page: the till replaces what it knows with this
   *  list, so a removed card (挂失) or a disabled employee stops approving offline at the next pull. Absent from
   *  a cloud older than cards: the till then knows no card. */
  staffCards: z.array(zStaffCardEntry).max(10_000).optional(),
});
export type CatalogChangesResponse = z.infer<typeof zCatalogChangesResponse>;

// ---- order push (signed; idempotent on device + clientOrderId, forever) ----
/** The payment methods are declared once, versioned, in shared/payments/methods.ts. member: paid from the
 *  member's stored value (memberId required; may be taken offline); *_code: a payment code charged through
 *  the cloud (paymentId required, paid before the sale commits); *_static: the shop's own QR code, confirmed by
 *  an employee (confirmedBy required). */
export { PAYMENT_METHODS } from '../payments/methods';
// Order wire version 2 (route PATHS.ordersBatch = /v2/orders/batch): a line may carry its catalog price beside
// an overridden one (改价) and a line discount; the order carries its order-level discount split into its parts
// and the supervisor overrides it was made with. Objects are strict: a field this cloud does not know is
// refused by name (VALIDATION), never dropped in silence. Version-1 orders are valid version-2 orders.
export const ORDER_WIRE_VERSION = 2;
export const zOrderLine = z
  .object({
    lineNo: z.number().int().min(1).max(999),
    productId: z.uuid(),
    sku: zText().max(64),
    name: zText().max(200),
    qty: z.number().int().min(1).max(9999),
    /** the price per unit charged, before the line discount */
    unitPrice: zFen,
    /** the catalog's price when the cashier charged another (改价); absent when unitPrice is the catalog's */
    listPrice: zFen.optional(),
    /** fen off this line (a line discount); lineTotal = unitPrice × qty − discount */
    discount: zFen.optional(),
    lineTotal: zFen,
  })
  .strict();
export const zOrderDiscounts = z
  .object({
    /** the member's level discount */
    member: zFen,
    /** a whole-order discount the cashier gave */
    order: zFen,
    /** 抹零: the odd fen or jiao the outlet's rule drops */
    rounding: zFen,
  })
  .strict();
export const zOrderPayment = z.strictObject({
  method: zPaymentMethod,
  /** what the payment settles of the order total */
  amount: zFen,
  /** cash handed over by the customer (cash only) */
  tendered: zFen.optional(),
  change: zFen.optional(),
  /** the paying member (method 'member' only) */
  memberId: z.uuid().optional(),
  /** the cloud payment that charged the customer's code (code methods only; POST /v1/payments) */
  paymentId: z.uuid().optional(),
  /** the employee who saw a static-QR payment arrive (static methods only) */
  confirmedBy: z.uuid().optional(),
});
/** A seat number as the counter takes it (sale.checkout, park.hold): what the receipt printer can print
 *  (shared/input.ts), so no emoji that would come out as boxes. */
export const zSeat = zSeatInput;
/** A seat number on the wire: at most 8 characters, no control characters. Laxer than zSeat on purpose: an
 *  order queued by an older till (before zSeat refused emoji) still goes up instead of being parked. */
export const zSeatWire = zText()
  .trim()
  .min(1)
  .max(8)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters'); // eslint-disable-line no-control-regex -- refusing them is the point;
export const zOrderWire = z
  .object({
    clientOrderId: z.uuid(),
    /** human-readable number printed on the receipt, unique per device */
    number: zText().min(1).max(32),
    createdAt: z.number().int().positive(),
    employeeId: z.uuid(),
    lines: z.array(zOrderLine).min(1).max(500),
    subtotal: zFen,
    discount: zFen,
    total: zFen,
    payments: z.array(zOrderPayment).min(1).max(10),
    /** the seat an internet-café order goes to ("A23"); absent for counter sales */
    seat: zSeatWire.optional(),
    /** what `discount` is made of (absent: all of it is the member's level discount, as in version 1) */
    discounts: zOrderDiscounts.optional(),
    /** the supervisor overrides this sale was made with (a discount beyond the cashier's limits) */
    overrides: z.array(zOverrideRecord).max(10).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    let sum = 0;
    o.lines.forEach((l, i) => {
      if (l.lineTotal !== l.unitPrice * l.qty - (l.discount ?? 0))
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'lineTotal'],
          message: 'lineTotal ≠ unitPrice × qty − discount',
        });
      if (l.listPrice !== undefined && l.listPrice === l.unitPrice)
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'listPrice'],
          message: 'listPrice only when the price was changed',
        });
      sum += l.lineTotal;
    });
    if (sum !== o.subtotal) ctx.addIssue({ code: 'custom', path: ['subtotal'], message: 'subtotal ≠ sum of lines' });
    if (o.total !== o.subtotal - o.discount)
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'total ≠ subtotal − discount' });
    if (o.discounts && o.discounts.member + o.discounts.order + o.discounts.rounding !== o.discount)
      ctx.addIssue({ code: 'custom', path: ['discounts'], message: 'discounts ≠ discount' });
    const paid = o.payments.reduce((s, p) => s + p.amount, 0);
    if (paid !== o.total) ctx.addIssue({ code: 'custom', path: ['payments'], message: 'payments ≠ total' });
    const codePayments = new Set<string>();
    o.payments.forEach((p, i) => {
      const kind = PAYMENT_METHOD_DEFS[p.method].kind;
      if ((p.method === 'member') !== (p.memberId !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['payments', i, 'memberId'],
          message: 'memberId is required for, and only for, member payments',
        });
      if ((kind === 'code') !== (p.paymentId !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['payments', i, 'paymentId'],
          message: 'paymentId is required for, and only for, payment-code payments',
        });
      if ((kind === 'static') !== (p.confirmedBy !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['payments', i, 'confirmedBy'],
          message: 'confirmedBy is required for, and only for, static-code payments',
        });
      if (kind !== 'cash' && (p.tendered !== undefined || p.change !== undefined))
        ctx.addIssue({ code: 'custom', path: ['payments', i, 'change'], message: 'only cash has tendered and change' });
      if (p.paymentId !== undefined) {
        if (codePayments.has(p.paymentId))
          ctx.addIssue({ code: 'custom', path: ['payments', i, 'paymentId'], message: 'one payment pays one line' });
        codePayments.add(p.paymentId);
      }
    });
  });
export type OrderWire = z.infer<typeof zOrderWire>;

// The batch request and verdicts of orders are derived from the record-kind registry (records.ts).

// ---- closed shifts (交班) push (signed; idempotent on device + clientShiftId, forever) ----
// A shift travels once it is closed, in the till's outbox behind the orders rung up before it. Its figures
// are the ones frozen at the close (sales.db 0006); the cloud keeps them as they came and derives nothing.
/** every cash kind of shared/cash.ts: the wire names each one (0 where nothing moved) */
export const SHIFT_WIRE_CASH_KINDS = CASH_KINDS;
const zSignedFen = z.number().int().min(-MAX_FEN).max(MAX_FEN);
export const zShiftCashByKind = z
  .object(
    // a kind newer than the wire's first version (CashKindSpec.since) may be absent: an older till's shift
    Object.fromEntries(
      SHIFT_WIRE_CASH_KINDS.map((k) => [k, 'since' in CASH_MOVEMENT_KINDS[k] ? zSignedFen.default(0) : zSignedFen]),
    ) as Record<(typeof SHIFT_WIRE_CASH_KINDS)[number], typeof zSignedFen>,
  )
  .strict();
/**
 * What a shift accumulates while it is open, with the limits its wire holds them to. The till checks them
 * inside the transaction of every movement and sale (electron/backend/shifts/drawer.ts) and refuses the one
 * that would cross a limit, so a shift can always be closed and its wire is never refused.
 */
export const zShiftRunningTotals = z.object({
  /** signed fen per kind of movement (hand-backs and pay-outs negative) */
  cashByKind: zShiftCashByKind,
  /** opening float + every movement: what the drawer should have held */
  expectedCash: zSignedFen,
  salesCount: z.number().int().min(0).max(10_000_000),
  salesTotal: zFen,
});
export type ShiftRunningTotals = z.infer<typeof zShiftRunningTotals>;

export const zShiftWire = z
  .object({
    clientShiftId: z.uuid(),
    openedBy: z.uuid(),
    openedAt: z.number().int().positive(),
    openingFloat: zFen,
    /** opened by the first sale or movement because nobody had opened a shift (float 0) */
    autoOpened: z.boolean(),
    closedBy: z.uuid(),
    closedAt: z.number().int().positive(),
    ...zShiftRunningTotals.shape,
    countedCash: zFen,
    /** counted − expected: negative = 短款 (cash missing), positive = 长款 */
    difference: zSignedFen,
    note: zText().max(200).nullable(),
    /** what the shift's sales took per payment method (methods version 2; absent from older tills) — the cash
     *  drawer only ever expects the cash part */
    takingsByMethod: zTakingsByMethod.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.closedAt < s.openedAt)
      ctx.addIssue({ code: 'custom', path: ['closedAt'], message: 'closedAt before openedAt' });
    if (s.difference !== s.countedCash - s.expectedCash)
      ctx.addIssue({ code: 'custom', path: ['difference'], message: 'difference ≠ countedCash − expectedCash' });
    const moved = SHIFT_WIRE_CASH_KINDS.reduce((a, k) => a + s.cashByKind[k], 0);
    if (s.expectedCash !== s.openingFloat + moved)
      ctx.addIssue({ code: 'custom', path: ['expectedCash'], message: 'expectedCash ≠ openingFloat + cash by kind' });
    if (s.autoOpened && s.openingFloat !== 0)
      ctx.addIssue({ code: 'custom', path: ['openingFloat'], message: 'an auto-opened shift has no float' });
  });
export type ShiftWire = z.infer<typeof zShiftWire>;

// The batch request and verdicts of shifts are derived from the record-kind registry (records.ts).

// ---- virtual goods: top-ups and game cards (signed; online only) ----
export const VIRTUAL_PATHS = {
  submit: '/v1/virtual/orders',
  /** GET `${order}/${id}`: one order's live status (a game card's code only to the ordering device, once) */
  order: '/v1/virtual/orders',
  /** GET ?cursor=&limit=: the outlet's virtual orders changed after cursor, oldest change first */
  changes: '/v1/virtual/changes',
  /** POST `${order}/${id}/complaint` */
  complaintSuffix: '/complaint',
  /** POST `${supplierCallback}/${supplierId}`: the supplier's callback, HMAC-signed with its shared secret */
  supplierCallback: '/v1/suppliers/callback',
  /** GET ?cursor=&limit=: the phone prefix table (global), by change version */
  phonePrefixes: '/v1/phone-prefixes',
  /** GET `${phoneLookup}/${number}` */
  phoneLookup: '/v1/phone-prefixes/lookup',
} as const;

export const VIRTUAL_STATUSES = ['pending', 'success', 'failed', 'stuck'] as const;
export const zVirtualStatus = z.enum(VIRTUAL_STATUSES);
export type VirtualStatus = z.infer<typeof zVirtualStatus>;
/** An 11-digit mainland mobile number (full-width IME digits made ASCII first: shared/input.ts). */
export const zPhoneNumber = zMobile;
/** A utility account number (户号): 5–30 letters or digits (full-width made ASCII first). */
export const zUtilityAccount = zAccountNumber;

/** A utility bill's amount in fen (shared/limits.ts UTILITY_AMOUNT_*). */
export const zUtilityAmount = zFen.refine((n) => n >= UTILITY_AMOUNT_MIN_FEN && n <= UTILITY_AMOUNT_MAX_FEN, {
  message: `between ${UTILITY_AMOUNT_MIN_FEN} and ${UTILITY_AMOUNT_MAX_FEN} fen`,
});

export const zVirtualSubmitRequest = z
  .object({
    /** the device's idempotency key (UUIDv7): a retry answers with the first order */
    clientOrderId: z.uuid(),
    productId: z.uuid(),
    /** required for top-ups */
    phone: zPhoneNumber.optional(),
    /** required for utility bills (户号), instead of a phone */
    account: zUtilityAccount.optional(),
    /** utility bills only: the amount to pay when it is not the product's own face value (bills of any
     *  amount, priced at the product's rate; absent = the face value, as before such bills existed) */
    amount: zUtilityAmount.optional(),
  })
  .refine((r) => !(r.phone && r.account), {
    path: ['account'],
    message: 'a phone number or an account number, not both',
  });
export type VirtualSubmitRequest = z.infer<typeof zVirtualSubmitRequest>;

export const zVirtualOrder = z.object({
  id: z.uuid(),
  clientOrderId: z.uuid(),
  productId: z.uuid(),
  kind: z.enum(['topup', 'gamecard', 'utility']),
  phone: zText().nullable(),
  /** a utility bill's account number (户号); absent from older clouds */
  account: zText().nullable().optional(),
  faceValue: zFen,
  /** what the outlet's prepaid balance pays: supply price + agent markup */
  cost: zFen,
  status: zVirtualStatus,
  statusReason: zText().nullable(),
  /** stuck and past automatic queries: the platform's operators have it */
  escalated: z.boolean(),
  complaint: z
    .object({ status: z.enum(['open', 'compensated', 'rejected']), resolution: zText().nullable() })
    .nullable(),
  /** a game card's code (卡密): sent once, to the ordering device only */
  cardCode: zText().optional(),
  submittedAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type VirtualOrder = z.infer<typeof zVirtualOrder>;

export const zVirtualChangesQuery = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const zVirtualChangesResponse = z.object({
  orders: z.array(zVirtualOrder),
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
});
export type VirtualChangesResponse = z.infer<typeof zVirtualChangesResponse>;

export const zComplaintRequest = z.object({ reason: zLabel(500) });

/** every carrier a phone number can belong to: the product carriers + China Broadcast Network (192) */
export const PHONE_CARRIERS = [...CARRIERS, 'cbn'] as const;
export type PhoneCarrier = (typeof PHONE_CARRIERS)[number];
export const zPhonePrefix = z.object({
  prefix: zText().regex(/^1\d{2,6}$/),
  carrier: z.enum(PHONE_CARRIERS),
  province: zText().nullable(),
  city: zText().nullable(),
});
export type PhonePrefix = z.infer<typeof zPhonePrefix>;
export const zPhonePrefixesQuery = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});
export const zPhonePrefixesResponse = z.object({
  prefixes: z.array(zPhonePrefix),
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
});
export type PhonePrefixesResponse = z.infer<typeof zPhonePrefixesResponse>;
export const zPhoneLookupResponse = z.object({
  number: zText(),
  /** the longest matching prefix, null when none matches */
  match: zPhonePrefix.nullable(),
});
export type PhoneLookupResponse = z.infer<typeof zPhoneLookupResponse>;
