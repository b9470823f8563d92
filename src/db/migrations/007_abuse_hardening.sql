-- Hardening against the abuse a public booking service attracts (issue 17): waitlist double opt-in, limits on
-- unconfirmed holds and walk-in tickets per client, a daily mail cap per recipient, per-municipality links.

-- Keyed hashes (client addresses, mail recipients) use a random key kept here, so every process hashes alike
-- and a hash cannot be turned back into an address by trying addresses without the key.
CREATE TABLE hash_keys (
  purpose text PRIMARY KEY,
  key text NOT NULL CHECK (length(key) >= 32)
);
INSERT INTO hash_keys (purpose, key)
VALUES ('abuse', encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'));

-- Each municipality's own public address for links in mails, feeds and posters (no trailing slash).
ALTER TABLE municipalities ADD COLUMN public_base_url text
  CHECK (public_base_url ~ '^https?://[^/?#[:space:]]+(/[^?#[:space:]]*[^/?#[:space:]])?$');

-- Waitlist double opt-in: a request is 'pending' until the link in the mail confirms it; only then can it
-- receive offers. Requests made before this change were active without it and stay so.
ALTER TABLE waitlist_requests DROP CONSTRAINT waitlist_requests_status_check;
ALTER TABLE waitlist_requests ADD CONSTRAINT waitlist_requests_status_check
  CHECK (status IN ('pending', 'active', 'offered', 'booked', 'expired', 'cancelled'));
ALTER TABLE waitlist_requests ALTER COLUMN status SET DEFAULT 'pending';
ALTER TABLE waitlist_requests ADD COLUMN confirmed_at timestamptz;
ALTER TABLE waitlist_requests ADD COLUMN confirm_sent_at timestamptz;
UPDATE waitlist_requests SET confirmed_at = created_at WHERE status <> 'pending';
CREATE INDEX waitlist_by_person ON waitlist_requests (municipality_id, email_key) WHERE email_key IS NOT NULL;

-- A confirmation for a pending subscription is sent at most once an hour.
ALTER TABLE site_subscriptions ADD COLUMN confirm_sent_at timestamptz;

-- The daily cap per recipient counts mails by a keyed hash of the normalised address.
ALTER TABLE mails ADD COLUMN recipient_key text;
CREATE INDEX mails_by_recipient ON mails (recipient_key, created_at) WHERE recipient_key IS NOT NULL;
-- Mails not written because the recipient's cap was reached: what and when, never to whom in clear.
CREATE TABLE mail_suppressions (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  purpose text NOT NULL,
  recipient_key text,
  reason text NOT NULL CHECK (reason IN ('daily_cap')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_suppressions_by_time ON mail_suppressions (created_at);

-- Unconfirmed holds and walk-in tickets remember a keyed hash of the client address that made them.
ALTER TABLE bookings ADD COLUMN client_key text;
ALTER TABLE bookings ADD CONSTRAINT bookings_client_key_anonymised CHECK (anonymised_at IS NULL OR client_key IS NULL);
CREATE INDEX bookings_holds_by_client ON bookings (municipality_id, client_key)
  WHERE status = 'held' AND client_key IS NOT NULL;
ALTER TABLE tickets ADD COLUMN client_key text;
ALTER TABLE tickets ADD CONSTRAINT tickets_client_key_anonymised CHECK (anonymised_at IS NULL OR client_key IS NULL);
CREATE INDEX tickets_by_client ON tickets (stop_id, client_key) WHERE client_key IS NOT NULL;
