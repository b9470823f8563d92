-- Documents captured at a stop (tracker issue 11, item 2): scans, photos and signed forms of a case, stored
-- encrypted (AES-256-GCM, src/server/documents/documentCrypto.ts) in the database itself, so a document, its
-- row and its audit event are written or removed in one transaction (README "Documents").
--
-- A document belongs to an owner (`owner_kind` + `owner_id`, e.g. 'case' and the case id) and to the service
-- whose retention period it follows. When `retain_until` has passed the retention job removes the content,
-- the file name and the plaintext hash and keeps the row as a tombstone (`deleted_at`): the case timeline and
-- the e-file hand-off can still say "a document was captured here and deleted on …", and a replayed offline
-- upload cannot bring a deleted document back.

-- Days a captured document is kept, per service; NULL: DOCUMENT_RETENTION_DAYS (default 180).
ALTER TABLE services
  ADD COLUMN document_retention_days integer CHECK (document_retention_days BETWEEN 1 AND 3650);

CREATE TABLE documents (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  -- Chosen by the application before encrypting: the id is part of the associated data.
  id uuid NOT NULL PRIMARY KEY,
  owner_kind text NOT NULL CHECK (owner_kind ~ '^[a-z][a-z_]{0,31}$'),
  owner_id text NOT NULL CHECK (owner_id ~ '^[A-Za-z0-9_-]{1,100}$'),
  service_id text NOT NULL,
  file_name text CHECK (length(file_name) BETWEEN 1 AND 255),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  -- SHA-256 of the plaintext: tells a replayed upload from a different one, and verifies a read.
  sha256 bytea CHECK (octet_length(sha256) = 32),
  key_id text CHECK (key_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  iv bytea CHECK (octet_length(iv) = 12),
  auth_tag bytea CHECK (octet_length(auth_tag) = 16),
  ciphertext bytea,
  captured_at timestamptz NOT NULL DEFAULT now(),
  captured_by uuid NOT NULL,
  retain_until timestamptz NOT NULL,
  -- The tablet's id for one upload (exactly-once from the offline queue).
  client_upload_id text CHECK (client_upload_id ~ '^[A-Za-z0-9_-]{1,100}$'),
  deleted_at timestamptz,
  UNIQUE (municipality_id, id),
  UNIQUE (municipality_id, client_upload_id),
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id),
  FOREIGN KEY (municipality_id, captured_by) REFERENCES staff_users (municipality_id, id),
  -- Either the whole encrypted document is there, or nothing of its content is (a tombstone).
  CONSTRAINT documents_content_or_tombstone CHECK (
    (deleted_at IS NULL AND file_name IS NOT NULL AND sha256 IS NOT NULL AND key_id IS NOT NULL
      AND iv IS NOT NULL AND auth_tag IS NOT NULL AND ciphertext IS NOT NULL)
    OR (deleted_at IS NOT NULL AND file_name IS NULL AND sha256 IS NULL AND key_id IS NULL
      AND iv IS NULL AND auth_tag IS NULL AND ciphertext IS NULL)
  )
);
-- Ciphertext does not compress: store it out of line without trying.
ALTER TABLE documents ALTER COLUMN ciphertext SET STORAGE EXTERNAL;
CREATE INDEX documents_by_owner ON documents (municipality_id, owner_kind, owner_id, captured_at);
CREATE INDEX documents_due ON documents (retain_until) WHERE deleted_at IS NULL;
CREATE INDEX documents_by_key ON documents (key_id) WHERE key_id IS NOT NULL;
