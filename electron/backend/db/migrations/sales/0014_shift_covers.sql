-- sales.db 0014: a shift belongs to a person (shifts.opened_by). Another employee who logs in while it is
-- open either hands over (交班: counts, closes it, opens their own) or — holding shift.manage — acts within
-- it (代班): that choice is a row here, made once per shift and employee, audited. Until then the till
-- refuses them cash acts in it (shifts/drawer.ts assertMayUse): a shift never silently collects another
-- person's sales.
CREATE TABLE shift_covers (
  shift_id    TEXT NOT NULL REFERENCES shifts (id),
  employee_id TEXT NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (shift_id, employee_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER shift_covers_no_update BEFORE UPDATE ON shift_covers BEGIN SELECT RAISE(ABORT, 'shift_covers is append-only'); END;
CREATE TRIGGER shift_covers_no_delete BEFORE DELETE ON shift_covers BEGIN SELECT RAISE(ABORT, 'shift_covers is append-only'); END;

-- Every movement says whether it was made by someone covering (代班) the shift of another: 1 exactly when
-- employee_id is not the shift's opener (the drawer writes it; old rows were all the opener's or a hand-back).
ALTER TABLE cash_movements ADD COLUMN covering INTEGER NOT NULL DEFAULT 0 CHECK (covering IN (0, 1));

-- A shift opened by a sale (auto_opened, float 0) asks for the float the drawer really had: given once.
ALTER TABLE shifts ADD COLUMN float_set_at INTEGER;
