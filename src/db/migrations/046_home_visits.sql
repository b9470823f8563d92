-- Issue 15: home visits (Hausbesuche) for citizens who cannot come to a stop. A request names the services,
-- the district, the days and hours that suit, and whether it is for oneself, a relative or a care-home
-- resident; on someone's behalf it carries the consent checkbox's text as shown. The home address, the reason
-- (mobility, illness, care) and its details are encrypted at rest (AES-256-GCM with the document keys,
-- src/server/documents/documentCrypto.ts, bound to the municipality and `home-visit/<id>`) and deleted with
-- the rest of the personal data after the visit plus the retention period (personalDataAnonymiser).
CREATE TABLE home_visit_days (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  visit_date date NOT NULL,
  unit_id text NOT NULL,
  -- The two-person rule: exactly two different staff members.
  staff_member_ids text[] NOT NULL CHECK (cardinality(staff_member_ids) = 2 AND staff_member_ids[1] <> staff_member_ids[2]),
  day_start time NOT NULL,
  day_end time NOT NULL CHECK (day_end > day_start),
  -- The computed order: legs, travel and waiting minutes (no personal data: visit ids and times only).
  route jsonb NOT NULL CHECK (jsonb_typeof(route) = 'object'),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id),
  UNIQUE (municipality_id, id),
  UNIQUE (municipality_id, visit_date, unit_id),
  FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id)
);

CREATE TABLE home_visits (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'accepted', 'declined', 'planned', 'done', 'cancelled')),
  visit_for text NOT NULL CHECK (visit_for IN ('self', 'relative', 'care_home')),
  service_ids text[] NOT NULL CHECK (cardinality(service_ids) BETWEEN 1 AND 10),
  district_id text NOT NULL,
  -- The days and hours that suit: [{"date": "YYYY-MM-DD", "from": "HH:MM", "until": "HH:MM"}].
  availability jsonb NOT NULL CHECK (jsonb_typeof(availability) = 'array'),
  -- Who asked, for the answer by mail; null after the retention period.
  requester_name text,
  requester_email text,
  locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en', 'tr', 'uk', 'ar')),
  -- On someone's behalf: the consent checkbox's text exactly as shown, and when it was ticked.
  consent_text text,
  consent_at timestamptz,
  CHECK (visit_for = 'self' OR (consent_text IS NOT NULL AND consent_at IS NOT NULL)),
  -- The sealed personal part (address, person visited, reason, details, phone, position): AES-256-GCM.
  sealed_key_id text,
  sealed_iv bytea,
  sealed_auth_tag bytea,
  sealed_data bytea,
  CHECK ((sealed_data IS NULL) = (sealed_key_id IS NULL)),
  -- Triage: accepted or declined with a reason, answered by e-mail or printed letter.
  decision_reason text,
  decision_channel text CHECK (decision_channel IN ('email', 'letter')),
  decided_at timestamptz,
  decided_by uuid,
  service_minutes integer CHECK (service_minutes BETWEEN 5 AND 240),
  -- Planning: the day, the position in its route and the promised window.
  day_id uuid,
  route_position integer,
  window_start timestamptz,
  window_end timestamptz,
  -- The citizen's verification code (only its hash) for checking the staff at the door.
  verification_code_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  anonymised_at timestamptz,
  PRIMARY KEY (id),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, district_id) REFERENCES districts (municipality_id, id),
  FOREIGN KEY (municipality_id, day_id) REFERENCES home_visit_days (municipality_id, id)
);

CREATE INDEX home_visits_status ON home_visits (municipality_id, status, created_at);
CREATE INDEX home_visits_day ON home_visits (municipality_id, day_id);
CREATE UNIQUE INDEX home_visits_verification ON home_visits (verification_code_hash)
  WHERE verification_code_hash IS NOT NULL;
