-- Aid above the city's limit goes to the province, above the province's to the nation
-- (DOMAIN.md §5: e.g. medical aid above 20,000 yuan provincial, above 50,000 national).
ALTER TABLE hardship_policies ADD COLUMN approval_city_max_fen BIGINT NOT NULL DEFAULT 2000000;
ALTER TABLE hardship_policies ADD COLUMN approval_province_max_fen BIGINT NOT NULL DEFAULT 5000000;

-- Aid records may now wait for a provincial or national approval.
{{POSTGRES}}
ALTER TABLE aid_records DROP CONSTRAINT aid_records_approval_level_check;
ALTER TABLE aid_records ADD CONSTRAINT aid_records_approval_level_check
  CHECK (approval_level IN ('grassroots', 'county', 'city', 'province', 'national'));
{{END POSTGRES}}
{{SQLITE}}
CREATE TABLE aid_records_new (
  id INTEGER PRIMARY KEY,
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  fund_account_id BIGINT NOT NULL REFERENCES fund_accounts(id),
  payable_account_id BIGINT NOT NULL REFERENCES fund_accounts(id),
  kind TEXT NOT NULL CHECK (kind IN ('living', 'medical', 'school', 'job_training', 'legal',
    'campaign_gift')),
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  year INTEGER NOT NULL,
  self_paid_fen BIGINT,
  approval_level TEXT NOT NULL
    CHECK (approval_level IN ('grassroots', 'county', 'city', 'province', 'national')),
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
  created_at TEXT NOT NULL,
  payment_run_id BIGINT REFERENCES payment_runs(id),
  decision_reason TEXT
);
INSERT INTO aid_records_new (id, file_id, org_id, org_path, fund_account_id, payable_account_id,
  kind, amount_fen, year, self_paid_fen, approval_level, state, pending_tid, settle_tid, bank,
  bank_account, account_holder, reason, requested_by, decided_by, decided_at, created_at,
  payment_run_id, decision_reason)
SELECT id, file_id, org_id, org_path, fund_account_id, payable_account_id, kind, amount_fen, year,
  self_paid_fen, approval_level, state, pending_tid, settle_tid, bank, bank_account,
  account_holder, reason, requested_by, decided_by, decided_at, created_at, payment_run_id,
  decision_reason
FROM aid_records;
DROP TABLE aid_records;
ALTER TABLE aid_records_new RENAME TO aid_records;
CREATE INDEX aid_records_file ON aid_records (file_id, year);
CREATE INDEX aid_records_queue ON aid_records (state, approval_level, org_path);
CREATE INDEX aid_records_unpaid ON aid_records (fund_account_id, state, payment_run_id);
{{END SQLITE}}
