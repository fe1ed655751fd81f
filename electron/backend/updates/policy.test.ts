// Runtime: Node (Vitest). The update policy driven by a fake clock through a counter's day (Beijing time):
// never during a sale, postponed by the cashier, installed after a shift close once the till is idle,
// accepted mid-sale and installed after the sale, at the owner's night time, and forced by a minimum version.
import { describe, expect, it } from 'vitest';
import type { UpdateOffer } from '../../../shared/updates/protocol';
import {
  CHECK_EVERY_MS,
  DEFAULT_UPDATE_SETTINGS,
  decide,
  initialPolicy,
  nightStart,
  promptVisible,
  reduce,
  type PolicyEvent,
  type PolicyState,
  type Safety,
  type UpdateSettings,
} from './policy';

const TZ = 'Asia/Shanghai';
const SYNC_MS = 10_000;
/** epoch ms of a Beijing wall-clock time on 2025-06-02 (+ days) */
const at = (hhmm: string, days = 0) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(2025, 5, 2 + days, h - 8, m);
};
const idle: Safety = {
  cartOpen: false,
  parkedInUse: false,
  paymentWaiting: false,
  virtualWaiting: false,
  oldestUnsentAgeMs: null,
};
const offer = (version: string, forced = false): UpdateOffer => ({
  version,
  forced,
  releaseDate: at('07:00'),
  notes: { 'zh-CN': '修复', en: 'Fixes' },
});

/** A till's policy under a fake clock: events in, decisions out, installs recorded. */
function till(settings: UpdateSettings = DEFAULT_UPDATE_SETTINGS) {
  let s: PolicyState = initialPolicy('1.1.0');
  const installs: { at: number; version: string }[] = [];
  const send = (e: PolicyEvent) => (s = reduce(s, e, settings, TZ));
  /** one tick of the service: expire, decide, act */
  const tick = (now: number, safety: Safety = idle) => {
    send({ type: 'tick', at: now });
    const d = decide(s, now, safety, SYNC_MS);
    if (d.action === 'install') {
      installs.push({ at: now, version: d.version });
      send({ type: 'installing', at: now });
    }
    if (d.action === 'check') send({ type: 'checking', at: now });
    return d.action;
  };
  const download = (version: string, now: number) => {
    send({ type: 'updater', state: { phase: 'downloading', version, percent: 40 }, at: now });
    send({ type: 'updater', state: { phase: 'downloaded', version }, at: now });
  };
  return { send, tick, download, installs, state: () => s };
}

