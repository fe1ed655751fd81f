// Runtime: Node. The demo provider's outcomes, chosen by the LAST FOUR DIGITS of the payment code scanned, so
// the demo and the tests can walk every state a real provider can put a payment in. Any other ending pays at
// once. Documented for cashiers trying the demo in docs/counter-manual.md and for developers in docs/platform.md.
export const DEMO_OUTCOMES = {
  '1001': 'confirm_then_pay', // the customer must enter the password; pays after the cloud's 2nd query
  '1002': 'confirm_never', // the customer must enter the password and never does: the cloud reverses at its limit
  '2001': 'insufficient_balance', // 余额不足
  '2002': 'code_expired', // 付款码已过期
  '2003': 'declined', // refused by risk control / limits
  '3001': 'timeout_paid', // charged, but the answer comes after the cloud gave up waiting (unknown → query → paid)
  '3002': 'error_not_paid', // a system error (5xx) and nothing charged (unknown → … → reversed at the limit)
  '3003': 'error_paid', // a system error (5xx) although the charge went through (unknown → query → paid)
  '4001': 'refund_refused', // pays at once; every refund of it is refused (WeChat USER_ACCOUNT_ABNORMAL, Alipay ACQ.BUYER_ERROR)
  // pays at once; every refund of it is ACCEPTED, then fails at the provider (the cloud learns it on its next look):
  // WeChat PROCESSING then ABNORMAL on query; Alipay 20000 system error, then ACQ.BUYER_ERROR when asked again;
  // the aggregator REFUND_IN_PROGRESS, then REFUND_FAIL
  '4002': 'refund_fails_late',
} as const;
export type DemoOutcome = (typeof DEMO_OUTCOMES)[keyof typeof DEMO_OUTCOMES] | 'pay';

export function demoOutcomeOf(authCode: string): DemoOutcome {
  const tail = authCode.slice(-4) as keyof typeof DEMO_OUTCOMES;
  return DEMO_OUTCOMES[tail] ?? 'pay';
}

/** Example codes for each outcome, per scheme (what a cashier types in the demo). */
export function demoCode(scheme: 'wechat' | 'alipay' | 'unionpay', ending = '0000'): string {
  const body = { wechat: '13456789012345', alipay: '28765432101234', unionpay: '622345678901234' }[scheme];
  return `${body}${ending}`;
}

/** The lines `npm start` prints so a person can try each outcome at the counter. */
export function demoCodesHelp(): string[] {
  return [
    `demo payment codes: WeChat ${demoCode('wechat')} · Alipay ${demoCode('alipay')} (last 4 digits choose the outcome:`,
    `  1001 password then paid · 1002 password never entered · 2001 balance too low · 2002 code expired ·`,
    `  2003 declined · 3001 answer too late (paid) · 3002 provider error (not paid) · 3003 provider error (paid) ·`,
    `  4001 paid, but its refunds are refused · 4002 paid, its refunds accepted then failed)`,
  ];
}
