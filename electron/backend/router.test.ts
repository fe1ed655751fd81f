import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedHandlers, HandlerRegistrationError } from './api';
import { startFakeCloud, type FakeCloud } from './testing/fake-cloud';
import { openPos, tempDir, type TestPos } from './testing/harness';

describe('checkedHandlers', () => {
  const api = { 'a.one': {}, 'a.two': {} };
  it('refuses a method registered twice', () => {
    expect(() => checkedHandlers([{ 'a.one': () => 1 }, { 'a.one': () => 2, 'a.two': () => 3 }] as never, api)).toThrow(
      /twice/,
    );
  });
  it('refuses a contract method without a handler', () => {
    expect(() => checkedHandlers([{ 'a.one': () => 1 }] as never, api)).toThrow(HandlerRegistrationError);
    expect(() => checkedHandlers([{ 'a.one': () => 1 }] as never, api)).toThrow(/no handler for a\.two/);
  });
  it('refuses a handler for a method the contract does not have', () => {
    expect(() => checkedHandlers([{ 'a.one': () => 1, 'a.two': () => 1, 'a.three': () => 1 }] as never, api)).toThrow(
      /unknown method/,
    );
  });
});

describe('router', () => {
  let cloud: FakeCloud;
  let t: TestPos;
  let dir: ReturnType<typeof tempDir>;
  const call = (m: string, i: unknown) => t.backend.call(m, i);
  const code = async (m: string, i: unknown) => {
    const r = await call(m, i);
    return r.ok ? 'ok' : r.error.code;
  };

  beforeAll(async () => {
    cloud = await startFakeCloud();
    dir = tempDir();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
  });
  afterAll(async () => {
    await t.backend.close();
    await cloud.close();
    dir.cleanup();
  });

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    expect(await code('no.such', {})).toBe('UNKNOWN_METHOD');
    expect(await code('__proto__', {})).toBe('UNKNOWN_METHOD');
    expect(await code('toString', {})).toBe('UNKNOWN_METHOD');
  });

  it('refuses device-level calls before registration', async () => {
    expect(await code('sync.status', {})).toBe('DEVICE_NOT_REGISTERED');
    expect(await code('auth.login', { username: 'cashier', password: 'cashier123' })).toBe('DEVICE_NOT_REGISTERED');
  });

  it('validates register input: wrong types, missing fields, extra fields, huge strings', async () => {
    expect(await code('device.register', { username: 1, password: 'x', deviceName: 'a' })).toBe('VALIDATION');
    expect(await code('device.register', { username: 'owner' })).toBe('VALIDATION');
    expect(
      await code('device.register', { username: 'owner', password: 'owner888', deviceName: 'c1', admin: true }),
    ).toBe('VALIDATION');
    expect(
      await code('device.register', { username: 'owner', password: 'x'.repeat(1_000_000), deviceName: 'c1' }),
    ).toBe('VALIDATION');
    expect(await code('device.register', null)).toBe('VALIDATION');
    // the one text rule of shared/text.ts: the till refuses what the cloud's database could not hold, before
    // anything is sent or written, naming the field
    for (const deviceName of ['收银台\u0000', '收银台\ud800', '收银台\u0007']) {
      const bad = await call('device.register', { username: 'owner', password: 'owner888', deviceName });
      expect(bad.ok ? null : [bad.error.code, (bad.error.details as { path: string }[])[0]!.path]).toEqual([
        'VALIDATION',
        'deviceName',
      ]);
    }
    const r = await call('device.register', { username: 'owner' });
    expect(!r.ok && Array.isArray(r.error.details)).toBe(true);
    // nothing was written: still unregistered
    const s = await t.pos.call('app.status', {});
    expect(s.device.state).toBe('unregistered');
  });

  it('registers, then needs a session for session-level methods', async () => {
    expect(
      (await t.pos.call('device.register', { username: 'owner', password: 'owner888', deviceName: '收银台1' })).state,
    ).toBe('active');
    expect(await code('cart.get', {})).toBe('UNAUTHENTICATED');
    expect(await code('sale.checkout', { tendered: 100 })).toBe('UNAUTHENTICATED');
    expect(await code('auth.logout', {})).toBe('UNAUTHENTICATED');
    expect(await code('auth.login', { username: 'cashier', password: 'wrong' })).toBe('BAD_CREDENTIALS');
  });

  it('refuses a method whose permission the employee lacks', async () => {
    await t.pos.call('auth.login', { username: 'nobody', password: 'nobody123' });
    expect(await code('catalog.search', { query: 'x' })).toBe('FORBIDDEN');
    expect(await code('cart.get', {})).toBe('FORBIDDEN');
  }, 30_000);

  it('validates session-level input: negative quantities, bad money, extra fields', async () => {
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    await t.pos.call('catalog.sync', {});
    expect(await code('cart.add', { productId: 'x', qty: -1 })).toBe('VALIDATION');
    expect(await code('cart.add', { productId: 'x', qty: 1.5 })).toBe('VALIDATION');
    expect(await code('cart.setQty', { productId: 'x', qty: -3 })).toBe('VALIDATION');
    expect(await code('sale.checkout', { tendered: -100 })).toBe('VALIDATION');
    expect(await code('sale.checkout', { tendered: 10.5 })).toBe('VALIDATION');
    expect(await code('sale.checkout', { tendered: '100' })).toBe('VALIDATION');
    expect(await code('catalog.search', { query: 'x'.repeat(101) })).toBe('VALIDATION');
    expect(await code('catalog.search', { query: 'x', limit: 1000 })).toBe('VALIDATION');
    expect(await code('cart.get', { extra: 1 })).toBe('VALIDATION');
    expect(await code('cart.add', { productId: 'no-such-product' })).toBe('NOT_FOUND');
    expect(await code('sale.checkout', { tendered: 100 })).toBe('EMPTY_CART');
    expect((await t.pos.call('sync.status', {})).unsent).toBe(0);
  });

  it('treats a missing input as {} for methods without fields', async () => {
    expect(await code('app.status', undefined)).toBe('ok');
  });
});
