-- Attachments of hardship files (consent forms, income proofs, medical bills): content-addressed
-- blobs kept in the database itself (base64 text, so both engines store them alike and backups
-- carry them), referenced by the files that use them.

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  data_base64 TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE hardship_attachments (
  id {{ID}},
  file_id BIGINT NOT NULL REFERENCES hardship_files(id),
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('consent', 'income', 'medical', 'identity', 'housing',
    'other')),
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX hardship_attachments_file ON hardship_attachments (file_id, id);
{{NO_UPDATE hardship_attachments}}
