-- Availability kept in each server process's memory (issue 12, src/server/queries/availabilityMemory.ts):
-- the answers of the month query and each stop's occupancy for the early refusal of a full slot. Every
-- write that can change an answer tells every process through NOTIFY on the channel 'availability_changed',
-- delivered at commit (never for a transaction that rolls back) to each process LISTENing:
--   'stop:<uuid>'  one stop changed (its occupancy, its opening, counters or status, its open holds' owners);
--   '*'            anything else an answer is made of (sites, districts, units, services and the unit offer,
--                  a table emptied at once): every process forgets all it keeps.
-- A notification with the same payload is sent once per transaction (PostgreSQL folds repeats).

CREATE FUNCTION notify_availability_stop(changed_stop uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF changed_stop IS NOT NULL THEN
    PERFORM pg_notify('availability_changed', 'stop:' || changed_stop::text);
  END IF;
END $$;

CREATE FUNCTION stop_occupancy_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM notify_availability_stop(OLD.stop_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM notify_availability_stop(NEW.stop_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER stop_occupancy_notify AFTER INSERT OR UPDATE OR DELETE ON stop_occupancy
  FOR EACH ROW EXECUTE FUNCTION stop_occupancy_notify();

CREATE FUNCTION stops_availability_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM notify_availability_stop(OLD.id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM notify_availability_stop(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER stops_availability_notify AFTER INSERT OR UPDATE OR DELETE ON stops
  FOR EACH ROW EXECUTE FUNCTION stops_availability_notify();

-- The early refusal tells a person's own open hold (answered as a repeat) from another's by its e-mail key,
-- which the occupancy leaves out: a change of it is told too.
CREATE FUNCTION bookings_owner_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM notify_availability_stop(NEW.stop_id);
  RETURN NULL;
END $$;

CREATE TRIGGER bookings_owner_notify AFTER UPDATE OF email_key ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_owner_notify();

CREATE FUNCTION availability_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('availability_changed', '*');
  RETURN NULL;
END $$;

CREATE TRIGGER sites_availability_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sites
  FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
CREATE TRIGGER districts_availability_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON districts
  FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
-- Services, their equipment, units and their equipment: every change sets a new offer version (043).
CREATE TRIGGER service_offer_versions_availability_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON service_offer_versions FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
CREATE TRIGGER stops_availability_truncated AFTER TRUNCATE ON stops
  FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
CREATE TRIGGER stop_occupancy_availability_truncated AFTER TRUNCATE ON stop_occupancy
  FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
CREATE TRIGGER bookings_availability_truncated AFTER TRUNCATE ON bookings
  FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
