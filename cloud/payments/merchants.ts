// Runtime: Node. An outlet's merchant accounts at the providers. The keys are sealed at rest exactly like
// game-card codes (AES-256-GCM, ../virtual/card-crypto.ts) under PAYMENT_CONFIG_KEY (64 hex; without it a
// per-process random key: fine for the demo, which re-seals its demo accounts at every start, but a real
// outlet's keys would be unreadable after a restart — set it in production, the same on every cloud process).
// Only the provider, environment, public merchant id and schemes are readable without the key.
import type { CodeScheme } from '../../shared/payments/schemes';
import {
  zAggregatorSecrets,
  zAlipaySecrets,
  zMerchantInput,
  zWechatPaySecrets,
  type MerchantInput,
  type MerchantView,
} from '../../shared/payments/owner';
import type { ProviderId } from '../../shared/payments/wire';
import type { Queryable } from '../db/types';
import { cardKeyFromEnv, decryptCardCode, encryptCardCode } from '../virtual/card-crypto';
import { AggregatorProvider, AGGREGATOR_PRODUCTION_URL } from './providers/aggregator';
import { AlipayProvider, ALIPAY_PRODUCTION_GATEWAY } from './providers/alipay';
import type { PaymentProvider } from './providers/types';
import { WechatPayProvider, WECHATPAY_PRODUCTION_URL } from './providers/wechatpay';

export function paymentConfigKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer {
  return cardKeyFromEnv({ CARD_CODE_KEY: env.PAYMENT_CONFIG_KEY });
}

export interface MerchantRow {
  outlet_id: string;
  provider: ProviderId;
  environment: 'demo' | 'production';
  merchant_id: string;
  schemes: CodeScheme[];
  config_sealed: string;
  updated_at: string | number;
}

export async function saveMerchant(
  q: Queryable,
  outletId: string,
  input: MerchantInput,
  key: Buffer,
  employeeId: string | null,
  now: number,
): Promise<void> {
  const m = zMerchantInput.parse(input);
  const merchantId =
    m.provider === 'wechatpay' ? m.secrets.mchid : m.provider === 'alipay' ? m.secrets.appId : m.secrets.terminalSn;
  await q.query(
    `INSERT INTO payment_merchants (outlet_id, provider, environment, merchant_id, schemes, config_sealed, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (outlet_id, provider) DO UPDATE SET environment = EXCLUDED.environment, merchant_id = EXCLUDED.merchant_id,
       schemes = EXCLUDED.schemes, config_sealed = EXCLUDED.config_sealed, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [
      outletId,
      m.provider,
      m.environment,
      merchantId,
      m.schemes,
      encryptCardCode(key, JSON.stringify(m.secrets)),
      employeeId,
      now,
    ],
  );
}

export async function merchantRows(q: Queryable, outletId: string): Promise<MerchantRow[]> {
  const { rows } = await q.query<MerchantRow>(
    'SELECT * FROM payment_merchants WHERE outlet_id = $1 ORDER BY provider',
    [outletId],
  );
  return rows;
}

function open(row: MerchantRow, key: Buffer): unknown {
  try {
    return JSON.parse(decryptCardCode(key, row.config_sealed));
  } catch {
    return null;
  }
}

export const merchantView = (row: MerchantRow, key: Buffer): MerchantView => ({
  provider: row.provider,
  environment: row.environment,
  merchantId: row.merchant_id,
  schemes: row.schemes,
  readable: open(row, key) !== null,
  updatedAt: Number(row.updated_at),
});

export interface Gateways {
  /** the demo provider's base URL (merchant accounts in environment 'demo') */
  demoUrl?: string;
  /** each provider call gives up after this long (its outcome is then unknown, and asked again) */
  timeoutMs: number;
}

/** The adapter for a merchant row, or null when its keys cannot be opened or its environment is not served. */
export function providerOf(row: MerchantRow, key: Buffer, gw: Gateways): PaymentProvider | null {
  const secrets = open(row, key);
  if (secrets === null) return null;
  const demo = row.environment === 'demo';
  if (demo && !gw.demoUrl) return null;
  if (row.provider === 'wechatpay') {
    const s = zWechatPaySecrets.safeParse(secrets);
    if (!s.success) return null;
    return new WechatPayProvider({
      ...s.data,
      baseUrl: demo ? gw.demoUrl! : WECHATPAY_PRODUCTION_URL,
      timeoutMs: gw.timeoutMs,
    });
  }
  if (row.provider === 'alipay') {
    const s = zAlipaySecrets.safeParse(secrets);
    if (!s.success) return null;
    return new AlipayProvider({
      ...s.data,
      gateway: demo ? `${gw.demoUrl!}/gateway.do` : ALIPAY_PRODUCTION_GATEWAY,
      timeoutMs: gw.timeoutMs,
    });
  }
  if (row.provider === 'aggregator') {
    const s = zAggregatorSecrets.safeParse(secrets);
    if (!s.success) return null;
    return new AggregatorProvider({
      ...s.data,
      baseUrl: demo ? gw.demoUrl! : AGGREGATOR_PRODUCTION_URL,
      timeoutMs: gw.timeoutMs,
    });
  }
  return null;
}

/** Which provider takes each scheme at this outlet (null: refused here). */
export function schemeProviders(rows: MerchantRow[]): Record<CodeScheme, ProviderId | null> {
  const out: Record<CodeScheme, ProviderId | null> = { wechat: null, alipay: null, unionpay: null };
  for (const r of rows) for (const s of r.schemes) out[s] ??= r.provider;
  return out;
}
