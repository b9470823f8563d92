-- Sign-in throttling replaces the hard lockout (issue 17): failed sign-ins are counted per account (the hash of
-- the normalised e-mail address, whether or not an account has it) and per client address (a keyed hash), and
-- past a number of free failures each further attempt waits a growing, capped delay. The right password
-- always works once the delay has passed.
CREATE TABLE staff_sign_in_throttles (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('account', 'address')),
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  -- Attempts are counted as failures before they are evaluated (so parallel attempts cannot slip past a
  -- delay); a successful one is taken back.
  failures integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  -- Attempts before this instant are answered 429 and not evaluated.
  blocked_until timestamptz,
  -- The owner was told of this episode of failures (one mail per episode).
  notified_at timestamptz,
  PRIMARY KEY (municipality_id, kind, key_hash)
);

ALTER TABLE staff_users DROP COLUMN failed_sign_ins, DROP COLUMN locked_until;

-- One-time links an admin sends so a staff member can set a new password. Only the token's hash is stored.
CREATE TABLE staff_password_resets (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  municipality_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  FOREIGN KEY (municipality_id, user_id) REFERENCES staff_users (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_password_resets_by_user ON staff_password_resets (user_id);
