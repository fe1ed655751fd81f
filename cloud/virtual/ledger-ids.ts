// Runtime: Node. The ledger transfer ids of a virtual order, derived from the order (and complaint) id, so
// every process that settles or refunds the same order names the same transfers: the ledger's idempotency
// then makes a repeated settlement a no-op instead of a second payment.
import { v5 as uuidv5 } from 'uuid';

const NS = 'b3c9f0a2-6a1d-4e8b-9d62-0f4c7e1a5b39';
const id = (owner: string, what: string) => uuidv5(`${owner}:${what}`, NS);

export const orderTransferIds = (orderId: string) => ({
  reserveSupply: id(orderId, 'reserve:supply'),
  reserveMarkup: id(orderId, 'reserve:markup'),
  postSupply: id(orderId, 'post:supply'),
  postMarkup: id(orderId, 'post:markup'),
  voidSupply: id(orderId, 'void:supply'),
  voidMarkup: id(orderId, 'void:markup'),
});

export const complaintTransferIds = (complaintId: string) => ({
  fromSupplier: id(complaintId, 'compensate:supplier'),
  fromAgent: id(complaintId, 'compensate:agent'),
});
