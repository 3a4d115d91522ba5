-- Failed logins are counted per user name and client address, with a delay that grows with each
-- failure past the fifth: an anonymous client can slow only itself down, never lock a user out.
CREATE TABLE login_throttle (
  username TEXT NOT NULL,
  client TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  blocked_until TEXT,
  PRIMARY KEY (username, client)
);

-- Separation of duties: whoever requested an aid may not approve it (a region may switch it off).
ALTER TABLE hardship_policies ADD COLUMN separation_of_duties INTEGER NOT NULL DEFAULT 1;

-- A revoked bearer token stays for the audit trail; FindTokenUser ignores it.
CREATE INDEX api_tokens_user ON api_tokens (user_id);
