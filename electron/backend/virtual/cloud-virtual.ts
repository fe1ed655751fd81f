// The POS side of the virtual-goods routes (shared/sync/protocol.ts VIRTUAL_PATHS): signed requests with
// the device key through the till's one cloud client (sync/cloud-transport.ts: signing, the cloud's clock,
// typed failures). No answer → OFFLINE with a message the counter can show.
import {
  VIRTUAL_PATHS,
  zPhonePrefixesResponse,
  zVirtualChangesResponse,
  zVirtualOrder,
  type PhonePrefixesResponse,
  type VirtualChangesResponse,
  type VirtualOrder,
} from '../../../shared/sync/protocol';
import type { BackendContext } from '../context';
import type { CloudSend } from '../sync/cloud-transport';

export interface VirtualCloud {
  submit(req: {
    clientOrderId: string;
    productId: string;
    phone?: string;
    account?: string;
    amount?: number;
  }): Promise<VirtualOrder>;
  status(id: string): Promise<VirtualOrder>;
  prefixes(cursor: number, limit: number): Promise<PhonePrefixesResponse>;
  /** the outlet's virtual orders whose status changed after cursor, oldest change first */
  changes(cursor: number, limit: number): Promise<VirtualChangesResponse>;
  /** 假充: opens the complaint on a successful order (a repeat with the same reason answers the same) */
  complain(id: string, reason: string): Promise<VirtualOrder>;
}

export function createVirtualCloud(ctx: Pick<BackendContext, 'cloud'>, timeoutMs = 15_000): VirtualCloud {
  // reads, and writes idempotent on a client id: safe to send again when the first never reached the cloud
  const call: CloudSend = (method, path, body, schema, o) =>
    ctx.cloud.call(method, path, body, schema, {
      timeoutMs,
      retryUnreached: true,
      offlineMessage: (why) => `Top-ups and game cards need the cloud, which ${why}; check the network and try again`,
      ...o,
    });
  return {
    submit: (req) => call('POST', VIRTUAL_PATHS.submit, req, zVirtualOrder),
    status: (id) => call('GET', `${VIRTUAL_PATHS.order}/${id}`, undefined, zVirtualOrder),
    prefixes: (cursor, limit) =>
      call('GET', `${VIRTUAL_PATHS.phonePrefixes}?cursor=${cursor}&limit=${limit}`, undefined, zPhonePrefixesResponse),
    changes: (cursor, limit) =>
      call('GET', `${VIRTUAL_PATHS.changes}?cursor=${cursor}&limit=${limit}`, undefined, zVirtualChangesResponse),
    complain: (id, reason) =>
      call('POST', `${VIRTUAL_PATHS.order}/${id}${VIRTUAL_PATHS.complaintSuffix}`, { reason }, zVirtualOrder),
  };
}
