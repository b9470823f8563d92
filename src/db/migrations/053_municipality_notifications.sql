-- Which municipality a request acts for (its host among `hostnames`, else the default) is kept in each server
-- process's memory while the change feed of migration 047 is trusted (src/server/plugins/tenancy.ts). A change
-- of the municipalities tells every process to forget everything it keeps ('*').
CREATE TRIGGER municipalities_availability_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON municipalities
  FOR EACH STATEMENT EXECUTE FUNCTION availability_notify_all();
