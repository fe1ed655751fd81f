// Runtime: Node, pure (no clock, no I/O: every function takes `now`). The update policy of the till: when to
// ask the updater to check, when an installed update may interrupt the counter, and what the cashier sees.
//
// An update installs only when (1) it is downloaded, (2) a moment has come that somebody accepted — the
// cashier pressed 立即安装, a shift was closed (the default moment, after a short countdown the cashier can
// postpone), the owner's night time arrived, or the update is forced — and (3) the till is safe: no open
// cart, no parked basket in use, no payment or virtual order waiting for its answer, and the outbox drained
// or holding nothing older than the sync interval. A forced update (the till is below its cloud's minimum
// version) cannot be postponed and does not wait for the outbox, which it has stopped. An automatic moment
// (shift close, night) that passes while the till is busy lapses at the end of its window; the next one
// comes. Postponing cancels the scheduled moment and hides the prompt for a while.
import type { INSTALL_MOMENTS, UPDATE_SCHEDULERS, UPDATE_WAITS } from '../../../shared/api/update-methods';
import type { UpdateOffer } from '../../../shared/updates/protocol';
import { isNewer } from '../../../shared/updates/version';

export type InstallMoment = (typeof INSTALL_MOMENTS)[number];

export interface UpdateSettings {
  /** when an update installs without anyone pressing a button (default: at shift close) */
  moment: InstallMoment;
  /** 'HH:MM' in the outlet's time zone, for moment 'night' */
  nightTime: string;
}
export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = { moment: 'shift-close', nightTime: '03:00' };

/** What the updater (electron-updater in the shell, the feed client in the web host) reports. */
export type UpdaterPhase =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'none' }
  | { phase: 'downloading'; version: string; percent: number }
  | { phase: 'downloaded'; version: string }
  | { phase: 'error'; message: string }
  | { phase: 'unavailable'; reason: string };

export type Scheduler = (typeof UPDATE_SCHEDULERS)[number];

export interface PolicyState {
  currentVersion: string;
  offer: UpdateOffer | null;
  /** the cloud said what it offers (at least once): a withdrawn offer (paused release) then stops an install */
  offerKnown: boolean;
  updater: UpdaterPhase;
  lastCheckAt: number | null;
  /** the offer's version when the updater was last asked to check (a new offer asks again at once) */
  checkedFor: string | null;
  postponedUntil: number | null;
  scheduled: { at: number; until: number | null; by: Scheduler } | null;
  installing: boolean;
}

export const initialPolicy = (currentVersion: string): PolicyState => ({
  currentVersion,
  offer: null,
  offerKnown: false,
  updater: { phase: 'idle' },
  lastCheckAt: null,
  checkedFor: null,
  postponedUntil: null,
  scheduled: null,
  installing: false,
});

/** Every few hours the updater checks even when the handshake offered nothing new. */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
/** After a shift closes the prompt counts down this long before the install starts (postpone stops it). */
export const SHIFT_CLOSE_COUNTDOWN_MS = 60 * 1000;
/** A shift-close moment lapses if the till stays busy this long after the close. */
export const SHIFT_CLOSE_WINDOW_MS = 10 * 60 * 1000;
/** The night window: from the owner's time, this long. */
export const NIGHT_WINDOW_MS = 4 * 60 * 60 * 1000;
/** 稍后提醒: the prompt comes back after this long (or at the next moment). */
export const POSTPONE_MS = 60 * 60 * 1000;

export type PolicyEvent =
  | { type: 'offer'; offer: UpdateOffer | null; at: number }
  | { type: 'updater'; state: UpdaterPhase; at: number }
  | { type: 'checking'; at: number }
  | { type: 'accept'; at: number }
  | { type: 'postpone'; at: number }
  | { type: 'shift-closed'; at: number }
  | { type: 'tick'; at: number }
  | { type: 'installing'; at: number };

/** The downloaded update worth installing: newer than what runs, and not withdrawn by the cloud since. */
export function readyVersion(s: PolicyState): string | null {
  if (s.updater.phase !== 'downloaded') return null;
  const v = s.updater.version;
  if (!isNewer(v, s.currentVersion)) return null;
  // the cloud's word wins: a withdrawn (paused) release is not installed, and a newer offer is fetched first
  if (s.offerKnown && s.offer?.version !== v) return null;
  return v;
}

export const isForced = (s: PolicyState): boolean => !!s.offer?.forced && isNewer(s.offer.version, s.currentVersion);

