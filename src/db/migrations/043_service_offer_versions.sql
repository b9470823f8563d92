-- The service offer of each unit (which services it can provide, from its equipment; serviceOfferByUnit in
-- src/server/queries/stopQueries.ts) is read on every availability, stop and hold request. Each server process
-- keeps it per municipality (src/server/queries/serviceOfferCache.ts), tagged with the municipality's offer
-- version below, and reads that one row before it uses the cached offer: a change in any process is seen by
-- every process at once.
--
-- Every write to what the offer is computed from (services, their equipment needs, equipment kinds, the
-- units, their equipment and its items) sets a new version, a random UUID: a version that a rolled-back
-- transaction saw is never used again, so an offer computed inside it cannot be taken for a committed one,
-- and two databases (tests clone one template several times in one process) never share a version unless
-- they hold the same offer. A reader reads the version before the tables, so a write during a computation
-- leaves the cached offer stale (computed again on the next read), never wrong.
CREATE TABLE service_offer_versions (
  municipality_id uuid PRIMARY KEY,
  version uuid NOT NULL
);

INSERT INTO service_offer_versions (municipality_id, version)
SELECT id, gen_random_uuid() FROM municipalities;

CREATE FUNCTION bump_service_offer_version(changed_municipality uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF changed_municipality IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO service_offer_versions (municipality_id, version)
  VALUES (changed_municipality, gen_random_uuid())
  ON CONFLICT (municipality_id) DO UPDATE SET version = EXCLUDED.version;
END $$;

CREATE FUNCTION service_offer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM bump_service_offer_version(OLD.municipality_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.municipality_id IS DISTINCT FROM OLD.municipality_id) THEN
    PERFORM bump_service_offer_version(NEW.municipality_id);
  END IF;
  RETURN NULL;
END $$;

-- A statement that empties a table (tests, maintenance) changes every municipality's offer.
CREATE FUNCTION service_offer_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE service_offer_versions SET version = gen_random_uuid();
  RETURN NULL;
END $$;

CREATE TRIGGER services_offer_version AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH ROW EXECUTE FUNCTION service_offer_changed();
CREATE TRIGGER service_equipment_offer_version AFTER INSERT OR UPDATE OR DELETE ON service_equipment
  FOR EACH ROW EXECUTE FUNCTION service_offer_changed();
CREATE TRIGGER equipment_kinds_offer_version AFTER INSERT OR UPDATE OR DELETE ON equipment_kinds
  FOR EACH ROW EXECUTE FUNCTION service_offer_changed();
CREATE TRIGGER units_offer_version AFTER INSERT OR UPDATE OR DELETE ON units
  FOR EACH ROW EXECUTE FUNCTION service_offer_changed();
CREATE TRIGGER unit_equipment_offer_version AFTER INSERT OR UPDATE OR DELETE ON unit_equipment
  FOR EACH ROW EXECUTE FUNCTION service_offer_changed();
CREATE TRIGGER equipment_items_offer_version AFTER INSERT OR UPDATE OR DELETE ON equipment_items
  FOR EACH ROW EXECUTE FUNCTION service_offer_changed();

CREATE TRIGGER services_offer_truncated AFTER TRUNCATE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION service_offer_truncated();
CREATE TRIGGER service_equipment_offer_truncated AFTER TRUNCATE ON service_equipment
  FOR EACH STATEMENT EXECUTE FUNCTION service_offer_truncated();
CREATE TRIGGER equipment_kinds_offer_truncated AFTER TRUNCATE ON equipment_kinds
  FOR EACH STATEMENT EXECUTE FUNCTION service_offer_truncated();
CREATE TRIGGER units_offer_truncated AFTER TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION service_offer_truncated();
CREATE TRIGGER unit_equipment_offer_truncated AFTER TRUNCATE ON unit_equipment
  FOR EACH STATEMENT EXECUTE FUNCTION service_offer_truncated();
CREATE TRIGGER equipment_items_offer_truncated AFTER TRUNCATE ON equipment_items
  FOR EACH STATEMENT EXECUTE FUNCTION service_offer_truncated();
