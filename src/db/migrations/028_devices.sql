-- Station tablets as registered devices (tracker issue 8, item 4). The station app makes up a random device id
-- (`device_key`) and sends it on every staff request; the first signed-in contact registers the device. An admin
-- marks a lost tablet `lost`: its sessions are revoked, it is refused until reinstated, and the app wipes its
-- local data at its next contact. No personal data here besides who used the device last.
CREATE TABLE devices (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  device_key text NOT NULL CHECK (device_key ~ '^[A-Za-z0-9_.:-]{1,100}$'),
  label text CHECK (label IS NULL OR length(label) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost')),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  last_user_id uuid REFERENCES staff_users (id) ON DELETE SET NULL,
  lost_at timestamptz,
  lost_reason text CHECK (lost_reason IS NULL OR length(lost_reason) BETWEEN 1 AND 500),
  CHECK ((status = 'lost') = (lost_at IS NOT NULL)),
  UNIQUE (municipality_id, device_key)
);
CREATE INDEX devices_by_contact ON devices (municipality_id, last_seen_at DESC);

-- The device a session was used from: marking the device lost revokes these sessions.
ALTER TABLE staff_sessions ADD COLUMN device_id uuid REFERENCES devices (id) ON DELETE SET NULL;
CREATE INDEX staff_sessions_by_device ON staff_sessions (device_id) WHERE device_id IS NOT NULL;
