// Runtime: Node (no 'electron' import; main uses it). Health reports of the till's starts, for the update
// service's figures and its automatic pause (cloud/updates/devices.ts). Main sends them — it runs even when
// the backend failed to start — by the device's feed token (the feed URL the handshake named, kept here in
// the data folder), since a failed backend has no device key at hand. What is reported:
//  - the first start of a new version: {version, previousVersion, startOk: true} once the backend is ready
//    (its databases opened and migrated);
//  - every failed start: {startOk: false, error: {reason, message}}.
// A report waits in update-state.json until the cloud took it (or refused it as bad input); the file is
// written atomically, so a crash keeps the old state or the new.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartupFailure } from '../shared/api/startup';
import type { HealthReport } from '../shared/updates/protocol';

export const UPDATE_STATE_FILE = 'update-state.json';
const MAX_PENDING = 20;

interface State {
  /** the version of the last start that got its backend up */
  lastVersion: string | null;
  /** the device's own feed (…/v1/updates/feed/<token>/) */
  feedUrl: string | null;
  pending: HealthReport[];
}

export function createHealthReporter(o: { dataDir: string; version: string; fetch?: typeof fetch }) {
  const path = join(o.dataDir, UPDATE_STATE_FILE);
  const doFetch = o.fetch ?? fetch;
  let state: State = { lastVersion: null, feedUrl: null, pending: [] };
  try {
    state = { ...state, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<State>) };
  } catch {
    // first start, or a damaged file: nothing to report from before
  }
  const previousVersion = state.lastVersion !== null && state.lastVersion !== o.version ? state.lastVersion : null;
  const save = () => {
    try {
      writeFileSync(`${path}.tmp`, JSON.stringify(state), { encoding: 'utf8', flush: true });
      renameSync(`${path}.tmp`, path);
    } catch {
      // a data folder that cannot be written is reported by the start failure itself
    }
  };
  const queue = (r: HealthReport) => {
    state.pending = [...state.pending, r].slice(-MAX_PENDING);
    save();
  };

  let flushing: Promise<void> | null = null;
  async function sendAll(): Promise<void> {
    const feed = state.feedUrl;
    if (!feed) return;
    while (state.pending.length) {
      const report = state.pending[0]!;
      let status: number;
      try {
        const res = await doFetch(`${feed.replace(/\/?$/, '/')}health`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(report),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
      } catch {
        return; // offline: it waits for the next flush
      }
      // taken, or refused for what it is (a retry cannot help); a busy or failing cloud gets it again later
      if (status >= 500 || status === 429 || status === 408) return;
      state.pending = state.pending.slice(1);
      save();
    }
  }

  return {
    /** the version that ran before this start, when this is the first start after an update */
    previousVersion,
    feedUrl: () => state.feedUrl,
    setFeed(feedUrl: string) {
      if (state.feedUrl === feedUrl) return;
      state.feedUrl = feedUrl;
      save();
    },
    /** the backend is up: a first start after an update is reported as healthy */
    started() {
      if (previousVersion) queue({ version: o.version, previousVersion, startOk: true, error: null });
      state.lastVersion = o.version;
      save();
    },
    failed(f: StartupFailure) {
      queue({
        version: o.version,
        previousVersion,
        startOk: false,
        error: { code: f.reason, message: f.message.slice(0, 500) },
      });
    },
    pending: () => state.pending.length,
    flush: (): Promise<void> => (flushing ??= sendAll().finally(() => (flushing = null))),
  };
}
export type HealthReporter = ReturnType<typeof createHealthReporter>;
