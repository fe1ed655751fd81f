-- sales.db 0012: each employee's daily money-movement cap as the cloud last told this till (at an online
-- login: cloud/security/money.ts moneyToday), so the till holds pay-outs and member top-ups to it — offline
-- too — adding what it moved itself since (shifts/money-cap.ts). cap_fen NULL: no cap (the master account).
-- as_of is the cloud's time of the figures; moved_today_fen counts that day (the outlet's calendar day) only.
CREATE TABLE employee_money (
  employee_id     TEXT PRIMARY KEY,
  cap_fen         INTEGER CHECK (cap_fen IS NULL OR cap_fen >= 0),
  moved_today_fen INTEGER NOT NULL CHECK (moved_today_fen >= 0),
  as_of           INTEGER NOT NULL
) STRICT;
-- The movements an employee made, for their day's sum.
CREATE INDEX cash_movements_employee ON cash_movements (employee_id, at);
