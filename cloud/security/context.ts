// Runtime: Node. What the security routes receive: the route context plus the outside channels, the
// alert threshold and the prepaid ledger seam.
import type { RouteContext } from '../http/route-context';
import type { PrepaidLedger } from './money';
import type { EmailProvider, SmsProvider } from './providers';

export interface SecurityContext extends RouteContext {
  email: EmailProvider;
  sms: SmsProvider;
  /** money movements at or above this many fen alert the owner */
  alertThresholdFen: number;
  ledger: PrepaidLedger;
}

export interface SecurityOptions {
  email?: EmailProvider;
  sms?: SmsProvider;
  alertThresholdFen?: number;
  ledger?: PrepaidLedger;
}