describe('update policy over a day of sales', () => {
  it('checks at start, every few hours, and at once for a new offer', () => {
    const t = till();
    expect(t.tick(at('08:00'))).toBe('check');
    t.send({ type: 'updater', state: { phase: 'none' }, at: at('08:00') });
    expect(t.tick(at('09:00'))).toBe('none');
    t.send({ type: 'offer', offer: offer('1.2.0'), at: at('09:30') });
    expect(t.tick(at('09:30'))).toBe('check');
    t.send({ type: 'updater', state: { phase: 'none' }, at: at('09:31') });
    expect(t.tick(at('10:00'))).toBe('none'); // the same offer is not checked again and again
    expect(t.tick(at('09:30') + CHECK_EVERY_MS)).toBe('check');
  });

  it('never installs during a sale; postponed by the cashier; installs after the shift closes once the till is idle', () => {
    const t = till();
    t.send({ type: 'offer', offer: offer('1.2.0'), at: at('08:00') });
    t.tick(at('08:00'));
    t.download('1.2.0', at('09:00'));
    expect(promptVisible(t.state(), at('09:00'))).toBe(true);

    // a morning of sales, minute by minute: a cart is open every other minute; nothing installs
    for (let m = at('09:00'); m < at('12:00'); m += 60_000)
      expect(t.tick(m, { ...idle, cartOpen: (m / 60_000) % 2 === 0 })).not.toBe('install');
    t.send({ type: 'postpone', at: at('12:00') });
    expect(promptVisible(t.state(), at('12:30'))).toBe(false);
    expect(promptVisible(t.state(), at('13:00'))).toBe(true);
    for (let m = at('12:00'); m < at('14:00'); m += 60_000) expect(t.tick(m)).not.toBe('install');

    // 14:00 the shift closes: a minute's countdown, then the next cashier is already selling, then an
    // order waits in the outbox longer than the sync interval (the cloud is slow), then it is drained
    t.send({ type: 'shift-closed', at: at('14:00') });
    expect(t.tick(at('14:00') + 30_000)).toBe('none');
    expect(t.tick(at('14:01'), { ...idle, cartOpen: true })).toBe('none');
    expect(t.tick(at('14:02'), { ...idle, paymentWaiting: true })).toBe('none');
    expect(t.tick(at('14:03'), { ...idle, oldestUnsentAgeMs: 25_000 })).toBe('none');
    expect(t.tick(at('14:03') + 5_000, { ...idle, oldestUnsentAgeMs: 5_000 })).toBe('install');
    expect(t.installs).toEqual([{ at: at('14:03') + 5_000, version: '1.2.0' }]);
    expect(t.tick(at('14:04'))).toBe('none'); // once
  });

  it('a shift-close moment lapses when the till stays busy; the next close brings it back', () => {
    const t = till();
    t.send({ type: 'offer', offer: offer('1.2.0'), at: at('08:00') });
    t.download('1.2.0', at('08:00'));
    t.send({ type: 'shift-closed', at: at('14:00') });
    for (let m = at('14:00'); m < at('14:20'); m += 30_000)
      expect(t.tick(m, { ...idle, virtualWaiting: true })).toBe('none');
    expect(t.tick(at('14:21'))).toBe('none'); // lapsed: idle now, but nobody accepted this moment
    t.send({ type: 'shift-closed', at: at('22:00') });
    expect(t.tick(at('22:01'))).toBe('install');
  });

  it('the cashier accepts in the middle of a sale: it installs right after the sale', () => {
    const t = till({ moment: 'prompt', nightTime: '03:00' });
    t.send({ type: 'offer', offer: offer('1.2.0'), at: at('08:00') });
    t.download('1.2.0', at('08:00'));
    t.send({ type: 'shift-closed', at: at('09:00') }); // not the owner's moment: nothing scheduled
    expect(t.tick(at('09:02'))).toBe('none');
    t.send({ type: 'accept', at: at('10:00') });
    expect(t.tick(at('10:00'), { ...idle, cartOpen: true })).toBe('none');
    expect(t.tick(at('10:01'), { ...idle, parkedInUse: true })).toBe('none');
    expect(t.tick(at('10:02'))).toBe('install');
  });

  it("at the owner's night time, as soon as the (24-hour) café is idle; a busy night waits for the next", () => {
    const t = till({ moment: 'night', nightTime: '03:00' });
    t.send({ type: 'offer', offer: offer('1.2.0'), at: at('08:00') });
    t.download('1.2.0', at('08:00'));
    expect(t.state().scheduled).toEqual({ at: at('03:00', 1), until: at('07:00', 1), by: 'night' });
    for (let m = at('08:00'); m < at('03:00', 1); m += 10 * 60_000) expect(t.tick(m)).toBe('none');
    // all night a member is mid-purchase; at 07:00 the window ends with nothing installed
    for (let m = at('03:00', 1); m < at('07:00', 1); m += 10 * 60_000)
      expect(t.tick(m, { ...idle, cartOpen: true })).toBe('none');
    expect(t.tick(at('07:00', 1))).toBe('none');
    expect(t.state().scheduled?.at).toBe(at('03:00', 2));
    expect(t.tick(at('03:05', 2))).toBe('install');
  });

  it('a forced update (below the minimum version) cannot be postponed and does not wait for the outbox it stopped', () => {
    const t = till();
    t.send({ type: 'offer', offer: offer('1.3.0', true), at: at('08:00') });
    t.download('1.3.0', at('08:10'));
    expect(t.state().scheduled).toMatchObject({ by: 'forced' });
    t.send({ type: 'postpone', at: at('08:10') });
    expect(promptVisible(t.state(), at('08:11'))).toBe(true);
    expect(t.tick(at('08:11'), { ...idle, cartOpen: true, oldestUnsentAgeMs: 3_600_000 })).toBe('none');
    expect(t.tick(at('08:12'), { ...idle, oldestUnsentAgeMs: 3_600_000 })).toBe('install');
  });

  it('a release withdrawn after the download is not installed; a newer offer is fetched instead', () => {
    const t = till({ moment: 'prompt', nightTime: '03:00' });
    t.send({ type: 'offer', offer: offer('1.2.0'), at: at('08:00') });
    t.download('1.2.0', at('08:00'));
    t.send({ type: 'accept', at: at('08:30') });
    t.send({ type: 'offer', offer: null, at: at('08:30') }); // paused by its failure rate
    expect(t.tick(at('08:31'))).not.toBe('install');
    expect(promptVisible(t.state(), at('08:31'))).toBe(false);
    t.send({ type: 'offer', offer: offer('1.2.1'), at: at('09:00') }); // the replacement
    expect(t.tick(at('09:00'))).toBe('check');
    t.download('1.2.1', at('09:05'));
    expect(t.tick(at('09:06'))).toBe('install');
    expect(t.installs.map((i) => i.version)).toEqual(['1.2.1']);
  });

  it('finds the night window in the outlet zone', () => {
    expect(nightStart(at('02:00'), '03:00', TZ)).toBe(at('03:00'));
    expect(nightStart(at('05:00'), '03:00', TZ)).toBe(at('03:00')); // still inside tonight's window
    expect(nightStart(at('08:00'), '03:00', TZ)).toBe(at('03:00', 1));
    expect(nightStart(at('23:30'), '23:00', TZ)).toBe(at('23:00'));
  });
});
