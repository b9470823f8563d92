-- Demo data (issue 10): a fresh embedded development database gets three months of simulated activity, so the
-- evaluation has something to show. This marks it, so every page that shows it can say "simulated".
-- Tests and production never get it (src/cli/openConfiguredDatabase.ts).
CREATE TABLE demo_datasets (
  municipality_id uuid PRIMARY KEY REFERENCES municipalities (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('simulated_activity')),
  seed integer NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to >= period_from),
  stops integer NOT NULL CHECK (stops >= 0),
  visits integer NOT NULL CHECK (visits >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A simulated stop, and with it everything recorded at it.
ALTER TABLE stops ADD COLUMN demo boolean NOT NULL DEFAULT false;
