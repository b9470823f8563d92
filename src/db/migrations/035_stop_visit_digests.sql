-- The evaluation's read model (issue 10, bench:evaluation). A year of figures reads tens of thousands of bookings,
-- tickets and queue events; for a stop whose day is past they rarely change. A digest keeps a past stop's visits
-- as the evaluation reads them (src/server/queries/evaluationQuery.ts: channel, outcome, minutes, services,
-- origin district, arrival/call/finish times, survey answers; nothing personal), built on first read.
--
-- Freshness: every write to a past stop's bookings, booking services, tickets, queue events or survey answers
-- counts up the stop's version (triggers below). A digest counts only while its version is the stop's current
-- one; the reader reads the version before it reads the visits, so a write during a build leaves the new digest
-- stale, never wrong. Only stops at least two days past get digests: a stop of yesterday or today is read fresh.
CREATE TABLE stop_visit_versions (
  stop_id uuid PRIMARY KEY REFERENCES stops (id) ON DELETE CASCADE,
  version bigint NOT NULL
);

CREATE TABLE stop_visit_digests (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  stop_id uuid PRIMARY KEY,
  version bigint NOT NULL,
  visits jsonb NOT NULL,
  feedback jsonb NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id) ON DELETE CASCADE
);

-- Counts up a stop's version when its day is past (today's and future stops take the booking load: no write).
CREATE FUNCTION bump_stop_visit_version(changed_stop uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF changed_stop IS NULL THEN
    RETURN;
  END IF;
  IF EXISTS (
    SELECT 1 FROM stops
    WHERE id = changed_stop AND local_date < (now() AT TIME ZONE 'Europe/Berlin')::date
  ) THEN
    INSERT INTO stop_visit_versions (stop_id, version) VALUES (changed_stop, 1)
    ON CONFLICT (stop_id) DO UPDATE SET version = stop_visit_versions.version + 1;
  END IF;
END $$;

CREATE FUNCTION stop_visits_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM bump_stop_visit_version(NEW.stop_id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM bump_stop_visit_version(OLD.stop_id);
  ELSE
    PERFORM bump_stop_visit_version(OLD.stop_id);
    IF NEW.stop_id IS DISTINCT FROM OLD.stop_id THEN
      PERFORM bump_stop_visit_version(NEW.stop_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION booking_services_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM bump_stop_visit_version((SELECT stop_id FROM bookings WHERE id = OLD.booking_id));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM bump_stop_visit_version((SELECT stop_id FROM bookings WHERE id = NEW.booking_id));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER bookings_stop_visits AFTER INSERT OR UPDATE OR DELETE ON bookings
  FOR EACH ROW EXECUTE FUNCTION stop_visits_changed();
CREATE TRIGGER tickets_stop_visits AFTER INSERT OR UPDATE OR DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION stop_visits_changed();
CREATE TRIGGER queue_events_stop_visits AFTER INSERT OR UPDATE OR DELETE ON queue_events
  FOR EACH ROW EXECUTE FUNCTION stop_visits_changed();
CREATE TRIGGER visit_feedback_stop_visits AFTER INSERT OR UPDATE OR DELETE ON visit_feedback
  FOR EACH ROW EXECUTE FUNCTION stop_visits_changed();
CREATE TRIGGER booking_services_stop_visits AFTER INSERT OR UPDATE OR DELETE ON booking_services
  FOR EACH ROW EXECUTE FUNCTION booking_services_changed();
