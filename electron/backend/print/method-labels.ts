// Runtime: Node. How receipts and slips name each payment method (printed in Chinese, GB18030). A Record over
// the methods declared in shared/payments/methods.ts: a new method does not compile until it has its label.
import type { PaymentMethod } from '../../../shared/payments/methods';

export const PRINT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  member: '会员余额',
  wechat_code: '微信支付',
  alipay_code: '支付宝',
  unionpay_code: '云闪付',
  wechat_static: '微信收款码',
  alipay_static: '支付宝收款码',
};
