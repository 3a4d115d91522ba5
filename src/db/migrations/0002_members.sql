-- The member registry: members, their state changes, transfers between unions, background jobs.

CREATE TABLE members (
  id {{ID}},
  province_code TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  name_fold {{PATH}} NOT NULL,
  name_pinyin {{PATH}} NOT NULL,
  name_initials {{PATH}} NOT NULL,
  id_number TEXT NOT NULL UNIQUE,
  id_rev {{PATH}} NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date TEXT NOT NULL,
  phone TEXT,
  ethnicity TEXT,
  education TEXT,
  skill_level TEXT,
  hukou TEXT CHECK (hukou IN ('urban', 'rural')),
  migrant_worker INTEGER NOT NULL DEFAULT 0,
  employment_form TEXT NOT NULL DEFAULT 'standard'
    CHECK (employment_form IN ('standard', 'new_form', 'flexible')),
  employer TEXT,
  employer_credit_code TEXT,
  card_number TEXT UNIQUE,
  member_since TEXT,
  state TEXT NOT NULL CHECK (state IN ('applied', 'active', 'rejected', 'provisional',
    'transfer_pending', 'retained', 'withdrawn', 'expelled')),
  retained_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX members_org ON members (org_id, name_pinyin);
CREATE INDEX members_fold ON members (name_fold);
CREATE INDEX members_pinyin ON members (name_pinyin);
CREATE INDEX members_initials ON members (name_initials);
CREATE INDEX members_id_rev ON members (id_rev);
CREATE INDEX members_phone ON members (phone);

CREATE INDEX orgs_name_fold ON orgs (name_fold);

CREATE TABLE member_events (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  org_id BIGINT NOT NULL,
  reason TEXT
);
CREATE INDEX member_events_member ON member_events (member_id, id);
{{NO_UPDATE member_events}}

CREATE TABLE member_transfers (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  from_org_id BIGINT NOT NULL REFERENCES orgs(id),
  to_org_id BIGINT NOT NULL REFERENCES orgs(id),
  state TEXT NOT NULL CHECK (state IN ('pending', 'released', 'accepted', 'rejected', 'cancelled')),
  reason TEXT,
  requested_by TEXT NOT NULL,
  released_by TEXT,
  accepted_by TEXT,
  decided_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX member_transfers_from ON member_transfers (from_org_id, state);
CREATE INDEX member_transfers_to ON member_transfers (to_org_id, state);
CREATE INDEX member_transfers_member ON member_transfers (member_id);

-- Background jobs (imports) with their progress, and the rows an import rejected.
CREATE TABLE jobs (
  id {{ID}},
  kind TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'cancelled', 'failed')),
  created_by BIGINT,
  actor TEXT NOT NULL,
  options TEXT,
  total_rows BIGINT NOT NULL DEFAULT 0,
  processed_rows BIGINT NOT NULL DEFAULT 0,
  accepted_rows BIGINT NOT NULL DEFAULT 0,
  rejected_rows BIGINT NOT NULL DEFAULT 0,
  updated_rows BIGINT NOT NULL DEFAULT 0,
  unchanged_rows BIGINT NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  message TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);

CREATE TABLE job_errors (
  job_id BIGINT NOT NULL REFERENCES jobs(id),
  row_number BIGINT NOT NULL,
  cells TEXT NOT NULL,
  reasons TEXT NOT NULL
);
CREATE INDEX job_errors_job ON job_errors (job_id, row_number);

INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'member:read'), ('admin', 'member:write'), ('admin', 'member:approve'),
  ('admin', 'member:unmask'), ('admin', 'member:import'), ('admin', 'member:export'),
  ('cadre_admin', 'member:read'), ('cadre_admin', 'member:write'),
  ('cadre_admin', 'member:approve'), ('cadre_admin', 'member:unmask'),
  ('cadre_admin', 'member:import'), ('cadre_admin', 'member:export'),
  ('cadre', 'member:read'), ('cadre', 'member:write'), ('cadre', 'member:import'),
  ('cadre', 'member:export'),
  ('viewer', 'member:read');
