-- 0015: the outlet's staff cards as the employee feed last gave them (shared/staff-card.ts): the cloud's salted
-- scrypt hash of each card — never the number — and the employee it approves as (permissions, limits). The feed's
-- list replaces the table whole at each pull, so a removed card or a disabled employee is gone then.
-- staff_card_guesses counts wrong cards judged offline on this till (one row); the next pull clears it.
CREATE TABLE staff_cards (
  employee_id TEXT PRIMARY KEY,
  verifier TEXT NOT NULL,
  employee_json TEXT NOT NULL,
  synced_at INTEGER NOT NULL
) STRICT;
CREATE TABLE staff_card_guesses (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failed INTEGER NOT NULL DEFAULT 0
) STRICT;
