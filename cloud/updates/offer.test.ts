// Runtime: Node (Vitest). Which release a device is offered (offer.ts): rollout by cohort, pause, supersede,
// pin, and the minimum version that overrides both.
import { describe, expect, it } from 'vitest';
import { belowMinimum, minimumVersionOf, offerFor, type OfferRelease } from './offer';

const rel = (version: string, over: Partial<OfferRelease> = {}): OfferRelease => ({
  version,
  status: 'active',
  rolloutBps: 10_000,
  minimumVersion: null,
  supersededBy: null,
  ...over,
});
const device = (bucket: number, version: string | null, pinnedVersion: string | null = null) => ({
  bucket,
  version,
  pinnedVersion,
});
const offered = (rs: OfferRelease[], d: ReturnType<typeof device>) => {
  const o = offerFor(rs, d);
  return o ? `${o.release.version}${o.forced ? ' forced' : ''}` : null;
};

describe('the offer', () => {
  const base = rel('1.1.0');
  it('a staged release reaches the devices of its cohort; the others stay on the full rollout', () => {
    const rs = [base, rel('1.2.0', { rolloutBps: 1_000 })];
    expect(offered(rs, device(999, '1.1.0'))).toBe('1.2.0');
    expect(offered(rs, device(1_000, '1.1.0'))).toBe('1.1.0');
  });

  it('a paused release is offered to nobody; resumed, to its cohort again', () => {
    expect(offered([base, rel('1.2.0', { status: 'paused' })], device(0, '1.1.0'))).toBe('1.1.0');
    expect(offered([rel('1.2.0', { status: 'paused' })], device(0, '1.1.0'))).toBeNull();
  });

  it('a superseded release is offered to nobody, and its replacement reaches every device running it', () => {
    const rs = [
      base,
      rel('1.2.0', { status: 'superseded', supersededBy: '1.2.1', rolloutBps: 1_000 }),
      rel('1.2.1', { rolloutBps: 1_000 }),
    ];
    // a device that got the bad release, even outside the cohort the replacement has (e.g. it was lowered)
    expect(offered([...rs.slice(0, 2), rel('1.2.1', { rolloutBps: 0 })], device(500, '1.2.0'))).toBe('1.2.1');
    expect(offered(rs, device(500, '1.1.0'))).toBe('1.2.1');
    expect(offered(rs, device(5_000, '1.1.0'))).toBe('1.1.0');
  });

  it('a pin holds the outlet at its version; a lifted pin follows the rollout again', () => {
    const rs = [base, rel('1.2.0')];
    expect(offered(rs, device(0, '1.1.0', '1.1.0'))).toBe('1.1.0');
    expect(offered(rs, device(0, '1.1.0', null))).toBe('1.2.0');
    expect(offered([rel('1.2.0')], device(0, '1.1.0', '1.1.0'))).toBeNull();
  });

  it('below the minimum version the device is forced past rollout and pin', () => {
    const rs = [base, rel('1.2.0', { rolloutBps: 1_000, minimumVersion: '1.2.0' })];
    expect(minimumVersionOf(rs)).toBe('1.2.0');
    expect(belowMinimum(rs, '1.1.0')).toBe(true);
    expect(belowMinimum(rs, '1.2.0')).toBe(false);
    expect(offered(rs, device(9_999, '1.1.0', '1.1.0'))).toBe('1.2.0 forced');
    // a newer release its cohort reaches is preferred to the bare minimum
    expect(offered([...rs, rel('1.3.0', { rolloutBps: 5_000 })], device(100, '1.0.0'))).toBe('1.3.0 forced');
    // a paused release's minimum binds nobody
    expect(minimumVersionOf([base, rel('1.2.0', { status: 'paused', minimumVersion: '1.2.0' })])).toBeNull();
  });

  it('an unknown running version gets the newest release its cohort reaches', () => {
    expect(offered([base, rel('1.2.0', { rolloutBps: 10 })], device(5, null))).toBe('1.2.0');
  });
});
