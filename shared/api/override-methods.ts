// Supervisor override (主管授权) at the till: shared/sale/overrides.ts declares the acts. Handlers:
// electron/backend/sales/overrides.ts.
import { z } from 'zod';
import { zText } from '../text';
import { zOverrideAct } from '../sale/overrides';
import { zStaffCard } from '../staff-card';
import { zPassword, zUsername } from '../sync/protocol';
import { method, type MethodSpec } from './method';

export const OVERRIDE_METHODS = {
  /**
   * A supervisor types their username and password on the cashier's screen to approve one act. Checked by the
   * cloud (POST /v1/auth/override) when it answers, else against the verifier the supervisor's last online
   * login left on this till (within its offline window). The supervisor must hold the act's permission and be
   * someone other than the cashier. The grant is single-use, bound to this cashier and act, and expires after
   * OVERRIDE_TTL_MS; pass its overrideId to the act. Every attempt lands in the till's audit chain.
   * Or the supervisor scans their staff card (`card`, shared/staff-card.ts): the card alone approves — checked by
   * the cloud, else against the outlet's card hashes the employee feed last gave this till.
   */
  'override.grant': method({
    input: z.union([
      z.object({ act: zOverrideAct, username: zUsername, password: zPassword }).strict(),
      z.object({ act: zOverrideAct, card: zStaffCard }).strict(),
    ]),
    output: z.object({
      overrideId: z.uuid(),
      act: zOverrideAct,
      supervisor: z.object({ id: zText(), name: zText() }),
      mode: z.enum(['online', 'offline']),
      expiresAt: z.number().int(),
    }),
    auth: 'session',
    permission: 'sale.sell',
  }),
} as const satisfies Record<string, MethodSpec>;
