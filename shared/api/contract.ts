// The one API contract between renderer and POS backend (docs/architecture.md). The backend registers exactly
// one handler per method; the renderer's `pos.call(name, input)` is typed from this map. Every input is
// validated at the backend boundary before a handler runs.
import { z } from 'zod';
import { zFen } from '../money';
import { zPermission, type Permission } from '../permissions';
import { OWNER_METHODS } from './owner-methods';
import { AGENT_METHODS } from './agent-methods';
import { SHIFT_METHODS } from './shift-methods';
import { MEMBER_ADMIN_METHODS } from './member-admin-methods';
import { CATALOG_ADMIN_METHODS } from './catalog-admin-methods';
import { zCatalogItem } from './catalog-item';
import { CHECKOUT_METHODS } from '../payments/methods';
import {
  ORG_KINDS,
  PAYMENT_METHODS,
  PHONE_CARRIERS,
  VIRTUAL_STATUSES,
  zEmployee,
  zPassword,
  zPhoneNumber,
  zSeat,
  zUsername,
  zUtilityAccount,
  zVirtualOrder,
} from '../sync/protocol';

export type AuthLevel = 'none' | 'device' | 'session';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** none: callable before registration; device: needs a registered device; session: needs a logged-in employee */
  auth: AuthLevel;
  permission?: Permission;
  /** needs the super password at the time of use (security issue) and is always audited */
  sensitive?: boolean;
  /** called by a screen on a timer, not by a person: does not count as use (the idle lock, the background
   *  refresh of the cloud session) */
  polled?: boolean;
}

const method = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;
const empty = z.object({}).strict();

export const zDeviceState = z.object({
  state: z.enum(['unregistered', 'pending', 'active', 'revoked']),
  deviceId: z.string().nullable(),
  name: z.string().nullable(),
  outletName: z.string().nullable(),
  /** what the PC is registered to (null before registration): 'agent' = an agent's back office, no selling */
  orgKind: z.enum(ORG_KINDS).nullable(),
  cloudUrl: z.string(),
});
export type DeviceState = z.infer<typeof zDeviceState>;

export const zSession = z.object({ employee: zEmployee, expiresAt: z.number().int(), offline: z.boolean() });
export type Session = z.infer<typeof zSession>;

// zCatalogItem lives in catalog-item.ts so the method files spread below can use it without an import cycle.
export { zCatalogItem, type CatalogItem } from './catalog-item';

export const zCartLine = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  qty: z.number().int(),
  unitPrice: zFen,
  lineTotal: zFen,
  /** present when this line sells more than the estimated stock: a warning to show, never a block */
  stockWarning: z.object({ code: z.literal('BELOW_STOCK'), available: z.number().int() }).optional(),
});
export const zCart = z.object({ lines: z.array(zCartLine), itemCount: z.number().int(), subtotal: zFen, total: zFen });
export type Cart = z.infer<typeof zCart>;

export const SYNC_STATES = ['online', 'offline', 'syncing', 'error'] as const;
export const zSyncStatus = z.object({
  state: z.enum(SYNC_STATES),
  unsent: z.number().int().min(0),
  /** createdAt of the oldest order not yet acknowledged by the cloud */
  oldestUnsentAt: z.number().int().nullable(),
  lastSyncAt: z.number().int().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** when the head of the outbox is next tried (capped exponential backoff); null when nothing waits */
  nextAttemptAt: z.number().int().nullable().optional(),
});
export type SyncStatus = z.infer<typeof zSyncStatus>;

export const zCompletedOrder = z.object({
  id: z.string(),
  number: z.string(),
  createdAt: z.number().int(),
  total: zFen,
  tendered: zFen,
  change: zFen,
  lines: z.array(zCartLine),
  /** before the member's level discount; total = subtotal − discount */
  subtotal: zFen.optional(),
  discount: zFen.optional(),
  /** how it was paid (cash when absent) */
  method: z.enum(PAYMENT_METHODS).optional(),
  seat: z.string().nullable().optional(),
  /** the member the sale was made to, with their balance after it as this device sees it */
  member: z.object({ id: z.string(), name: z.string(), balance: z.number().int() }).optional(),
});
export type CompletedOrder = z.infer<typeof zCompletedOrder>;

/** The receipt printer of this PC: none, or an ESC/POS printer on the LAN (raw TCP, usually port 9100). */
export const zPrinterConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('network'),
      host: z
        .string()
        .trim()
        .min(1)
        .max(253)
        .regex(/^[A-Za-z0-9.:-]+$/, 'a host name or IP address'),
      port: z.number().int().min(1).max(65535).default(9100),
      paperWidth: z.union([z.literal(58), z.literal(80)]).default(58),
    })
    .strict(),
]);
export type PrinterConfig = z.infer<typeof zPrinterConfig>;

