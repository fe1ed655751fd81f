// The real adapters (WeChat Pay API v3, Alipay through alipay-sdk) over real HTTP against the demo provider,
// which verifies their signatures exactly as the provider does and signs its answers. Every outcome the
// providers document maps onto the one provider interface; a forged or mis-signed exchange is refused on
// both sides.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outTradeNoOf } from '../../../shared/payments/wire';
import { demoCode } from '../demo/outcomes';
import { startDemoPayProvider, type DemoPayProvider } from '../demo/server';
import { AggregatorProvider } from './aggregator';
import { AlipayProvider } from './alipay';
import type { PaymentProvider, PayRequest } from './types';
import { WechatPayProvider } from './wechatpay';

let demo: DemoPayProvider;
let wechat: PaymentProvider;
let alipay: PaymentProvider;
let aggregator: PaymentProvider;
beforeAll(async () => {
  demo = await startDemoPayProvider({ latencyMs: 0, hangMs: 1_500 });
  wechat = new WechatPayProvider(demo.wechat(800));
  alipay = new AlipayProvider(demo.alipay(800));
  aggregator = new AggregatorProvider(demo.aggregator(800));
});
afterAll(async () => {
  await demo.close();
});

const req = (scheme: 'wechat' | 'alipay' | 'unionpay', ending: string, amountFen = 1234): PayRequest => ({
  outTradeNo: outTradeNoOf(randomUUID()),
  authCode: demoCode(scheme, ending),
  amountFen,
  description: '星光网咖（徐汇店）-商品',
  storeId: 'store-1',
  terminalId: randomUUID(),
  scheme,
});

describe.each([
  ['wechat', () => wechat],
  ['alipay', () => alipay],
] as const)('%s adapter against the demo provider', (scheme, provider) => {
  it('pays at once, and a query says the same', async () => {
    const r = req(scheme, '0000');
    const paid = await provider().pay(r);
    expect(paid).toMatchObject({ kind: 'paid', amountFen: 1234 });
    expect(await provider().query(r.outTradeNo)).toMatchObject({ kind: 'paid', amountFen: 1234 });
  });

  it('password: confirming, then paid at the second query', async () => {
    const r = req(scheme, '1001');
    expect(await provider().pay(r)).toMatchObject({ kind: 'confirming' });
    expect(await provider().query(r.outTradeNo)).toMatchObject({ kind: 'confirming' });
    expect(await provider().query(r.outTradeNo)).toMatchObject({ kind: 'paid' });
  });

  it('password never entered: the reversal closes it', async () => {
    const r = req(scheme, '1002');
    expect(await provider().pay(r)).toMatchObject({ kind: 'confirming' });
    expect(await provider().reverse(r.outTradeNo)).toEqual({ kind: 'done' });
    expect(await provider().query(r.outTradeNo)).toMatchObject({ kind: 'failed' });
  });

  it('definite refusals carry their reason', async () => {
    expect(await provider().pay(req(scheme, '2001'))).toMatchObject({ kind: 'failed', reason: 'insufficient_balance' });
    expect(await provider().pay(req(scheme, '2002'))).toMatchObject({ kind: 'failed', reason: 'code_expired' });
    expect(await provider().pay(req(scheme, '2003'))).toMatchObject({ kind: 'failed', reason: 'declined' });
  });

  it('a timeout and a system error are unknown; the query tells the truth', async () => {
    const slow = req(scheme, '3001');
    expect(await provider().pay(slow)).toMatchObject({ kind: 'unknown', code: 'TIMEOUT' });
    expect(await provider().query(slow.outTradeNo)).toMatchObject({ kind: 'paid' });
    const charged = req(scheme, '3003');
    expect(await provider().pay(charged)).toMatchObject({ kind: 'unknown' });
    expect(await provider().query(charged.outTradeNo)).toMatchObject({ kind: 'paid' });
    const notCharged = req(scheme, '3002');
    expect(await provider().pay(notCharged)).toMatchObject({ kind: 'unknown' });
    expect(await provider().query(notCharged.outTradeNo)).toEqual({ kind: 'absent' });
    // a reversal of a trade the provider never saw is done (nothing to give back)
    expect(await provider().reverse(notCharged.outTradeNo)).toEqual({ kind: 'done' });
  });

  it('refunds in parts up to the amount paid; a repeat is the same refund', async () => {
    const r = req(scheme, '0000', 5000);
    await provider().pay(r);
    const part = {
      outTradeNo: r.outTradeNo,
      outRefundNo: outTradeNoOf(randomUUID()),
      refundFen: 2000,
      totalFen: 5000,
      reason: '退货',
    };
    const first = await provider().refund(part);
    expect(['succeeded', 'processing']).toContain(first.kind);
    expect(await provider().queryRefund(part)).toMatchObject({ kind: 'succeeded' });
    expect(['succeeded', 'processing']).toContain((await provider().refund(part)).kind);
    const tooMuch = { ...part, outRefundNo: outTradeNoOf(randomUUID()), refundFen: 3001 };
    expect(await provider().refund(tooMuch)).toMatchObject({ kind: 'failed' });
  });

  it("today's bill lists the payments and refunds in the provider's own format", async () => {
    const r = req(scheme, '0000', 777);
    await provider().pay(r);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const lines = await provider().bill(today);
    expect(lines).toContainEqual(
      expect.objectContaining({ kind: 'payment', outTradeNo: r.outTradeNo, amountFen: 777 }),
    );
    expect(lines.some((l) => l.kind === 'refund' && l.amountFen === 2000)).toBe(true);
  });
});

