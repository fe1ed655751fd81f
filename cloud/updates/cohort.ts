// Runtime: Node. The staged-rollout cohort of a device: a fixed bucket 0..9999 from its id. A release at
// p basis points reaches exactly the devices whose bucket is below p, so raising p only adds devices (the
// first 10 % stay in at 30 %), and every release of a channel uses the same buckets: the devices that got
// a bad 10 % release are exactly those its 10 % replacement reaches first.
import { createHash } from 'node:crypto';

export const BUCKETS = 10_000;

export function cohortBucket(deviceId: string): number {
  const h = createHash('sha256').update(`qianmi-rollout:${deviceId.toLowerCase()}`).digest();
  return h.readUInt32BE(0) % BUCKETS;
}

export function inRollout(deviceId: string, rolloutBps: number): boolean {
  return cohortBucket(deviceId) < rolloutBps;
}
