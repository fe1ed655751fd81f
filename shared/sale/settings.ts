// The outlet's rules for changing and undoing sales, as the owner sets them (PUT /v1/sale-settings) and the
// tills receive them in their login policy: 抹零 (rounding the total down), how long a sale may be voided
// (作废时限) and the day's refunds by one employee past which the owner is e-mailed (0 = never).
import { z } from 'zod';
import { zFen } from '../money';
import { zRoundingRule } from './pricing';

export const SALE_SETTINGS_PATH = '/v1/sale-settings';

/** the void window's bounds, in minutes (the cloud's column CHECK says the same) */
export const VOID_WINDOW_MAX_MINUTES = 1440;

export const zSaleSettings = z
  .object({
    rounding: zRoundingRule,
    voidWindowMinutes: z.number().int().min(0).max(VOID_WINDOW_MAX_MINUTES),
    refundAlertFen: zFen,
  })
  .strict();
export type SaleSettings = z.infer<typeof zSaleSettings>;
