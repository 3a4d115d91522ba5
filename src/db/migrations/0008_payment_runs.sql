-- Batch payment runs: approved aid paid out to the households' real-name bank accounts in one
-- file for the bank. The ledger moves each amount from the household's payable account to the
-- fund's bank clearing account; the aid records remember their run.

CREATE TABLE payment_runs (
  id {{ID}},
  fund_account_id BIGINT NOT NULL REFERENCES fund_accounts(id),
  org_id BIGINT,
  org_path {{PATH}},
  items INTEGER NOT NULL,
  total_fen BIGINT NOT NULL,
  batch_tid TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX payment_runs_fund ON payment_runs (fund_account_id, id);
ALTER TABLE aid_records ADD COLUMN payment_run_id BIGINT REFERENCES payment_runs(id);
CREATE INDEX aid_records_unpaid ON aid_records (fund_account_id, state, payment_run_id);

-- Who gave a donation (or which unit contributed), recorded with the income transfer.
ALTER TABLE fund_transfers ADD COLUMN counterparty TEXT;

-- Why an aid was refused, kept apart from why it was requested.
ALTER TABLE aid_records ADD COLUMN decision_reason TEXT;