export function reduce(s: PolicyState, e: PolicyEvent, settings: UpdateSettings, timeZone: string): PolicyState {
  switch (e.type) {
    case 'offer':
      return schedule({ ...s, offer: e.offer, offerKnown: true }, e.at, settings, timeZone);
    case 'updater':
      return schedule({ ...s, updater: e.state }, e.at, settings, timeZone);
    case 'checking':
      return { ...s, lastCheckAt: e.at, checkedFor: s.offer?.version ?? s.checkedFor };
    case 'accept':
      return {
        ...s,
        postponedUntil: null,
        scheduled: { at: e.at, until: null, by: isForced(s) ? 'forced' : 'cashier' },
      };
    case 'postpone':
      if (isForced(s)) return s; // a forced update cannot be put off
      return { ...s, postponedUntil: e.at + POSTPONE_MS, scheduled: null };
    case 'shift-closed':
      if (settings.moment !== 'shift-close' || s.scheduled?.by === 'cashier' || isForced(s)) return s;
      return {
        ...s,
        postponedUntil: null,
        scheduled: { at: e.at + SHIFT_CLOSE_COUNTDOWN_MS, until: e.at + SHIFT_CLOSE_WINDOW_MS, by: 'shift-close' },
      };
    case 'tick':
      return schedule(expire(s, e.at), e.at, settings, timeZone);
    case 'installing':
      return { ...s, installing: true };
  }
}

/** A lapsed automatic moment is dropped; a postponement that ran out is forgotten. */
function expire(s: PolicyState, now: number): PolicyState {
  let out = s;
  if (out.scheduled?.until != null && now >= out.scheduled.until) out = { ...out, scheduled: null };
  if (out.postponedUntil != null && now >= out.postponedUntil) out = { ...out, postponedUntil: null };
  return out;
}

/** The moments that come by themselves: a forced update at once, the owner's night time. */
function schedule(s: PolicyState, now: number, settings: UpdateSettings, timeZone: string): PolicyState {
  if (!readyVersion(s) || s.installing) return s;
  if (isForced(s) && s.scheduled?.by !== 'forced') return { ...s, scheduled: { at: now, until: null, by: 'forced' } };
  if (settings.moment === 'night' && !s.scheduled) {
    const start = nightStart(now, settings.nightTime, timeZone);
    return { ...s, scheduled: { at: start, until: start + NIGHT_WINDOW_MS, by: 'night' } };
  }
  return s;
}

/** What makes this instant unsafe for an install (none: safe). */
export interface Safety {
  cartOpen: boolean;
  parkedInUse: boolean;
  paymentWaiting: boolean;
  virtualWaiting: boolean;
  /** age in ms of the oldest record the cloud has not acknowledged (null: the outbox is drained) */
  oldestUnsentAgeMs: number | null;
}
export type UnsafeReason = (typeof UPDATE_WAITS)[number];

export function unsafeReasons(safety: Safety, o: { forced: boolean; syncIntervalMs: number }): UnsafeReason[] {
  const out: UnsafeReason[] = [];
  if (safety.cartOpen) out.push('cart');
  if (safety.parkedInUse) out.push('parked');
  if (safety.paymentWaiting) out.push('payment');
  if (safety.virtualWaiting) out.push('virtual');
  if (!o.forced && safety.oldestUnsentAgeMs !== null && safety.oldestUnsentAgeMs > o.syncIntervalMs) out.push('outbox');
  return out;
}

export type Decision = { action: 'none' } | { action: 'check' } | { action: 'install'; version: string };

export function decide(s: PolicyState, now: number, safety: Safety, syncIntervalMs: number): Decision {
  if (s.installing) return { action: 'none' };
  const version = readyVersion(s);
  if (
    version &&
    s.scheduled &&
    now >= s.scheduled.at &&
    (s.scheduled.until === null || now < s.scheduled.until) &&
    unsafeReasons(safety, { forced: isForced(s), syncIntervalMs }).length === 0
  )
    return { action: 'install', version };
  const busy =
    s.updater.phase === 'checking' ||
    s.updater.phase === 'downloading' ||
    (s.updater.phase === 'downloaded' && version);
  if (s.updater.phase === 'unavailable' || busy) return { action: 'none' };
  const newOffer = s.offer !== null && isNewer(s.offer.version, s.currentVersion) && s.checkedFor !== s.offer.version;
  if (s.lastCheckAt === null || newOffer || now - s.lastCheckAt >= CHECK_EVERY_MS) return { action: 'check' };
  return { action: 'none' };
}

/** Whether the prompt (what is coming, its notes, 立即安装 / 稍后) is on screen. */
export function promptVisible(s: PolicyState, now: number): boolean {
  if (!readyVersion(s) || s.installing) return false;
  if (isForced(s)) return true;
  return s.postponedUntil === null || now >= s.postponedUntil;
}

/** The start of the next night window that has not ended yet: `HH:MM` in the zone, today or tomorrow. */
export function nightStart(now: number, hhmm: string, timeZone: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const p = zoneParts(now, timeZone);
  for (const dayOffset of [-1, 0, 1]) {
    const start = wallToEpoch(p.year, p.month, p.day + dayOffset, h, m, timeZone);
    if (now < start + NIGHT_WINDOW_MS) return start;
  }
  return wallToEpoch(p.year, p.month, p.day + 2, h, m, timeZone);
}

function zoneParts(epoch: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epoch));
  const get = (t: string) => Number(parts.find((x) => x.type === t)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** epoch ms of a wall-clock time in a zone (two passes settle the zone's offset at that instant) */
function wallToEpoch(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = zoneParts(guess, timeZone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess = wall - (asUtc - guess);
  }
  return guess;
}
