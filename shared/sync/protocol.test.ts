import { describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { zOrderWire } from './protocol';
import { canonicalRequest } from './signing';

function order() {
  return {
    clientOrderId: newId(),
    number: '20261125-0001',
    createdAt: Date.now(),
    employeeId: newId(),
    lines: [
      { lineNo: 1, productId: newId(), sku: 'SKU1', name: '农夫山泉 550ml', qty: 2, unitPrice: 200, lineTotal: 400 },
      { lineNo: 2, productId: newId(), sku: 'SKU2', name: '乐事薯片 70g', qty: 1, unitPrice: 750, lineTotal: 750 },
    ],
    subtotal: 1150,
    discount: 0,
    total: 1150,
    payments: [{ method: 'cash', amount: 1150, tendered: 2000, change: 850 }],
  };
}

describe('order wire schema', () => {
  it('accepts an order whose sums add up', () => {
    expect(zOrderWire.safeParse(order()).success).toBe(true);
  });

  it('rejects sums that do not add up, negative quantities and fractional fen', () => {
    const cases = [
      (o: ReturnType<typeof order>) => (o.lines[0]!.lineTotal = 401),
      (o: ReturnType<typeof order>) => (o.subtotal = 1),
      (o: ReturnType<typeof order>) => (o.total = 1000),
      (o: ReturnType<typeof order>) => (o.payments[0]!.amount = 1),
      (o: ReturnType<typeof order>) => (o.lines[0]!.qty = -2),
      (o: ReturnType<typeof order>) => (o.lines[0]!.unitPrice = 2.5),
      (o: ReturnType<typeof order>) => (o.lines = []),
      (o: ReturnType<typeof order>) => (o.clientOrderId = 'not-a-uuid'),
      (o: ReturnType<typeof order>) => (o.lines[0]!.name = 'x'.repeat(10_000)),
    ];
    for (const mutate of cases) {
      const o = order();
      mutate(o);
      expect(zOrderWire.safeParse(o).success).toBe(false);
    }
  });
});

describe('order payments by method (methods version 2)', () => {
  const pay = (payments: unknown[]) => zOrderWire.safeParse({ ...order(), payments });
  it('a split tender: member + WeChat code + WeChat static + cash with change', () => {
    const r = pay([
      { method: 'member', amount: 150, memberId: newId() },
      { method: 'wechat_code', amount: 500, paymentId: newId() },
      { method: 'wechat_static', amount: 300, confirmedBy: newId() },
      { method: 'cash', amount: 200, tendered: 500, change: 300 },
    ]);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });
  it.each<[unknown[], string]>([
    [[{ method: 'alipay_code', amount: 1150 }], 'a code payment without its paymentId'],
    [[{ method: 'cash', amount: 1150, paymentId: newId() }], 'a paymentId on cash'],
    [[{ method: 'alipay_static', amount: 1150 }], 'a static payment nobody confirmed'],
    [[{ method: 'wechat_code', amount: 1150, paymentId: newId(), change: 0 }], 'change on a code payment'],
    [[{ method: 'bitcoin', amount: 1150 }], 'an unknown method'],
  ])('refuses %j (%s)', (payments) => expect(pay(payments).success).toBe(false));
  it('one payment pays one line', () => {
    const id = newId();
    expect(
      pay([
        { method: 'wechat_code', amount: 575, paymentId: id },
        { method: 'wechat_code', amount: 575, paymentId: id },
      ]).success,
    ).toBe(false);
  });
});

describe('canonical request', () => {
  it('changes when any signed part changes', () => {
    const base = {
      deviceId: '0190F5A0-0000-7000-8000-000000000001',
      method: 'post',
      pathWithQuery: '/v1/orders/batch',
      timestamp: 1,
      nonce: 'n',
      bodySha256Hex: 'ab',
    };
    const c = canonicalRequest(base);
    expect(c.split('\n')).toEqual([
      'POS2',
      '0190f5a0-0000-7000-8000-000000000001',
      'POST',
      '/v1/orders/batch',
      '1',
      'n',
      'ab',
    ]);
    // the device is part of what is signed: a signature for device A is worthless for device B
    expect(canonicalRequest({ ...base, deviceId: '0190f5a0-0000-7000-8000-000000000002' })).not.toBe(c);
    for (const k of ['pathWithQuery', 'nonce', 'bodySha256Hex'] as const)
      expect(canonicalRequest({ ...base, [k]: 'other' })).not.toBe(c);
    expect(canonicalRequest({ ...base, timestamp: 2 })).not.toBe(c);
  });
});
