-- Hardship household files (DOMAIN.md §4): one file per household, its people (one person, one
-- open file), the workflow events, public-notice objections, assessments kept for replay,
-- monthly monitoring figures, the causes dictionary and the working-day calendar.

CREATE TABLE hardship_files (
  id {{ID}},
  province_code TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path {{PATH}} NOT NULL,
  region_code TEXT NOT NULL,
  holder_member_id BIGINT NOT NULL REFERENCES members(id),
  holder_name TEXT NOT NULL,
  holder_id_number TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('applied', 'checked', 'visited', 'verified', 'reviewed',
    'notice', 'upper_review', 'returned', 'filed', 'aided', 'monitoring', 'rejected', 'closed')),
  category TEXT CHECK (category IN ('none', 'deep', 'relative', 'accident', 'excluded')),
  per_head_monthly_fen BIGINT,
  policy_region TEXT,
  policy_version INTEGER,
  filed_level TEXT CHECK (filed_level IN ('national', 'provincial', 'local')),
  data TEXT NOT NULL,
  consent_at TEXT,
  notice_start TEXT,
  notice_end TEXT,
  filed_at TEXT,
  last_reviewed_at TEXT,
  next_review_due TEXT,
  last_aided_at TEXT,
  exit_kind TEXT CHECK (exit_kind IN ('out_of_hardship', 'relieved', 'closed')),
  exit_candidate INTEGER NOT NULL DEFAULT 0,
  applied_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX hardship_files_path ON hardship_files (org_path, state);
CREATE INDEX hardship_files_updated ON hardship_files (updated_at);
-- The review-due queues read filed households in due order, filtered by the caller's subtree.
CREATE INDEX hardship_files_due ON hardship_files (next_review_due, org_path)
  WHERE state IN ('filed', 'aided');
CREATE INDEX hardship_files_holder ON hardship_files (holder_member_id);

-- Everyone listed in a file, holder included. An open file is one not rejected or closed; the
-- partial unique index is the last line of the one-person-one-file rule.
CREATE TABLE hardship_file_people (
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  id_number TEXT NOT NULL,
  is_open INTEGER NOT NULL,
  PRIMARY KEY (file_id, id_number)
);
CREATE UNIQUE INDEX hardship_file_people_open ON hardship_file_people (id_number) WHERE is_open = 1;

CREATE TABLE hardship_events (
  id {{ID}},
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  detail TEXT
);
CREATE INDEX hardship_events_file ON hardship_events (file_id, id);
{{NO_UPDATE hardship_events}}

CREATE TABLE hardship_objections (
  id {{ID}},
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  raised_at TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  content TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  answer TEXT,
  answered_by TEXT,
  answered_at TEXT
);
CREATE INDEX hardship_objections_file ON hardship_objections (file_id);