/** A member (internet café) as the counter sees it: the snapshot from the change feed, with the balance
 *  this device can vouch for. */
export const zMemberView = z.object({
  id: z.string(),
  cardNo: z.string(),
  phone: z.string().nullable(),
  name: z.string(),
  level: z.string(),
  /** 10000 = no discount, 9500 = 5% off */
  discountBps: z.number().int().min(0).max(10000),
  /** the cloud's last synced balance minus this device's member spends it does not reflect yet; may be negative */
  balance: z.number().int(),
  /** those spends (already subtracted from balance) */
  unsyncedSpend: zFen,
  /** how far below zero the member may spend while the cloud cannot be reached */
  offlineAllowance: zFen,
});
export type MemberView = z.infer<typeof zMemberView>;

export const MEMBER_HISTORY_KINDS = [
  'topup',
  'spend',
  'refund',
  'correction',
  'overdraft',
  'repay',
  'writeoff',
  'close',
  'other',
] as const;
/** One money movement of a member (cloud GET /v1/members/:id/history), with what the card held after it. */
export const zMemberHistoryEntry = z.object({
  id: z.string(),
  kind: z.enum(MEMBER_HISTORY_KINDS),
  /** + onto the card, − off it (a spend's overdraft part counts against the member) */
  amount: z.number().int(),
  /** the balance after this movement (derived from the live balance, walking back through newer movements) */
  balanceAfter: z.number().int(),
  /** e.g. "order:<id>" for a sale paid from the card */
  ref: z.string().nullable(),
  at: z.number().int(),
  /** a spend: what a refund may still give back (0 once fully refunded); null for every other kind */
  refundable: zFen.nullable(),
});
export type MemberHistoryEntry = z.infer<typeof zMemberHistoryEntry>;

/** The member's level discount on a subtotal, rounded DOWN to the fen (never more than the level promises). */
export function memberDiscountFen(subtotal: number, discountBps: number): number {
  return Math.floor((subtotal * (10000 - discountBps)) / 10000);
}

/** One of this device's virtual orders in the recent list. 'unconfirmed': asked, the cloud's answer never
 *  came (it may hold the order: it shows up here once the cloud's feed names it). */
