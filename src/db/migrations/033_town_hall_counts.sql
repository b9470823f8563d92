-- The central citizen office's (Bürgeramt im Rathaus) daily counts per service, imported from CSV by planners
-- (tracker issue 10, "comparison with the town hall"): the evaluation sets them against the Mobiles Rathaus'
-- contacts to show the shift of contacts. Counts only: no person, no visit.
--
-- An import replaces the counts of every day it covers (every day that has a row in the file): a corrected file
-- for a month replaces that month, and a service missing from a day of the file has no count that day afterwards.
-- Days the file does not name keep their counts. Each import is recorded with its file name, who made it (the
-- staff actor, never a name) and what it covered.

CREATE TABLE town_hall_imports (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  -- `staff:<id>` or `cli:<user>`, as in the audit trail.
  actor text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  row_count integer NOT NULL CHECK (row_count >= 1),
  day_count integer NOT NULL CHECK (day_count >= 1),
  first_day date NOT NULL,
  last_day date NOT NULL CHECK (last_day >= first_day),
  -- Counts of earlier imports on the covered days that this import replaced.
  replaced_rows integer NOT NULL CHECK (replaced_rows >= 0),
  UNIQUE (municipality_id, id)
);
CREATE INDEX town_hall_imports_recent ON town_hall_imports (municipality_id, imported_at DESC);

CREATE TABLE town_hall_counts (
  municipality_id uuid NOT NULL,
  day date NOT NULL,
  service_id text NOT NULL,
  count integer NOT NULL CONSTRAINT town_hall_count_range CHECK (count >= 0 AND count <= 100000),
  import_id uuid NOT NULL,
  PRIMARY KEY (municipality_id, day, service_id),
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, import_id) REFERENCES town_hall_imports (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX town_hall_counts_by_import ON town_hall_counts (municipality_id, import_id);
