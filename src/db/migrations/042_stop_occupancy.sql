-- Availability's read model (issue 12, bench:booking). The month query used to load every stop of the range
-- with its bookings and holds and compute the free start times on each request. Now each stop's occupancy is
-- kept in one row, refreshed by the triggers below in the same transaction as every write that changes it:
-- holds, confirmations, cancellations, moves, expiry, staff bookings, the station's status changes, a stop's
-- move between stops; whatever command writes it. `spans` lists the rows that occupy a counter as
-- [start in epoch milliseconds, duration in minutes, a hold's expiry in epoch milliseconds or null for bookings], ordered by
-- start. A hold's expiry is kept, not applied: the reader leaves out holds whose time ran out at its own now.
-- The stop's opening, counters and status are read from the stop itself. Capacity stays guaranteed by the
-- exclusion constraint bookings_no_overbooking, never by this table. A stop without a row has no occupancy.
CREATE TABLE stop_occupancy (
  stop_id uuid PRIMARY KEY,
  spans jsonb NOT NULL
);

-- Rebuilds one stop's row from its bookings. The status list is the one of bookings_no_overbooking
-- (test/architecture/capacityStatuses.test.ts keeps them equal).
CREATE FUNCTION refresh_stop_occupancy(changed_stop uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF changed_stop IS NULL THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM stops WHERE id = changed_stop) THEN
    DELETE FROM stop_occupancy WHERE stop_id = changed_stop;
    RETURN;
  END IF;
  INSERT INTO stop_occupancy (stop_id, spans)
  SELECT changed_stop, coalesce(jsonb_agg(jsonb_build_array(
      floor(extract(epoch FROM b.starts_at) * 1000)::bigint,
      b.duration_minutes,
      CASE WHEN b.status = 'held' THEN coalesce(floor(extract(epoch FROM b.hold_expires_at) * 1000)::bigint, 0) END
    ) ORDER BY b.starts_at, b.id), '[]'::jsonb)
  FROM bookings b
  WHERE b.stop_id = changed_stop
    AND b.status IN ('held', 'confirmed', 'checked_in', 'called', 'in_service', 'parked')
  ON CONFLICT (stop_id) DO UPDATE SET spans = EXCLUDED.spans;
END $$;

CREATE FUNCTION bookings_occupancy_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_stop_occupancy(NEW.stop_id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_stop_occupancy(OLD.stop_id);
  ELSE
    PERFORM refresh_stop_occupancy(OLD.stop_id);
    IF NEW.stop_id IS DISTINCT FROM OLD.stop_id THEN
      PERFORM refresh_stop_occupancy(NEW.stop_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- A lane move (counter) or a name changes nothing; every column the spans are built from does.
CREATE TRIGGER bookings_occupancy AFTER INSERT OR DELETE OR UPDATE OF
  stop_id, status, starts_at, duration_minutes, hold_expires_at ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_occupancy_changed();

CREATE FUNCTION stops_occupancy_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stop_occupancy WHERE stop_id = OLD.id;
  RETURN NULL;
END $$;

CREATE TRIGGER stops_occupancy_deleted AFTER DELETE ON stops
  FOR EACH ROW EXECUTE FUNCTION stops_occupancy_deleted();

INSERT INTO stop_occupancy (stop_id, spans)
SELECT b.stop_id, jsonb_agg(jsonb_build_array(
    floor(extract(epoch FROM b.starts_at) * 1000)::bigint,
    b.duration_minutes,
    CASE WHEN b.status = 'held' THEN coalesce(floor(extract(epoch FROM b.hold_expires_at) * 1000)::bigint, 0) END
  ) ORDER BY b.starts_at, b.id)
FROM bookings b
WHERE b.status IN ('held', 'confirmed', 'checked_in', 'called', 'in_service', 'parked')
GROUP BY b.stop_id;
