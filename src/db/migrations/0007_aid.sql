-- Aid records (DOMAIN.md §5): an amount of one kind for one filed household from one fund,
-- checked against the policy's caps, approved up the tree by amount, reserved in the ledger when
-- requested and posted when approved. Paid only to the real-name bank account on the file.

CREATE TABLE aid_records (
  id {{ID}},
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path {{PATH}} NOT NULL,
  fund_account_id BIGINT NOT NULL REFERENCES fund_accounts(id),
  payable_account_id BIGINT NOT NULL REFERENCES fund_accounts(id),
  kind TEXT NOT NULL CHECK (kind IN ('living', 'medical', 'school', 'job_training', 'legal',
    'campaign_gift')),
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  year INTEGER NOT NULL,
  self_paid_fen BIGINT,
  approval_level TEXT NOT NULL CHECK (approval_level IN ('grassroots', 'county', 'city')),
  state TEXT NOT NULL CHECK (state IN ('awaiting_approval', 'posted', 'rejected')),
  pending_tid TEXT NOT NULL,
  settle_tid TEXT,
  bank TEXT NOT NULL,
  bank_account TEXT NOT NULL,
  account_holder TEXT NOT NULL,
  reason TEXT,
  requested_by TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX aid_records_file ON aid_records (file_id, year);
CREATE INDEX aid_records_queue ON aid_records (state, approval_level, org_path);
