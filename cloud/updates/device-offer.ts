// Runtime: Node. A device's offer as the feed and the handshake both state it (offer.ts over the device's
// channel, cohort and pin), so latest.yml and the till's handshake never disagree.
import type { UpdateOffer } from '../../shared/updates/protocol';
import type { Queryable } from '../db/types';
import { cohortBucket } from './cohort';
import type { UpdateDevice } from './devices';
import { minimumVersionOf, offerFor } from './offer';
import { channelReleases, type ReleaseRow } from './releases';

export interface DeviceOffer {
  release: ReleaseRow | null;
  offer: UpdateOffer | null;
  /** the channel's minimum version (null: none) */
  minimumVersion: string | null;
}

export async function deviceOffer(q: Queryable, d: UpdateDevice): Promise<DeviceOffer> {
  const releases = await channelReleases(q, d.channel);
  const picked = offerFor(releases, {
    bucket: cohortBucket(d.deviceId),
    version: d.version,
    pinnedVersion: d.pinnedVersion,
  });
  return {
    release: picked?.release ?? null,
    offer: picked
      ? {
          version: picked.release.version,
          notes: picked.release.notes,
          releaseDate: picked.release.releaseDate,
          forced: picked.forced,
        }
      : null,
    minimumVersion: minimumVersionOf(releases),
  };
}

/** The build's channel feed (no device): the newest active release rolled out to everyone. */
export async function channelOffer(q: Queryable, channel: UpdateDevice['channel']): Promise<ReleaseRow | null> {
  return (await channelReleases(q, channel)).find((r) => r.status === 'active' && r.rolloutBps >= 10_000) ?? null;
}
