-- Hardship assessment policy, versioned per region: a county uses its own, else its city's, else
-- its province's (the most specific region with a policy in force on the date).

CREATE TABLE hardship_policies (
  id {{ID}},
  region_code TEXT NOT NULL,
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  dibao_monthly_fen BIGINT NOT NULL,
  min_wage_monthly_fen BIGINT NOT NULL,
  deep_multiplier_permille INTEGER NOT NULL,
  relative_multiplier_permille INTEGER NOT NULL,
  accident_cost_permille INTEGER NOT NULL,
  max_homes INTEGER NOT NULL,
  exclude_private_car INTEGER NOT NULL,
  exclude_business INTEGER NOT NULL,
  exclude_private_school INTEGER NOT NULL,
  migrant_min_employment_months INTEGER NOT NULL,
  notice_working_days INTEGER NOT NULL,
  review_interval_months INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (region_code, version)
);
CREATE INDEX hardship_policies_region ON hardship_policies (region_code, effective_from);
{{NO_UPDATE hardship_policies}}

INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'hardship:read'), ('admin', 'hardship:policy:write'),
  ('cadre_admin', 'hardship:read'), ('cadre_admin', 'hardship:policy:write'),
  ('cadre', 'hardship:read'), ('viewer', 'hardship:read');