-- Every assessment with its inputs and the policy version, so that it can be replayed.
CREATE TABLE hardship_assessments (
  id {{ID}},
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  policy_region TEXT NOT NULL,
  policy_version INTEGER NOT NULL,
  category TEXT NOT NULL,
  per_head_monthly_fen BIGINT NOT NULL,
  inputs TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX hardship_assessments_file ON hardship_assessments (file_id, id);
{{NO_UPDATE hardship_assessments}}

-- Monthly figures gathered while a household is under aid: the 脱困 test reads six in a row.
CREATE TABLE hardship_monitoring (
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  month TEXT NOT NULL,
  per_head_monthly_fen BIGINT NOT NULL,
  dibao_monthly_fen BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (file_id, month)
);

CREATE TABLE hardship_causes (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  sort INTEGER NOT NULL
);
INSERT INTO hardship_causes (code, name_zh, name_en, sort) VALUES
  ('own_illness', '本人患重病', 'Own serious illness', 1),
  ('dependant_illness', '家属患重病', 'Dependant''s serious illness', 2),
  ('disability', '残疾', 'Disability', 3),
  ('unemployment', '下岗失业', 'Lay-off or unemployment', 4),
  ('low_income', '收入低', 'Low income', 5),
  ('schooling', '子女教育负担重', 'Schooling costs', 6),
  ('disaster', '遭受灾害', 'Disaster', 7),
  ('accident', '遭遇意外', 'Accident', 8),
  ('work_injury', '工伤', 'Work injury', 9),
  ('enterprise_closure', '企业关停并转', 'Enterprise closure or restructuring', 10),
  ('breadwinner_death', '家庭主要劳动力死亡', 'Death of the breadwinner', 11),
  ('other', '其他', 'Other', 12);

-- Days that break the Monday-to-Friday rule: public holidays on weekdays and the weekend days
-- worked instead (调休), per the State Council's yearly notice.
CREATE TABLE work_calendar (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  note TEXT
);
INSERT INTO work_calendar (day, kind, note) VALUES
  ('2025-01-01', 'holiday', '元旦'),
  ('2025-01-26', 'workday', '春节调休'), ('2025-01-28', 'holiday', '春节'),
  ('2025-01-29', 'holiday', '春节'), ('2025-01-30', 'holiday', '春节'),
  ('2025-01-31', 'holiday', '春节'), ('2025-02-03', 'holiday', '春节'),
  ('2025-02-04', 'holiday', '春节'), ('2025-02-08', 'workday', '春节调休'),
  ('2025-04-04', 'holiday', '清明节'),
  ('2025-04-27', 'workday', '劳动节调休'), ('2025-05-01', 'holiday', '劳动节'),
  ('2025-05-02', 'holiday', '劳动节'), ('2025-05-05', 'holiday', '劳动节'),
  ('2025-06-02', 'holiday', '端午节'),
  ('2025-09-28', 'workday', '国庆节调休'), ('2025-10-01', 'holiday', '国庆节、中秋节'),
  ('2025-10-02', 'holiday', '国庆节、中秋节'), ('2025-10-03', 'holiday', '国庆节、中秋节'),
  ('2025-10-06', 'holiday', '国庆节、中秋节'), ('2025-10-07', 'holiday', '国庆节、中秋节'),
  ('2025-10-08', 'holiday', '国庆节、中秋节'), ('2025-10-11', 'workday', '国庆节调休'),
  ('2026-01-01', 'holiday', '元旦'), ('2026-01-02', 'holiday', '元旦'),
  ('2026-01-04', 'workday', '元旦调休'),
  ('2026-02-14', 'workday', '春节调休'), ('2026-02-16', 'holiday', '春节'),
  ('2026-02-17', 'holiday', '春节'), ('2026-02-18', 'holiday', '春节'),
  ('2026-02-19', 'holiday', '春节'), ('2026-02-20', 'holiday', '春节'),
  ('2026-02-23', 'holiday', '春节'), ('2026-02-28', 'workday', '春节调休'),
  ('2026-04-06', 'holiday', '清明节'),
  ('2026-05-01', 'holiday', '劳动节'), ('2026-05-04', 'holiday', '劳动节'),
  ('2026-05-05', 'holiday', '劳动节'), ('2026-05-09', 'workday', '劳动节调休'),
  ('2026-06-19', 'holiday', '端午节'),
  ('2026-09-20', 'workday', '国庆节调休'), ('2026-09-25', 'holiday', '中秋节'),
  ('2026-10-01', 'holiday', '国庆节'), ('2026-10-02', 'holiday', '国庆节'),
  ('2026-10-05', 'holiday', '国庆节'), ('2026-10-06', 'holiday', '国庆节'),
  ('2026-10-07', 'holiday', '国庆节'), ('2026-10-10', 'workday', '国庆节调休');

-- Aid caps per household and year, and approval limits by level (spent against by the funds).
ALTER TABLE hardship_policies ADD COLUMN aid_cap_household_year_fen BIGINT NOT NULL DEFAULT 2000000;
ALTER TABLE hardship_policies ADD COLUMN aid_cap_living_fen BIGINT NOT NULL DEFAULT 1000000;
ALTER TABLE hardship_policies ADD COLUMN aid_cap_medical_fen BIGINT NOT NULL DEFAULT 2000000;
ALTER TABLE hardship_policies ADD COLUMN aid_cap_school_fen BIGINT NOT NULL DEFAULT 1000000;
ALTER TABLE hardship_policies ADD COLUMN approval_grassroots_max_fen BIGINT NOT NULL DEFAULT 200000;
ALTER TABLE hardship_policies ADD COLUMN approval_county_max_fen BIGINT NOT NULL DEFAULT 1000000;

-- What-if runs: the households whose category a proposed policy would change.
ALTER TABLE jobs ADD COLUMN result TEXT;
CREATE TABLE hardship_whatif_rows (
  job_id BIGINT NOT NULL REFERENCES jobs(id),
  file_id BIGINT NOT NULL,
  org_id BIGINT NOT NULL,
  holder_name TEXT NOT NULL,
  from_category TEXT NOT NULL,
  to_category TEXT NOT NULL,
  per_head_monthly_fen BIGINT NOT NULL,
  PRIMARY KEY (job_id, file_id)
);

-- A worker's own account is tied to their member record (self scope).
ALTER TABLE users ADD COLUMN member_id BIGINT REFERENCES members(id);

INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'hardship:file:write'), ('admin', 'hardship:file:approve'),
  ('admin', 'hardship:unmask'), ('admin', 'hardship:calendar:write'),
  ('cadre_admin', 'hardship:file:write'), ('cadre_admin', 'hardship:file:approve'),
  ('cadre_admin', 'hardship:unmask'),
  ('cadre', 'hardship:file:write'), ('cadre', 'hardship:file:approve'),
  ('worker', 'hardship:apply');
