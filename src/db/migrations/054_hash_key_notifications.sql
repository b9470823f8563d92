-- The keyed-hash key (`hash_keys`, migration 007) is kept in each server process's memory (src/server/keyedHash.ts):
-- a change of it (a rotation) is told on the channel of migration 047 as 'hash-keys', so every process
-- forgets the key it keeps and reads the new one. Other listeners take the unknown payload as "forget
-- everything" (rotations are rare).
CREATE FUNCTION hash_keys_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('availability_changed', 'hash-keys');
  RETURN NULL;
END $$;

CREATE TRIGGER hash_keys_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hash_keys
  FOR EACH STATEMENT EXECUTE FUNCTION hash_keys_notify();
