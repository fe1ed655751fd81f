-- 0010: when an employee's login password last changed (password recovery by SMS). Tills learn it from the
-- catalog feed and forget an offline login remembered before it, so the old password stops working at a
-- till even while that till is offline later. NULL: never changed since the account was made.
ALTER TABLE employees ADD COLUMN password_changed_at bigint;
