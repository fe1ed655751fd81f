// The one API contract between renderer and POS backend (docs/architecture.md): only the index. Each domain
// declares its methods in its own file (shared/api/<domain>-methods.ts, with `method()` from ./method.ts);
// the API is their union, so its type is the intersection of the domains' and a method name appears once
// (a name declared in two domains is a compile error below). The backend registers exactly one handler per
// method (electron/backend/index.ts); the renderer's `pos.call(name, input)` is typed from this map. Every
// input is validated at the backend boundary before a handler runs.
// How to add a method: docs/architecture.md "How to add a method".
import { z } from 'zod';
import { zMultiline, zText } from '../text';
import { zPermission } from '../permissions';
import { AGENT_METHODS } from './agent-methods';
import { AUTH_METHODS } from './auth-methods';
import { CATALOG_ADMIN_METHODS } from './catalog-admin-methods';
import { CATALOG_METHODS } from './catalog-methods';
import { DEVICE_METHODS } from './device-methods';
import { MEMBER_ADMIN_METHODS } from './member-admin-methods';
import { MEMBER_METHODS } from './member-methods';
import type { MethodSpec } from './method';
import { OVERRIDE_METHODS } from './override-methods';
import { PARK_METHODS } from './park-methods';
import { HISTORY_METHODS } from './history-methods';
import { OWNER_METHODS } from './owner-methods';
import { PAY_METHODS, zCodePaymentView, zDisplayState, zTenderView } from './pay-methods';
import { PRINT_METHODS } from './print-methods';
import { SALES_METHODS } from './sales-methods';
import { SHIFT_METHODS } from './shift-methods';
import { SYNC_METHODS, zSyncStatus } from './sync-methods';
import { UPDATE_METHODS, zUpdateStatus } from './update-methods';
import { VIRTUAL_METHODS } from './virtual-methods';

export type { AuthLevel, MethodSpec } from './method';
export * from './auth-methods';
export * from './catalog-methods';
export * from './device-methods';
export * from './member-methods';
export * from './print-methods';
export * from './sales-methods';
export * from './park-methods';
export * from './history-methods';
export * from './pay-methods';
export * from './sync-methods';
export * from './virtual-methods';
export * from './update-methods';
export { zCatalogItem, type CatalogItem } from './catalog-item';

/** One entry per domain, in the order the screens meet them. */
const DOMAINS = [
  DEVICE_METHODS, // app.status, device.register, device.reset
  AUTH_METHODS, // auth.*
  CATALOG_METHODS, // catalog.*
  SALES_METHODS, // cart.*, sale.checkout
  OVERRIDE_METHODS, // override.grant (主管授权)
  PARK_METHODS, // park.* (挂单 / 取单)
  PAY_METHODS, // tender.* (payment codes, static QR codes, split tender), pay.*, drawer.open, display.get
  HISTORY_METHODS, // orders.* (history), sale.return, sale.void
  SYNC_METHODS, // sync.*
  PRINT_METHODS, // printer.*, receipt.*
  VIRTUAL_METHODS, // topup.*, virtual.*, utility.*
  MEMBER_METHODS, // member.* at the counter
  SHIFT_METHODS, // shift.* (开班/交班, the cash drawer)
  OWNER_METHODS, // owner.*, recovery.* (店长后台)
  MEMBER_ADMIN_METHODS, // memberAdmin.* (the back office's 会员 tab)
  CATALOG_ADMIN_METHODS, // catalogAdmin.* (the owner's 商品 tab)
  AGENT_METHODS, // agent.* (区代 back office on an agent PC)
  UPDATE_METHODS, // update.* (what is coming, install / postpone, the owner's moment)
] as const;

type Domains = typeof DOMAINS;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** every method of every domain */
export type Api = UnionToIntersection<Domains[number]>;
/** method names declared by more than one domain: must be none (checked at compile time, and at start-up) */
type Duplicated<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R]
  ? (keyof H & keyof UnionToIntersection<R[number]>) | Duplicated<R>
  : never;
const noDuplicates: [Duplicated<Domains>] extends [never] ? true : { duplicated: Duplicated<Domains> } = true;
void noDuplicates;

function join(domains: Domains): Api {
  const out: Record<string, MethodSpec> = {};
  for (const d of domains)
    for (const [name, spec] of Object.entries(d)) {
      if (name in out) throw new Error(`method ${name} is declared by two domains`);
      out[name] = spec;
    }
  return out as Api;
}

export const API: Api = join(DOMAINS);
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;
export const METHOD_NAMES = Object.keys(API) as MethodName[];

/** Events the backend pushes to the renderer (`pos.on`). */
export const EVENTS = {
  'sync.status': zSyncStatus,
  'catalog.progress': z.object({ applied: z.number().int(), done: z.boolean() }),
  /** a receipt did not print after a sale (the sale is committed regardless) */
  'printer.error': z.object({ orderId: zText(), message: zMultiline() }),
  /** the update status changed (progress, prompt, scheduled, waiting for) */
  'update.status': zUpdateStatus,
  /** the tender of the cart changed (a code payment answered, a part was added or removed, the sale committed) */
  'tender.changed': z.object({ tender: zTenderView.nullable() }),
  /** a code payment changed (member top-ups by code follow it) */
  'pay.changed': zCodePaymentView,
  /** what the customer display shows changed */
  'display.changed': zDisplayState,
} as const;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export const zPermissionList = z.array(zPermission);
