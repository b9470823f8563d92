-- Staff accounts and sessions. Passwords are argon2id hashes; session ids are stored only as hashes.
CREATE TABLE staff_users (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  -- Stored lower-cased, so the uniqueness below is case-insensitive.
  email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('admin', 'planner', 'clerk')),
  password_hash text,
  oidc_subject text,
  failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
  locked_until timestamptz,
  active boolean NOT NULL DEFAULT true,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, id),
  UNIQUE (municipality_id, email),
  UNIQUE (municipality_id, oidc_subject)
);

CREATE TABLE staff_sessions (
  id_hash text PRIMARY KEY,
  municipality_id uuid NOT NULL,
  user_id uuid NOT NULL,
  csrf_token text NOT NULL,
  auth_method text NOT NULL DEFAULT 'password' CHECK (auth_method IN ('password', 'oidc')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  -- The absolute end; the idle end is last_seen_at plus the configured idle timeout.
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  FOREIGN KEY (municipality_id, user_id) REFERENCES staff_users (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id) WHERE revoked_at IS NULL;

-- The staff audit search pages through a municipality's events newest first.
CREATE INDEX audit_events_by_time ON audit_events (municipality_id, id DESC);
