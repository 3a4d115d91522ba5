-- Earmarked assistance funds (DOMAIN.md §5) as a double-entry ledger. Every transfer moves an
-- amount from one account (debit) to another (credit); balances live on the account rows and can
-- always be recomputed from the transfers, which are never changed (corrections are reversing
-- transfers). Two-phase transfers reserve with "pending" and finish with "post" or "void".

CREATE TABLE fund_accounts (
  id {{ID}},
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('fund', 'income', 'payable')),
  name TEXT NOT NULL,
  org_id BIGINT REFERENCES orgs(id),
  org_path {{PATH}},
  -- fund accounts: the sources they may receive, the purposes they may pay, the file levels they
  -- may serve (JSON arrays); income accounts: their source; payable accounts: their household
  sources TEXT,
  purposes TEXT,
  levels TEXT,
  source TEXT,
  household_file_id BIGINT,
  debits_posted BIGINT NOT NULL DEFAULT 0,
  credits_posted BIGINT NOT NULL DEFAULT 0,
  debits_pending BIGINT NOT NULL DEFAULT 0,
  credits_pending BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  CHECK (debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND
         credits_pending >= 0)
);
CREATE INDEX fund_accounts_org ON fund_accounts (org_path, kind);

CREATE TABLE fund_transfers (
  id {{ID}},
  tid TEXT NOT NULL UNIQUE,  -- the client's 128-bit id, 32 lower-case hex digits
  kind TEXT NOT NULL CHECK (kind IN ('posted', 'pending', 'post', 'void')),
  debit_account_id BIGINT NOT NULL REFERENCES fund_accounts(id),
  credit_account_id BIGINT NOT NULL REFERENCES fund_accounts(id),
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  pending_id BIGINT REFERENCES fund_transfers(id),
  purpose TEXT,
  source TEXT,
  household_file_id BIGINT,
  aid_id BIGINT,
  campaign_id BIGINT,
  batch_tid TEXT,
  expires_at TEXT,
  memo TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX fund_transfers_debit ON fund_transfers (debit_account_id, id);
CREATE INDEX fund_transfers_credit ON fund_transfers (credit_account_id, id);
-- A pending transfer is finished at most once (one post or one void).
CREATE UNIQUE INDEX fund_transfers_resolution ON fund_transfers (pending_id)
  WHERE pending_id IS NOT NULL;
{{NO_UPDATE fund_transfers}}

INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'funds:read'), ('admin', 'funds:write'),
  ('cadre_admin', 'funds:read'), ('cadre_admin', 'funds:write'),
  ('cadre', 'funds:read'), ('cadre', 'funds:write'), ('viewer', 'funds:read');
