-- Mobile units, schedules, stops, bookings, waitlist, subscriptions, mail outbox and jobs.
-- Capacity and tenancy are guarded here, not only in application code.

CREATE TABLE units (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('van', 'kit')),
  counters integer NOT NULL CHECK (counters BETWEEN 1 AND 20),
  home_site_id text,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (municipality_id, id),
  FOREIGN KEY (municipality_id, home_site_id) REFERENCES sites (municipality_id, id)
);

CREATE TABLE unit_equipment (
  municipality_id uuid NOT NULL,
  unit_id text NOT NULL,
  equipment_kind_id text NOT NULL,
  PRIMARY KEY (municipality_id, unit_id, equipment_kind_id),
  FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, equipment_kind_id) REFERENCES equipment_kinds (municipality_id, id)
);

CREATE TABLE schedules (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  unit_id text NOT NULL,
  site_id text NOT NULL,
  rule jsonb NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'ended')),
  source text NOT NULL DEFAULT 'manual',
  -- Dates on which the unit was already planned elsewhere when the schedule reached them.
  skipped_dates date[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id),
  FOREIGN KEY (municipality_id, site_id) REFERENCES sites (municipality_id, id)
);

CREATE TABLE stops (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  unit_id text NOT NULL,
  site_id text NOT NULL,
  schedule_id uuid,
  local_date date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  setup_minutes integer NOT NULL DEFAULT 30 CHECK (setup_minutes BETWEEN 0 AND 240),
  teardown_minutes integer NOT NULL DEFAULT 30 CHECK (teardown_minutes BETWEEN 0 AND 240),
  -- The unit is busy at the site from setup to teardown; kept as columns so the exclusion below can use them.
  occupied_from timestamptz NOT NULL,
  occupied_until timestamptz NOT NULL,
  counters integer NOT NULL CHECK (counters BETWEEN 1 AND 20),
  slot_minutes integer NOT NULL DEFAULT 5 CHECK (slot_minutes IN (5, 10, 15, 20, 30, 60)),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'open', 'closed', 'cancelled')),
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, id),
  CHECK (ends_at > starts_at),
  CHECK (ends_at - starts_at <= interval '16 hours'),
  CHECK (occupied_from = starts_at - make_interval(mins => setup_minutes)),
  CHECK (occupied_until = ends_at + make_interval(mins => teardown_minutes)),
  FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id),
  FOREIGN KEY (municipality_id, site_id) REFERENCES sites (municipality_id, id),
  FOREIGN KEY (municipality_id, schedule_id) REFERENCES schedules (municipality_id, id),
  -- A unit cannot be at two places at once.
  CONSTRAINT stops_unit_not_twice EXCLUDE USING gist (
    municipality_id WITH =, unit_id WITH =, tstzrange(occupied_from, occupied_until) WITH &&
  ) WHERE (status <> 'cancelled')
);
CREATE INDEX stops_by_time ON stops (municipality_id, starts_at);
CREATE INDEX stops_by_site ON stops (municipality_id, site_id, starts_at);

CREATE TABLE bookings (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  stop_id uuid NOT NULL,
  counter integer NOT NULL CHECK (counter BETWEEN 1 AND 20),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600),
  status text NOT NULL CHECK (status IN (
    'held', 'confirmed', 'checked_in', 'called', 'in_service', 'parked', 'finished', 'no_show', 'cancelled', 'expired')),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}$'),
  token_hash text NOT NULL UNIQUE,
  hold_expires_at timestamptz,
  origin text NOT NULL DEFAULT 'citizen' CHECK (origin IN ('citizen', 'waitlist', 'staff')),
  waitlist_request_id uuid,
  -- Personal data: anonymised by the retention job; statistics keep working on the rest.
  name text,
  email text,
  email_key text,
  phone text,
  locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
  district_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  anonymised_at timestamptz,
  UNIQUE (municipality_id, id),
  UNIQUE (municipality_id, code),
  CHECK (ends_at = starts_at + make_interval(mins => duration_minutes)),
  CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
  CHECK (anonymised_at IS NULL OR (name IS NULL AND email IS NULL AND email_key IS NULL AND phone IS NULL)),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id),
  -- No counter ever holds two active bookings at once: the hard guarantee against overbooking.
  CONSTRAINT bookings_no_overbooking EXCLUDE USING gist (
    stop_id WITH =, counter WITH =, tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (status IN ('held', 'confirmed', 'checked_in', 'called', 'in_service', 'parked'))
    DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX bookings_by_stop ON bookings (stop_id, starts_at);
CREATE INDEX bookings_by_person ON bookings (municipality_id, email_key) WHERE email_key IS NOT NULL;
CREATE INDEX bookings_holds ON bookings (hold_expires_at) WHERE status = 'held';

-- A booking's lane must exist at its stop.
CREATE FUNCTION bookings_counter_within_stop() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE stop_counters integer;
BEGIN
  SELECT counters INTO stop_counters FROM stops WHERE id = NEW.stop_id;
  IF NEW.counter > stop_counters THEN
    RAISE EXCEPTION 'counter % exceeds the % counters of stop %', NEW.counter, stop_counters, NEW.stop_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'bookings_counter_within_stop';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bookings_counter_within_stop BEFORE INSERT OR UPDATE OF counter, stop_id ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_counter_within_stop();

CREATE TABLE booking_services (
  municipality_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  service_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10),
  minutes_each integer NOT NULL CHECK (minutes_each BETWEEN 1 AND 240),
  PRIMARY KEY (booking_id, service_id),
  FOREIGN KEY (municipality_id, booking_id) REFERENCES bookings (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id)
);

CREATE TABLE waitlist_requests (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  services jsonb NOT NULL,
  district_ids text[] NOT NULL DEFAULT '{}',
  site_ids text[] NOT NULL DEFAULT '{}',
  date_from date NOT NULL,
  date_to date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'offered', 'booked', 'expired', 'cancelled')),
  token_hash text NOT NULL UNIQUE,
  name text,
  email text,
  email_key text,
  locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
  excluded_stop_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  anonymised_at timestamptz,
  UNIQUE (municipality_id, id),
  CHECK (date_to >= date_from)
);
CREATE INDEX waitlist_active ON waitlist_requests (municipality_id, created_at) WHERE status = 'active';

ALTER TABLE bookings ADD FOREIGN KEY (municipality_id, waitlist_request_id)
  REFERENCES waitlist_requests (municipality_id, id);

CREATE TABLE site_subscriptions (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  site_id text NOT NULL,
  email text NOT NULL,
  email_key text NOT NULL,
  locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
  token_hash text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, site_id, email_key),
  FOREIGN KEY (municipality_id, site_id) REFERENCES sites (municipality_id, id)
);

-- Outgoing mail is written in the same transaction as the change that causes it, then sent by a job.
CREATE TABLE mails (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  purpose text NOT NULL,
  to_address text,
  subject text NOT NULL,
  text_body text NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'purged')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mails_pending ON mails (created_at) WHERE status = 'pending';

-- A durable job queue that works the same on PGlite and PostgreSQL.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  run_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text,
  unique_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status IN ('pending', 'running');

-- Solved captcha challenges, so a solution cannot be replayed.
CREATE TABLE captcha_uses (
  signature text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- A schedule makes at most one stop a day; a cancelled one is not made again.
CREATE UNIQUE INDEX stops_one_per_schedule_day ON stops (schedule_id, local_date) WHERE schedule_id IS NOT NULL;
