// Runtime: Node, pure. Which release a device is offered — the one decision behind its latest.yml and its
// handshake (cloud/updates/feed-routes.ts, cloud/capabilities/). In order:
//  1. A device below the channel's minimum version (the highest minimumVersion of an active release) must
//     update: it is offered the newest active release its cohort reaches that satisfies the minimum, else the
//     lowest active release that does — whatever its rollout and its outlet's pin. It is `forced`.
//  2. Otherwise the newest active release whose rollout reaches the device's cohort, or that replaces
//     (supersedes) the release the device runs, and that is not above the outlet's pinned version.
// Paused and superseded releases are offered to nobody; a device already running one keeps it until a
// release reaches it (a superseded one is replaced wherever it runs).
import type { ReleaseStatus } from '../../shared/updates/protocol';
import { compareVersions, isNewer, newest } from '../../shared/updates/version';

export interface OfferRelease {
  version: string;
  status: ReleaseStatus;
  rolloutBps: number;
  minimumVersion: string | null;
  supersededBy: string | null;
}

export interface OfferDevice {
  /** cohortBucket(deviceId) */
  bucket: number;
  /** the version it runs (null: not known yet) */
  version: string | null;
  /** the outlet's pin: offered nothing above it (unless forced) */
  pinnedVersion: string | null;
}

export interface Offer<R extends OfferRelease> {
  release: R;
  forced: boolean;
}

/** the version below which a till must update before it syncs again (null: none) */
export function minimumVersionOf(releases: readonly OfferRelease[]): string | null {
  return newest(releases.filter((r) => r.status === 'active' && r.minimumVersion).map((r) => r.minimumVersion!));
}

export function belowMinimum(releases: readonly OfferRelease[], version: string | null): boolean {
  const min = minimumVersionOf(releases);
  return version !== null && min !== null && isNewer(min, version);
}

export function offerFor<R extends OfferRelease>(releases: readonly R[], d: OfferDevice): Offer<R> | null {
  const active = releases.filter((r) => r.status === 'active');
  const reaches = (r: R) => d.bucket < r.rolloutBps;
  const byNewest = (a: R, b: R) => compareVersions(b.version, a.version);
  const min = minimumVersionOf(releases);
  if (d.version !== null && min !== null && isNewer(min, d.version)) {
    const satisfying = active.filter((r) => !isNewer(min, r.version));
    const pick =
      satisfying.filter(reaches).sort(byNewest)[0] ?? [...satisfying].sort((a, b) => -byNewest(a, b))[0] ?? null;
    return pick ? { release: pick, forced: true } : null;
  }
  const running = d.version === null ? undefined : releases.find((r) => r.version === d.version);
  const replacesRunning = (r: R) =>
    running?.status === 'superseded' && d.version !== null && isNewer(r.version, d.version);
  const allowedByPin = (r: R) => d.pinnedVersion === null || !isNewer(r.version, d.pinnedVersion);
  const pick = active.filter((r) => (reaches(r) || replacesRunning(r)) && allowedByPin(r)).sort(byNewest)[0];
  return pick ? { release: pick, forced: false } : null;
}
