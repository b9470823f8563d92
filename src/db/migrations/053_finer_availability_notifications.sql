-- Finer notifications for what each server process keeps in memory (migration 047):
--
-- 1. A change of a stop's own row (created, moved, opened, cancelled, counters) is told as 'stop-row:<uuid>',
--    no longer as 'stop:<uuid>'. 'stop:<uuid>' now means only that the stop's occupancy or its holds' owners
--    changed: a kept month answer that did not look at that stop stays right. A stop's row can bring the stop
--    into answers that never looked at it, so 'stop-row:' forgets every kept answer.
-- 2. Which municipality a request acts for (its host among `hostnames`, else the default) is kept in memory
--    too (src/server/plugins/tenancy.ts): a change of the municipalities tells every process to forget
--    everything it keeps ('*').
CREATE OR REPLACE FUNCTION stops_availability_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('availability_changed', 'stop-row:' || OLD.id::text);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_notify('availability_changed', 'stop-row:' || NEW.id::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER municipalities_availability_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON municipalities
  FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
