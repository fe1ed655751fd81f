// Runtime: Node. The seam to a supplier's fulfilment system (话费直充 / 卡密 API). A real supplier is an
// HTTP API outside; the demo supplier (demo.ts) simulates one behind this same interface.
//
// Contract with the fulfilment service (cloud/virtual/):
//  - submit() may answer at once (success / failed), answer 'processing' (a callback or a later query
//    decides), or throw (network trouble: the order stays pending and is queried later; the supplier must
//    treat our orderId as its idempotency key, so a repeated submit never charges twice).
//  - query() is the authority when callbacks are lost; 'unknown' means the supplier never received it.
//  - parseCallback() turns an inbound callback body into a typed SupplierCallback or throws VALIDATION.
export type SupplierAnswer =
  | { status: 'success'; supplierRef: string; cardCode?: string }
  | { status: 'failed'; supplierRef?: string; reason: string }
  | { status: 'processing'; supplierRef: string };

export interface SupplierOrderRequest {
  /** our virtual order id: the supplier's idempotency key */
  orderId: string;
  kind: 'topup' | 'gamecard' | 'utility';
  /** top-ups: the number to credit */
  phone: string | null;
  /** utility bills: the account number (户号) at the source's biller (absent otherwise) */
  account?: string | null;
  faceValue: number;
  carrier: string | null;
  sourceId: string;
}

export interface SupplierCallback {
  /** the supplier's unique id of this callback: a replay repeats it */
  callbackId: string;
  orderId: string;
  supplierRef: string;
  status: 'success' | 'failed';
  reason?: string;
  cardCode?: string;
}

export interface SupplierAdapter {
  submit(req: SupplierOrderRequest): Promise<SupplierAnswer>;
  query(orderId: string): Promise<SupplierAnswer | { status: 'unknown' }>;
  parseCallback(body: unknown): SupplierCallback;
  /** shared secret for the callback route's HMAC (hex sha256 of the raw body) */
  readonly callbackSecret: string;
}

/** Which adapter serves which supplier organisation. */
export interface SupplierRegistry {
  get(supplierId: string): SupplierAdapter | undefined;
}

export function registryOf(map: Record<string, SupplierAdapter>, fallback?: SupplierAdapter): SupplierRegistry {
  return { get: (id) => map[id] ?? fallback };
}