export const zRecentVirtualOrder = z.object({
  clientOrderId: z.string(),
  id: z.string().nullable(),
  productName: z.string(),
  phone: z.string().nullable(),
  faceValue: zFen.nullable(),
  cost: zFen.nullable(),
  status: z.enum([...VIRTUAL_STATUSES, 'unconfirmed']),
  statusReason: z.string().nullable(),
  escalated: z.boolean(),
  complaint: z
    .object({ status: z.enum(['open', 'compensated', 'rejected']), resolution: z.string().nullable() })
    .nullable(),
  submittedAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type RecentVirtualOrder = z.infer<typeof zRecentVirtualOrder>;

const zQty = z.number().int().min(1).max(9999);
const zCode = z.string().trim().min(1).max(64);

export const API = {
  'app.status': method({
    input: empty,
    output: z.object({
      device: zDeviceState,
      session: zSession.nullable(),
      catalog: z.object({
        products: z.number().int(),
        cursor: z.number().int(),
        syncedAt: z.number().int().nullable(),
      }),
    }),
    auth: 'none',
  }),
  'device.register': method({
    input: z
      .object({ username: zUsername, password: zPassword, deviceName: z.string().trim().min(1).max(64) })
      .strict(),
    output: zDeviceState,
    auth: 'none',
  }),
  'auth.login': method({
    input: z.object({ username: zUsername, password: zPassword }).strict(),
    output: zSession,
    auth: 'device',
  }),
  'auth.logout': method({ input: empty, output: z.object({}), auth: 'session' }),
  /**
   * Forgets this PC's registration and wipes the local data (sales.db, catalog.db, device key). Refused
   * with UNSENT_ORDERS while the cloud has not acknowledged every order; `confirm` must repeat the device name.
   */
  'device.reset': method({
    input: z.object({ confirm: z.string().trim().min(1).max(64) }).strict(),
    output: z.object({ reset: z.literal(true) }),
    auth: 'session',
    permission: 'device.manage',
  }),
  'catalog.search': method({
    input: z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(100).default(30) }).strict(),
    output: z.object({ items: z.array(zCatalogItem) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'catalog.lookup': method({
    input: z.object({ code: zCode }).strict(),
    output: z.object({ item: zCatalogItem.nullable() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'catalog.sync': method({
    input: empty,
    output: z.object({ applied: z.number().int(), cursor: z.number().int(), products: z.number().int() }),
    auth: 'session',
  }),
  'cart.get': method({ input: empty, output: zCart, auth: 'session', permission: 'sale.sell' }),
  'cart.add': method({
    input: z.object({ productId: z.string().min(1).max(64), qty: zQty.default(1) }).strict(),
    output: zCart,
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** scanner input: exact barcode/SKU lookup and add in one round trip */
  'cart.scan': method({
    input: z.object({ code: zCode }).strict(),
    output: z.object({ cart: zCart, item: zCatalogItem.nullable() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'cart.setQty': method({
    input: z.object({ productId: z.string().min(1).max(64), qty: z.number().int().min(0).max(9999) }).strict(),
    output: zCart,
    auth: 'session',
    permission: 'sale.sell',
  }),
  'cart.clear': method({ input: empty, output: zCart, auth: 'session', permission: 'sale.sell' }),
  /**
   * Commits the cart as a sale. payment 'cash' (default): tendered must cover the total. payment 'member':
   * the whole total from memberId's stored value (needs member.manage); online up to the cloud's live
   * balance, offline up to balance + the member's offline allowance, else MEMBER_BALANCE_LOW. With a
   * memberId the member's level discount applies either way. seat: an internet café's seat number.
   */
  'sale.checkout': method({
    input: z
      .object({
        tendered: zFen.default(0 as never),
        payment: z.enum(CHECKOUT_METHODS).default('cash'),
        memberId: z.string().uuid().optional(),
        seat: zSeat.optional(),
      })
      .strict(),
    output: z.object({ order: zCompletedOrder }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  'sync.status': method({ input: empty, output: zSyncStatus, auth: 'device' }),
  'sync.now': method({ input: empty, output: zSyncStatus, auth: 'device' }),
  'printer.get': method({ input: empty, output: zPrinterConfig, auth: 'session' }),
  'printer.set': method({
    input: zPrinterConfig,
    output: zPrinterConfig,
    auth: 'session',
    permission: 'device.manage',
  }),
  /** prints (or reprints) a sale's receipt; works offline */
  'receipt.print': method({
    input: z.object({ orderId: z.string().min(1).max(64) }).strict(),
    output: z.object({ printed: z.literal(true) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the same receipt as an SVG picture, for the screen */
  'receipt.preview': method({
    input: z.object({ orderId: z.string().min(1).max(64) }).strict(),
    output: z.object({ svg: z.string() }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  // ---- virtual goods (top-ups, game cards): online only; the cloud reserves the outlet's cost ----
  /** the carrier (and province/city) of a phone number or its first digits, from the prefix table held by the POS */
  'topup.carrierOf': method({
    input: z
      .object({
        phone: z
          .string()
          .trim()
          .regex(/^1\d{2,10}$/),
      })
      .strict(),
    output: z.object({
      carrier: z.enum(PHONE_CARRIERS).nullable(),
      province: z.string().nullable(),
      city: z.string().nullable(),
      prefix: z.string().nullable(),
      tableLoaded: z.boolean(),
    }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the outlet's active top-up products of a carrier (face-value buttons); with the phone (or its first digits),
   *  regional sources whose regions do not hold the number's province (offline prefix table) are left out */
  'topup.products': method({
    input: z
      .object({
        carrier: z.enum(PHONE_CARRIERS),
        phone: z
          .string()
          .trim()
          .regex(/^1\d{2,10}$/)
          .optional(),
      })
      .strict(),
    output: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), faceValue: zFen, price: zFen })) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** submits a top-up / game card to the cloud; OFFLINE (details.clientOrderId) when the cloud cannot be reached.
   *  clientOrderId: the sale's idempotency key, made once per confirmed sale by the caller and reused on a
   *  retry, so a retry after a lost answer never charges twice (the backend makes one when absent). */
  'virtual.submit': method({
    input: z
      .object({
        productId: z.string().uuid(),
        phone: zPhoneNumber.optional(),
        account: zUtilityAccount.optional(),
        clientOrderId: z.string().uuid().optional(),
      })
      .strict(),
    output: zVirtualOrder,
    auth: 'session',
    permission: 'sale.sell',
  }),
  'virtual.status': method({
    input: z.object({ id: z.string().uuid() }).strict(),
    output: zVirtualOrder,
    auth: 'session',
    permission: 'sale.sell',
    polled: true,
  }),
  /** the outlet's active utility bills (水电煤) by biller, amounts ascending (the 缴费 tab) */
  'utility.billers': method({
    input: empty,
    output: z.object({
      billers: z.array(
        z.object({
          biller: z.string(),
          items: z.array(z.object({ id: z.string(), name: z.string(), faceValue: zFen, price: zFen })),
        }),
      ),
    }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** the outlet's active game-card products (card picker) */
  'virtual.cards': method({
    input: empty,
    output: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), faceValue: zFen, price: zFen })) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  /** this device's recent top-ups and game cards with their live status (online only: the status comes from the cloud) */
  'virtual.recent': method({
    input: z.object({ limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: z.object({ orders: z.array(zRecentVirtualOrder) }),
    auth: 'session',
    permission: 'sale.sell',
    polled: true,
  }),
  /** 假充: the customer did not receive a top-up the supplier reported successful; opens the cloud's complaint */
  'virtual.complain': method({
    input: z.object({ orderId: z.string().uuid(), reason: z.string().trim().min(1).max(500) }).strict(),
    output: zVirtualOrder,
    auth: 'session',
    permission: 'sale.sell',
  }),
  // ---- members (internet cafés): stored-value cards ----
  /** by card number (exact: a card reader types it + Enter), phone (exact, or its last 4+ digits) or name; offline too */
  'member.find': method({
    input: z.object({ query: z.string().trim().min(1).max(64) }).strict(),
    output: z.object({ members: z.array(zMemberView) }),
    auth: 'session',
    permission: 'member.manage',
  }),
  'member.get': method({
    input: z.object({ id: z.string().uuid() }).strict(),
    output: zMemberView,
    auth: 'session',
    permission: 'member.manage',
  }),
  /** cash taken at the counter onto the member's stored value (online only). clientId: retry key, as virtual.submit's */
  'member.topup': method({
    input: z
      .object({
        memberId: z.string().uuid(),
        amount: zFen.refine((n) => n > 0, 'must be positive'),
        tendered: zFen,
        clientId: z.string().uuid().optional(),
      })
      .strict(),
    output: z.object({ member: zMemberView, amount: zFen, tendered: zFen, change: zFen }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** 办卡: a new card made in the cloud (online only), at once in this counter's snapshot. clientId: retry key
   *  (becomes the member's id; a repeat answers 'exists'); a card number in use is CONFLICT */
  'member.create': method({
    input: z
      .object({
        cardNo: z.string().trim().min(1).max(32),
        name: z.string().trim().min(1).max(64),
        phone: z
          .string()
          .regex(/^1\d{10}$/, 'an 11-digit mobile number')
          .optional(),
        level: z.string().trim().min(1).max(32).optional(),
        discountBps: z.number().int().min(0).max(10000).optional(),
        clientId: z.string().uuid().optional(),
      })
      .strict(),
    output: z.object({ result: z.enum(['ok', 'exists']), member: zMemberView }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** 记录: the member's money movements as the cloud holds them, newest first (online only) */
  'member.history': method({
    input: z.object({ memberId: z.string().uuid() }).strict(),
    output: z.object({ member: zMemberView, entries: z.array(zMemberHistoryEntry) }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** 退款: gives (part of) a stored-value payment back onto the card (online only); never more than the
   *  payment's refundable rest (VALIDATION). clientId: retry key */
  'member.refund': method({
    input: z
      .object({
        memberId: z.string().uuid(),
        spendId: z.string().uuid(),
        amount: zFen.refine((n) => n > 0, 'must be positive'),
        clientId: z.string().uuid().optional(),
      })
      .strict(),
    output: z.object({ result: z.enum(['ok', 'exists']), member: zMemberView }),
    auth: 'session',
    permission: 'member.manage',
  }),
  /** prints a game card's code (卡密) while it is on screen: the backend holds a delivered code in memory
   *  only, for 10 minutes after delivery; never written to disk */
  'receipt.printCard': method({
    input: z.object({ orderId: z.string().uuid() }).strict(),
    output: z.object({ printed: z.literal(true) }),
    auth: 'session',
    permission: 'sale.sell',
  }),
  // ---- the owner's back office and password recovery (shared/api/owner-methods.ts) ----
  ...OWNER_METHODS,
  // ---- the agent's (区代) back office on an agent PC (shared/api/agent-methods.ts) ----
  ...AGENT_METHODS,
  // ---- shifts (开班/交班) and the cash drawer, local only (shared/api/shift-methods.ts) ----
  ...SHIFT_METHODS,
  // ---- member administration in the back office: overdrafts, write-off, closing (shared/api/member-admin-methods.ts) ----
  ...MEMBER_ADMIN_METHODS,
  // ---- the owner's 商品 / Goods tab: categories, prices, own products (shared/api/catalog-admin-methods.ts) ----
  ...CATALOG_ADMIN_METHODS,
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof API;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;
export const METHOD_NAMES = Object.keys(API) as MethodName[];

/** Events the backend pushes to the renderer (`pos.on`). */
export const EVENTS = {
  'sync.status': zSyncStatus,
  'catalog.progress': z.object({ applied: z.number().int(), done: z.boolean() }),
  /** a receipt did not print after a sale (the sale is committed regardless) */
  'printer.error': z.object({ orderId: z.string(), message: z.string() }),
} as const;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export const zPermissionList = z.array(zPermission);
