// Runtime: Node. The demo provider's own books: the trades and refunds it has taken, in memory. It is the
// outside party — its memory is its database; a test that restarts the cloud keeps the provider running.
import { randomBytes } from 'node:crypto';
import { demoOutcomeOf, type DemoOutcome } from './outcomes';

export type TradeState = 'SUCCESS' | 'USERPAYING' | 'REVOKED' | 'CLOSED';

export interface DemoRefund {
  outRefundNo: string;
  refundId: string;
  amountFen: number;
  at: number;
  /** WeChat refunds are asynchronous: PROCESSING until the first query; then SUCCESS, or ABNORMAL for a code
   *  ending 4002 (refund_fails_late), whose money stays with the merchant */
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL';
}

export interface DemoTrade {
  provider: 'wechatpay' | 'alipay' | 'aggregator';
  merchant: string;
  outTradeNo: string;
  tradeNo: string;
  authCode: string;
  amountFen: number;
  description: string;
  outcome: DemoOutcome;
  state: TradeState;
  /** queries answered while the customer confirms (confirm_then_pay pays at the 2nd) */
  queries: number;
  createdAt: number;
  paidAt: number | null;
  /** when a paid trade was reversed (its money went back: a refund line in the bill) */
  reversedAt: number | null;
  refunds: DemoRefund[];
  /** refund requests answered "in progress / unknown" once (refund_fails_late refuses them when asked again) */
  refundAsks?: string[];
}

export class DemoBooks {
  readonly trades = new Map<string, DemoTrade>();

  key(provider: string, merchant: string, outTradeNo: string): string {
    return `${provider}:${merchant}:${outTradeNo}`;
  }

  get(provider: DemoTrade['provider'], merchant: string, outTradeNo: string): DemoTrade | undefined {
    return this.trades.get(this.key(provider, merchant, outTradeNo));
  }

  /** Records a trade as the outcome says (nothing for a refusal or an error that charged nothing). */
  open(
    provider: DemoTrade['provider'],
    merchant: string,
    r: { outTradeNo: string; authCode: string; amountFen: number; description: string },
    now: number,
  ): { trade: DemoTrade | null; outcome: DemoOutcome } {
    const outcome = demoOutcomeOf(r.authCode);
    const charged = ['pay', 'timeout_paid', 'error_paid', 'refund_refused', 'refund_fails_late'].includes(outcome);
    const confirming = outcome === 'confirm_then_pay' || outcome === 'confirm_never';
    if (!charged && !confirming) return { trade: null, outcome };
    const prefix = provider === 'wechatpay' ? '4200' : provider === 'alipay' ? '2024' : '7895';
    const trade: DemoTrade = {
      provider,
      merchant,
      ...r,
      tradeNo: `${prefix}${String(now).slice(-10)}${randomBytes(7).toString('hex').replace(/\D/g, '7').padEnd(14, '0').slice(0, 14)}`,
      outcome,
      state: charged ? 'SUCCESS' : 'USERPAYING',
      queries: 0,
      createdAt: now,
      paidAt: charged ? now : null,
      reversedAt: null,
      refunds: [],
    };
    this.trades.set(this.key(provider, merchant, r.outTradeNo), trade);
    return { trade, outcome };
  }

  /** A query while the customer confirms: confirm_then_pay pays at the second one. */
  advance(t: DemoTrade, now: number): void {
    if (t.state !== 'USERPAYING') return;
    t.queries++;
    if (t.outcome === 'confirm_then_pay' && t.queries >= 2) {
      t.state = 'SUCCESS';
      t.paidAt = now;
    }
  }

  /** Reverse / cancel: an unpaid trade closes, a paid one gives its money back. */
  reverse(t: DemoTrade, now: number): void {
    if (t.state === 'SUCCESS') t.reversedAt = now;
    if (t.state === 'SUCCESS' || t.state === 'USERPAYING') t.state = 'REVOKED';
  }

  /** what went back to the customer (an ABNORMAL refund's money stayed with the merchant) */
  refunded(t: DemoTrade): number {
    return t.refunds.reduce((s, r) => s + (r.status === 'ABNORMAL' ? 0 : r.amountFen), 0);
  }

  /** A first ask of a refund_fails_late refund: true (answer "in progress"/unknown) and remembered; false after. */
  firstAsk(t: DemoTrade, outRefundNo: string): boolean {
    const asks = (t.refundAsks ??= []);
    if (t.outcome !== 'refund_fails_late' || asks.includes(outRefundNo)) return false;
    asks.push(outRefundNo);
    return true;
  }

  all(provider: DemoTrade['provider'], merchant: string): DemoTrade[] {
    return [...this.trades.values()].filter((t) => t.provider === provider && t.merchant === merchant);
  }
}
