-- A fund or income account no longer in use is retired: kept with its history, refusing new
-- transfers. Only an account with nothing left on it and nothing reserved may be retired.
ALTER TABLE fund_accounts ADD COLUMN retired_at TEXT;
ALTER TABLE fund_accounts ADD COLUMN retired_reason TEXT;
