// The update policy at work in the backend: it feeds the pure policy (policy.ts) with the handshake's offer,
// the updater's progress, the cashier's choices and shift closes, ticks it on a timer, and carries out its
// decisions through the UpdaterPort — electron-updater in the shell (main.ts via backend-host), the feed
// client in the web host, or nothing (phase 'unavailable'). The owner's moment is kept in the data folder
// (update-settings.json, written atomically). Every change of what the cashier sees goes out as the
// `update.status` event.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zUpdateSettings, type UpdateStatus } from '../../../shared/api/update-methods';
import type { Handshake } from '../sync/handshake';
import {
  DEFAULT_UPDATE_SETTINGS,
  decide,
  initialPolicy,
  isForced,
  promptVisible,
  readyVersion,
  reduce,
  unsafeReasons,
  type PolicyEvent,
  type PolicyState,
  type Safety,
  type UpdaterPhase,
  type UpdateSettings,
} from './policy';

/** What the backend asks of whoever can download and install (main's electron-updater, the web host). */
export interface UpdaterPort {
  /** check this feed now, downloading what it offers (null: the build's own feed, app-update.yml) */
  check(feedUrl: string | null): void;
  /** install what was downloaded: the host closes the backend first, then runs the installer */
  install(): void;
  onState(listener: (s: UpdaterPhase) => void): () => void;
}

export const SETTINGS_FILE = 'update-settings.json';
/** How often the policy looks at the clock and the counter (the moments it waits for are minutes apart). */
export const TICK_MS = 15_000;

export interface UpdateServiceDeps {
  appVersion: string;
  updater: UpdaterPort | null;
  now: () => number;
  timeZone: () => string;
  dataDir: string;
  safety: () => Safety;
  handshake: Handshake;
  /** the outbox may hold records this much younger than now and still count as drained */
  syncIntervalMs: number;
  emit: (s: UpdateStatus) => void;
  log: (msg: string, e?: unknown) => void;
  /** start the timer (default true; tests tick by hand) */
  timer?: boolean;
}

export function createUpdateService(d: UpdateServiceDeps) {
  const settingsPath = join(d.dataDir, SETTINGS_FILE);
  let settings = loadSettings(settingsPath, d.log);
  let s: PolicyState = initialPolicy(d.appVersion);
  let lastEmitted = '';
  if (!d.updater) s = { ...s, updater: { phase: 'unavailable', reason: 'no updater in this host' } };

  const send = (e: PolicyEvent) => {
    s = reduce(s, e, settings, d.timeZone());
  };

  function status(): UpdateStatus {
    const now = d.now();
    const u = s.updater;
    const ready = readyVersion(s);
    const hs = d.handshake.state();
    return {
      currentVersion: d.appVersion,
      offer: s.offer,
      phase: s.installing ? 'installing' : u.phase,
      version: u.phase === 'downloading' || u.phase === 'downloaded' ? u.version : null,
      percent:
        u.phase === 'downloading' ? Math.max(0, Math.min(100, u.percent)) : u.phase === 'downloaded' ? 100 : null,
      error: u.phase === 'error' ? u.message : u.phase === 'unavailable' ? u.reason : null,
      prompt: promptVisible(s, now),
      forced: isForced(s),
      scheduled: s.scheduled && ready ? { at: s.scheduled.at, by: s.scheduled.by } : null,
      waitingFor:
        ready && s.scheduled && now >= s.scheduled.at
          ? unsafeReasons(d.safety(), { forced: isForced(s), syncIntervalMs: d.syncIntervalMs })
          : [],
      postponedUntil: s.postponedUntil,
      settings,
      cloud: {
        checkedAt: hs.at,
        heldKinds: d.handshake.heldKinds(),
        belowMinimum: d.handshake.belowMinimum(),
        minimumTillVersion: hs.capabilities?.minimumTillVersion ?? null,
      },
    };
  }

  function emit() {
    const st = status();
    const key = JSON.stringify(st);
    if (key === lastEmitted) return;
    lastEmitted = key;
    d.emit(st);
  }

  /** One step: expire what lapsed, decide, act. */
  function tick() {
    const now = d.now();
    send({ type: 'tick', at: now });
    const decision = decide(s, now, d.safety(), d.syncIntervalMs);
    if (decision.action === 'check' && d.updater) {
      send({ type: 'checking', at: now });
      d.updater.check(d.handshake.feedUrl());
    } else if (decision.action === 'install' && d.updater) {
      d.log(`update: installing ${decision.version} (${s.scheduled?.by ?? 'scheduled'})`);
      send({ type: 'installing', at: now });
      emit();
      d.updater.install();
    }
    emit();
  }

  const offUpdater = d.updater?.onState((state) => {
    send({ type: 'updater', state, at: d.now() });
    tick();
  });
  const timer = d.timer === false ? null : setInterval(tick, TICK_MS);
  timer?.unref();

  return {
    status,
    tick,
    /** the handshake answered: what is offered now (legacy clouds offer nothing we know of) */
    noteHandshake() {
      const hs = d.handshake.state();
      if (hs.legacy || !hs.capabilities) return emit();
      send({ type: 'offer', offer: hs.capabilities.update.offer, at: d.now() });
      tick();
    },
    shiftClosed() {
      send({ type: 'shift-closed', at: d.now() });
      tick();
    },
    accept(): UpdateStatus {
      send({ type: 'accept', at: d.now() });
      tick();
      return status();
    },
    postpone(): UpdateStatus {
      send({ type: 'postpone', at: d.now() });
      tick();
      return status();
    },
    checkNow(): UpdateStatus {
      // a person asked: forget when we last looked
      s = { ...s, lastCheckAt: null, checkedFor: null };
      tick();
      return status();
    },
    setSettings(next: UpdateSettings): UpdateStatus {
      saveSettings(settingsPath, next);
      settings = next;
      // a moment the owner no longer wants is dropped; the new one is scheduled by the next tick
      if (s.scheduled && (s.scheduled.by === 'night' || s.scheduled.by === 'shift-close'))
        s = { ...s, scheduled: null };
      tick();
      return status();
    },
    stop() {
      if (timer) clearInterval(timer);
      offUpdater?.();
    },
  };
}
export type UpdateService = ReturnType<typeof createUpdateService>;

function loadSettings(path: string, log: (m: string, e?: unknown) => void): UpdateSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return DEFAULT_UPDATE_SETTINGS;
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a damaged file: the defaults apply (below)
  }
  const parsed = zUpdateSettings.safeParse(json);
  if (parsed.success) return parsed.data;
  log(`${path} is not valid update settings: the defaults apply`);
  return DEFAULT_UPDATE_SETTINGS;
}

/** write-then-rename: a crash leaves the old settings or the new, never half a file */
function saveSettings(path: string, settings: UpdateSettings): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(settings), { encoding: 'utf8', flush: true });
  renameSync(tmp, path);
}
