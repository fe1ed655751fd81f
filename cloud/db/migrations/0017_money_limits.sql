-- 0017: limits on the money a counter takes in (shared/limits.ts).
-- An outlet's maximum for one member top-up (default ¥5,000), handed to its tills in the device policy.
ALTER TABLE organizations ADD COLUMN member_topup_max_fen bigint NOT NULL DEFAULT 500000
  CHECK (member_topup_max_fen > 0 AND member_topup_max_fen <= 10000000);

-- Member top-ups count against the employee's daily money-movement cap like transfers: one row per booked
-- top-up (id = its clientId, so a retry books no second row). `kind` is one of MONEY_MOVEMENT_KINDS, checked
-- by the code that writes it (a new kind needs no table change); a top-up has no receiving ledger account.
ALTER TABLE money_movements ADD COLUMN kind text NOT NULL DEFAULT 'transfer';
ALTER TABLE money_movements ALTER COLUMN to_account DROP NOT NULL;

-- Employees who already handle cash at the counter (members, shifts) keep doing so: until now their top-ups
-- and pay-outs were not counted, so a cap of 0 did not stop them. They start at ¥20,000 a day; the owner
-- changes it per employee (员工与权限 → 额度). Accounts that may move the prepaid balance keep what the
-- owner set, and new employees start at 0 like every limit.
UPDATE employees SET daily_transfer_cap_fen = 2000000
 WHERE NOT is_master AND daily_transfer_cap_fen = 0
   AND NOT ('money.transfer' = ANY (permissions))
   AND permissions && ARRAY['member.manage', 'shift.manage']::text[];
