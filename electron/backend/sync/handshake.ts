// The till's side of the capability handshake (shared/sync/capabilities.ts), read at start and with each
// catalog pull. It answers three questions for the rest of the backend:
//  - takes(kind): may the sync engine send this record kind? Only what the cloud lists; the others are held
//    back in the outbox (never lost, never parked) and the owner is told why (heldKinds in the sync status).
//  - belowMinimum(): the cloud requires a newer till: nothing syncs until the update is installed.
//  - the update offer and the device's feed URL, for the update policy (updates/service.ts).
// A cloud older than the handshake (no such route, NOT_FOUND) is "legacy": every kind is tried and the
// engine's own NOT_FOUND rule holds back what it lacks. An unreachable cloud changes nothing: the last
// answer stands until the next one.
import { AppError } from '../../../shared/errors';
import type { Capabilities } from '../../../shared/sync/capabilities';
import { RECORD_KIND_NAMES, type RecordKind } from '../../../shared/sync/records';
import { isNewer } from '../../../shared/updates/version';
import type { CloudClient } from './cloud-client';

export interface HandshakeState {
  /** when the cloud last answered (null: never since start) */
  at: number | null;
  legacy: boolean;
  capabilities: Capabilities | null;
}

export function createHandshake(d: {
  cloud: Pick<CloudClient, 'capabilities'>;
  appVersion: string;
  cloudUrl: () => string;
  now: () => number;
  onChange?: (s: HandshakeState) => void;
  log?: (msg: string, e?: unknown) => void;
}) {
  let state: HandshakeState = { at: null, legacy: false, capabilities: null };
  let inFlight: Promise<HandshakeState> | null = null;

  async function ask(): Promise<HandshakeState> {
    try {
      const capabilities = await d.cloud.capabilities(d.appVersion);
      state = { at: d.now(), legacy: false, capabilities };
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') state = { at: d.now(), legacy: true, capabilities: null };
      else {
        if (!(e instanceof AppError)) d.log?.('capability handshake failed', e);
        throw e;
      }
    }
    d.onChange?.(state);
    return state;
  }

  const takes = (kind: RecordKind): boolean => !state.capabilities || state.capabilities.recordKinds.includes(kind);

  return {
    /** asks the cloud again (joins a question in flight); throws what the cloud client throws when offline */
    refresh: (): Promise<HandshakeState> => (inFlight ??= ask().finally(() => (inFlight = null))),
    state: () => state,
    takes,
    /** the record kinds this till has and its cloud does not take yet */
    heldKinds: (): RecordKind[] => RECORD_KIND_NAMES.filter((k) => !takes(k)),
    belowMinimum(): boolean {
      const min = state.capabilities?.minimumTillVersion ?? null;
      return min !== null && isNewer(min, d.appVersion);
    },
    /** the device's own update feed (electron-updater's generic provider base URL), once the cloud named it */
    feedUrl(): string | null {
      const path = state.capabilities?.update.feedPath;
      // the same joining as the cloud client's requests: the cloud's base URL, then the route's path
      return path ? d.cloudUrl().replace(/\/+$/, '') + path : null;
    },
  };
}
export type Handshake = ReturnType<typeof createHandshake>;