describe('aggregator (聚合支付, Upay v2 shape) against the demo provider: one terminal, every scheme', () => {
  it.each(['unionpay', 'wechat', 'alipay'] as const)(
    '%s: paid, password then paid, refusals, unknown → query',
    async (scheme) => {
      const r = req(scheme, '0000');
      expect(await aggregator.pay(r)).toMatchObject({ kind: 'paid', amountFen: 1234 });
      const pw = req(scheme, '1001');
      expect(await aggregator.pay(pw)).toMatchObject({ kind: 'confirming' });
      expect(await aggregator.query(pw.outTradeNo)).toMatchObject({ kind: 'confirming' });
      expect(await aggregator.query(pw.outTradeNo)).toMatchObject({ kind: 'paid' });
      expect(await aggregator.pay(req(scheme, '2001'))).toMatchObject({
        kind: 'failed',
        reason: 'insufficient_balance',
      });
      expect(await aggregator.pay(req(scheme, '2002'))).toMatchObject({ kind: 'failed', reason: 'code_expired' });
      const lost = req(scheme, '3002');
      expect(await aggregator.pay(lost)).toMatchObject({ kind: 'unknown' });
      expect(await aggregator.query(lost.outTradeNo)).toEqual({ kind: 'absent' });
      const never = req(scheme, '1002');
      await aggregator.pay(never);
      expect(await aggregator.reverse(never.outTradeNo)).toEqual({ kind: 'done' });
      expect(await aggregator.query(never.outTradeNo)).toMatchObject({ kind: 'failed' });
    },
  );

  it('refunds up to the amount paid; no bill download API (said plainly)', async () => {
    const r = req('unionpay', '0000', 3000);
    await aggregator.pay(r);
    const part = {
      outTradeNo: r.outTradeNo,
      outRefundNo: outTradeNoOf(randomUUID()),
      refundFen: 1000,
      totalFen: 3000,
      reason: '退货',
    };
    expect(await aggregator.refund(part)).toMatchObject({ kind: 'succeeded' });
    expect(await aggregator.queryRefund(part)).toMatchObject({ kind: 'succeeded' });
    expect(
      await aggregator.refund({ ...part, outRefundNo: outTradeNoOf(randomUUID()), refundFen: 2001 }),
    ).toMatchObject({ kind: 'failed' });
    await expect(aggregator.bill('2026-01-01')).rejects.toThrow(/no bill download/);
  });

  it('a request signed with another terminal key is refused, nothing charged', async () => {
    const forged = new AggregatorProvider({ ...demo.aggregator(800), terminalKey: '0'.repeat(32) });
    const r = req('unionpay', '0000');
    expect(await forged.pay(r)).toMatchObject({ kind: 'failed', reason: 'not_configured', code: 'ILLEGAL_SIGN' });
    expect(await aggregator.query(r.outTradeNo)).toEqual({ kind: 'absent' });
  });
});

describe('signatures are checked on both sides', () => {
  const otherKey = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });

  it('WeChat: a request signed with another merchant key is refused (SIGN_ERROR, nothing charged)', async () => {
    const forged = new WechatPayProvider({ ...demo.wechat(800), merchantPrivateKeyPem: otherKey().privateKey });
    const r = req('wechat', '0000');
    expect(await forged.pay(r)).toMatchObject({ kind: 'failed', reason: 'not_configured', code: 'SIGN_ERROR' });
    expect(await wechat.query(r.outTradeNo)).toEqual({ kind: 'absent' });
  });

  it('WeChat: an answer that does not verify with the platform key is no answer (unknown)', async () => {
    const wrongPlatform = new WechatPayProvider({ ...demo.wechat(800), platformPublicKeyPem: otherKey().publicKey });
    expect(await wrongPlatform.pay(req('wechat', '0000'))).toMatchObject({
      kind: 'unknown',
      code: 'BAD_ANSWER_SIGNATURE',
    });
  });

  it('Alipay: a request signed with another app key is refused (isv.invalid-signature)', async () => {
    const forged = new AlipayProvider({ ...demo.alipay(800), appPrivateKeyPem: otherKey().privateKey });
    const r = req('alipay', '0000');
    expect(await forged.pay(r)).toMatchObject({
      kind: 'failed',
      reason: 'not_configured',
      code: 'isv.invalid-signature',
    });
    expect(await alipay.query(r.outTradeNo)).toEqual({ kind: 'absent' });
  });

  it('Alipay: an answer that does not verify with the Alipay public key is no answer (unknown)', async () => {
    const wrongPlatform = new AlipayProvider({ ...demo.alipay(800), alipayPublicKeyPem: otherKey().publicKey });
    expect(await wrongPlatform.pay(req('alipay', '0000'))).toMatchObject({
      kind: 'unknown',
      code: 'BAD_ANSWER_SIGNATURE',
    });
  });
});
