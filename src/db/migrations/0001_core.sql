-- The org tree, users and their grants, sessions, tokens and the audit log.

CREATE TABLE orgs (
  id {{ID}},
  parent_id BIGINT REFERENCES orgs(id),
  province_code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  name_pinyin TEXT NOT NULL,
  name_initials TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('national', 'province', 'city', 'county', 'grassroots')),
  kind TEXT,
  region_code TEXT NOT NULL,
  credit_code TEXT,
  path {{PATH}} NOT NULL,
  depth INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  closed_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX orgs_path ON orgs (path);
CREATE INDEX orgs_parent ON orgs (parent_id, name_pinyin);
CREATE INDEX orgs_initials ON orgs (name_initials);

CREATE TABLE users (
  id {{ID}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Roles are named sets of permission strings.
CREATE TABLE role_permissions (
  role TEXT NOT NULL,
  permission TEXT NOT NULL,
  PRIMARY KEY (role, permission)
);
INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'org:read'), ('admin', 'org:write'), ('admin', 'user:manage'),
  ('admin', 'audit:read'),
  ('cadre_admin', 'org:read'), ('cadre_admin', 'org:write'), ('cadre_admin', 'user:manage'),
  ('cadre', 'org:read'),
  ('viewer', 'org:read');

-- A grant gives a user a role over a data scope: all, the subtree of scope_org_id, that org
-- only, or the user's own records.
CREATE TABLE grants (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'subtree', 'own_org', 'self')),
  scope_org_id BIGINT REFERENCES orgs(id),
  created_at TEXT NOT NULL,
  UNIQUE (user_id, role, scope_kind, scope_org_id)
);
CREATE INDEX grants_user ON grants (user_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id {{ID}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Every write and every unmasked view of a sensitive field. Never updated or deleted.
CREATE TABLE audit_log (
  id {{ID}},
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  org_path TEXT,
  detail TEXT,
  request_id TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
{{NO_UPDATE audit_log}}
