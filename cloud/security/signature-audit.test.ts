// Refused signatures are audited — forged, wrongly signed, expired, replayed, unknown or revoked device —
// with the device (when it exists), the client address and the reason, and a flood from one address
// writes at most REFUSAL_AUDIT_PER_MINUTE rows a minute.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../shared/sync/protocol';
import { SIGNATURE_WINDOW_MS } from '../../shared/sync/signing';
import { DEMO } from '../seed/demo';
import { REFUSAL_AUDIT_PER_MINUTE } from '../http/signed';
import { newDeviceKey, registerDevice, signedHeaders, type TestDevice } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';
import { verifyAuditChain } from './audit';

interface Row {
  org_id: string | null;
  device_id: string | null;
  ip: string;
  error_code: string;
  target: string;
  details: Record<string, unknown> | null;
}

describe('audit of refused signatures', () => {
  let w: TestWorld;
  let dev: TestDevice;
  beforeAll(async () => {
    w = await createWorld();
    dev = await registerDevice(w.app);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const send = async (h: Record<string, string>, ip: string, url = PATHS.catalogChanges + '?cursor=0&limit=1') =>
    (await w.app.inject({ method: 'GET', url, headers: h, remoteAddress: ip })).json().error?.code as
      string | undefined;
  const signed = (over: { key?: TestDevice['privateKey']; id?: string; now?: number; nonce?: string } = {}) =>
    signedHeaders(
      { id: over.id ?? dev.id, privateKey: over.key ?? dev.privateKey },
      {
        method: 'GET',
        url: PATHS.catalogChanges + '?cursor=0&limit=1',
        now: over.now ?? w.clock.now,
        nonce: over.nonce,
      },
    ).headers;
  const rows = async (ip: string) =>
    (
      await w.db.query<Row>(
        "SELECT org_id, device_id, ip, error_code, target, details FROM audit_log WHERE action = 'signature.refused' AND ip = $1 ORDER BY id",
        [ip],
      )
    ).rows;

  it('audits each kind of refusal with device, address and reason', async () => {
    const ip = '198.51.100.7';
    expect(await send(signed({ key: newDeviceKey().privateKey }), ip)).toBe('BAD_SIGNATURE'); // forged: another key
    expect(await send(signed({ now: w.clock.now - SIGNATURE_WINDOW_MS - 1000 }), ip)).toBe('CLOCK_SKEW'); // expired
    const h = signed({ nonce: 'replay-nonce-0001' });
    expect(await send(h, ip)).toBeUndefined(); // the genuine request passes
    expect(await send(h, ip)).toBe('REPLAYED');
    const ghost = randomUUID();
    expect(await send(signed({ id: ghost }), ip)).toBe('DEVICE_NOT_REGISTERED');
    const tampered = { ...signed(), 'x-pos-signature': Buffer.alloc(64, 7).toString('base64') };
    expect(await send(tampered, ip)).toBe('BAD_SIGNATURE');

    const r = await rows(ip);
    expect(r.map((x) => x.error_code)).toEqual([
      'BAD_SIGNATURE',
      'CLOCK_SKEW',
      'REPLAYED',
      'DEVICE_NOT_REGISTERED',
      'BAD_SIGNATURE',
    ]);
    for (const x of [r[0], r[1], r[2], r[4]])
      expect(x).toMatchObject({ org_id: DEMO.outletId, device_id: dev.id, target: `GET ${PATHS.catalogChanges}` });
    // An unknown device belongs to no outlet: the platform's chain, with the id it claimed.
    expect(r[3]).toMatchObject({ org_id: null, device_id: null, details: { claimedDeviceId: ghost } });
    expect(await verifyAuditChain(w.db, DEMO.outletId)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(w.db, null)).toMatchObject({ ok: true });
  });

  it('a flood from one address writes at most the per-minute limit; other addresses and the next minute are still audited', async () => {
    const flood = '203.0.113.9';
    w.clock.now = Math.ceil(w.clock.now / 60_000) * 60_000 + 1000; // start of a fresh minute
    const bad = newDeviceKey().privateKey;
    const codes = [];
    for (let i = 0; i < REFUSAL_AUDIT_PER_MINUTE + 30; i++) codes.push(await send(signed({ key: bad }), flood));
    expect(new Set(codes)).toEqual(new Set(['BAD_SIGNATURE'])); // every request is still refused
    const r = await rows(flood);
    expect(r).toHaveLength(REFUSAL_AUDIT_PER_MINUTE);
    expect(r.at(-1)!.details).toMatchObject({ limitReached: true });
    const { rows: counts } = await w.db.query<{ written: number; suppressed: number }>(
      'SELECT written, suppressed FROM signature_refusal_counts WHERE ip = $1',
      [flood],
    );
    expect(counts).toEqual([{ written: REFUSAL_AUDIT_PER_MINUTE, suppressed: 30 }]);

    expect(await send(signed({ key: bad }), '203.0.113.10')).toBe('BAD_SIGNATURE');
    expect(await rows('203.0.113.10')).toHaveLength(1);
    w.clock.now += 60_000;
    expect(await send(signed({ key: bad }), flood)).toBe('BAD_SIGNATURE');
    expect(await rows(flood)).toHaveLength(REFUSAL_AUDIT_PER_MINUTE + 1);
    expect(await verifyAuditChain(w.db, DEMO.outletId)).toMatchObject({ ok: true });
  });
});
