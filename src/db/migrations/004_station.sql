-- The station day (tracker issue 4): walk-in tickets, what happened to appointments on the day, the queue's
-- event log (the source of the evaluation figures), idempotent station operations and the walk-in poster.
-- Tenancy as everywhere: rows reference each other through (municipality_id, id).

-- What happened to an appointment at the stop. `counter` stays the capacity lane of the booking;
-- `counter_served` is the counter that serves (or last called) the citizen.
ALTER TABLE bookings
  ADD COLUMN display_number text CHECK (display_number ~ '^T-[0-9]{2,4}$'),
  ADD COLUMN checked_in_at timestamptz,
  ADD COLUMN called_at timestamptz,
  ADD COLUMN started_at timestamptz,
  ADD COLUMN finished_at timestamptz,
  ADD COLUMN counter_served integer CHECK (counter_served BETWEEN 1 AND 20),
  ADD COLUMN handed_over_to integer CHECK (handed_over_to BETWEEN 1 AND 20),
  ADD COLUMN outcome text CHECK (outcome IN ('done', 'follow_up', 'referred')),
  ADD COLUMN delivered jsonb;
-- The number on the call display is frozen at check-in and unique at the stop.
CREATE UNIQUE INDEX bookings_display_number ON bookings (stop_id, display_number) WHERE display_number IS NOT NULL;

-- A walk-in's place in the queue. The id is made on the device (offline), the display number too
-- ('W-<counter><seq>' per device); tickets drawn by phone from the poster get 'W-0<seq>'.
CREATE TABLE tickets (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL PRIMARY KEY,
  stop_id uuid NOT NULL,
  display_number text NOT NULL CHECK (display_number ~ '^W-[0-9A-Z]{1,12}$'),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN (
    'waiting', 'called', 'in_service', 'finished', 'no_show', 'parked', 'cancelled')),
  origin text NOT NULL CHECK (origin IN ('self', 'staff')),
  -- Personal data: anonymised by the retention job together with the phone's token.
  name text CHECK (length(name) BETWEEN 1 AND 200),
  token_hash text UNIQUE,
  locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
  -- [{ serviceId, quantity, minutesEach }] as asked for when the ticket was drawn.
  services jsonb NOT NULL DEFAULT '[]',
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600),
  counter integer CHECK (counter BETWEEN 1 AND 20),
  handed_over_to integer CHECK (handed_over_to BETWEEN 1 AND 20),
  -- Device time of the draw (the arrival); recorded_at is when the server learnt of it.
  created_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  called_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  outcome text CHECK (outcome IN ('done', 'follow_up', 'referred')),
  -- [{ serviceId, quantity }] as delivered.
  delivered jsonb,
  anonymised_at timestamptz,
  UNIQUE (municipality_id, id),
  UNIQUE (stop_id, display_number),
  CHECK (anonymised_at IS NULL OR (name IS NULL AND token_hash IS NULL)),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id)
);
CREATE INDEX tickets_by_stop ON tickets (stop_id, created_at);

-- Every state change of the queue, in the order the server applied it. `at` is the device's clock
-- (what the figures measure), `recorded_at` the server's. Append-only, like audit_events.
CREATE TABLE queue_events (
  id bigserial PRIMARY KEY,
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  stop_id uuid NOT NULL,
  entry_kind text CHECK (entry_kind IN ('appointment', 'walk_in')),
  entry_id uuid,
  type text NOT NULL CHECK (type IN (
    'stop_opened', 'stop_closed', 'checked_in', 'ticket_issued', 'called', 'recalled', 'resumed',
    'service_started', 'finished', 'no_show', 'cancelled', 'parked', 'handed_over')),
  counter integer CHECK (counter BETWEEN 1 AND 20),
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  device_id text,
  op_id uuid,
  CHECK ((entry_kind IS NULL) = (entry_id IS NULL)),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id)
);
CREATE INDEX queue_events_by_stop ON queue_events (stop_id, id);

CREATE FUNCTION queue_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'queue_events is append-only';
END $$;
CREATE TRIGGER queue_events_no_update BEFORE UPDATE OR DELETE ON queue_events
  FOR EACH ROW EXECUTE FUNCTION queue_events_are_append_only();

-- Operations sent by station devices, online or from the offline outbox. The op id is the idempotency key:
-- the row is inserted first in the operation's transaction, so a second delivery finds it and changes nothing.
CREATE TABLE station_operations (
  op_id uuid PRIMARY KEY,
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  stop_id uuid NOT NULL,
  device_id text NOT NULL CHECK (length(device_id) BETWEEN 1 AND 100),
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- Null only inside the transaction that applies it.
  outcome text CHECK (outcome IN ('applied', 'conflict', 'rejected')),
  reason text,
  entry_kind text CHECK (entry_kind IN ('appointment', 'walk_in')),
  entry_id uuid,
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id)
);
CREATE INDEX station_operations_by_stop ON station_operations (stop_id, received_at);

-- The walk-in poster of a stop: only the hash of its token is kept (see stationPoster.ts).
CREATE TABLE stop_posters (
  municipality_id uuid NOT NULL,
  stop_id uuid NOT NULL PRIMARY KEY,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id) ON DELETE CASCADE
);
