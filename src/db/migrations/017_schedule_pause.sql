-- A schedule can be paused (no new stops are generated while paused) and resumed.
ALTER TABLE schedules DROP CONSTRAINT schedules_status_check;
ALTER TABLE schedules ADD CONSTRAINT schedules_status_check
  CHECK (status IN ('draft', 'active', 'paused', 'ended'));
