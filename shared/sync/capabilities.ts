// The capability handshake: what a cloud serves, read by every till at start and with each catalog pull
// (GET /v1/capabilities, device-signed). A till sends only the record kinds its cloud lists — it holds back
// the others and tells the owner why — and a till below the cloud's minimum version is told to update and
// syncs nothing until it has. So a till and a cloud of different versions never need a deploy order.
import { z } from 'zod';
import { zUpdateChannel, zUpdateOffer } from '../updates/protocol';

/** Raised only by a wire change an older peer cannot read (a new route or record kind is not one). */
export const PROTOCOL_VERSION = 1;

export const CAPABILITIES_PATH = '/v1/capabilities';

export const zCapabilities = z.object({
  protocol: z.number().int().min(1),
  /** the cloud's own version (for people reading logs) */
  cloudVersion: z.string().max(32),
  /** the record kinds the cloud takes from a till's outbox (shared/sync/records.ts names) */
  recordKinds: z.array(z.string().max(32)).max(100),
  /** every route the cloud serves, "METHOD /path" */
  routes: z.array(z.string().max(200)).max(2000),
  /** tills below this version must update before they sync again (null: none) */
  minimumTillVersion: z.string().max(32).nullable(),
  update: z.object({
    channel: zUpdateChannel,
    /** the device's own feed, relative to the cloud's URL: electron-updater's generic provider base */
    feedPath: z.string().max(200),
    /** what the device is offered now (the same release its latest.yml names), null when nothing is */
    offer: zUpdateOffer.nullable(),
  }),
});
export type Capabilities = z.output<typeof zCapabilities>;
