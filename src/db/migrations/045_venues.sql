-- Candidate sites are venues (tracker issue 13): what a planner knows about a place before a mobile unit
-- may stop there. Only a site marked usable is a candidate of a scenario; a district reference point
-- (placeholder) is demand, never a venue, so it can never be marked usable.
-- A fact that is not known yet stays NULL (unknown), which is not the same as false.
ALTER TABLE sites
  ADD COLUMN usable boolean NOT NULL DEFAULT false,
  ADD COLUMN venue_owner text CHECK (length(venue_owner) BETWEEN 1 AND 200),
  ADD COLUMN step_free boolean,
  ADD COLUMN power_for_van boolean,
  ADD COLUMN parking boolean,
  ADD COLUMN kit_room boolean,
  -- Rent or fee per day of use in EUR (0: free of charge).
  ADD COLUMN cost_per_day_eur double precision CHECK (cost_per_day_eur BETWEEN 0 AND 100000),
  ADD COLUMN venue_note text CHECK (length(venue_note) BETWEEN 1 AND 1000),
  ADD COLUMN venue_updated_at timestamptz,
  ADD CONSTRAINT sites_placeholder_never_usable CHECK (NOT (usable AND placeholder));

-- Sites that existed before were all candidates; keep the real places candidates, never the placeholders.
UPDATE sites SET usable = true WHERE NOT placeholder;
