-- The cost assumptions of the evaluation (tracker issue 10): what a staff hour, a unit's day and the travel to a
-- stop cost. Planners and admins edit them; every cost figure prints the assumptions it was computed with.
-- Without a row the product's defaults apply (src/domain/evaluation.ts, marked as defaults on the page).
CREATE TABLE evaluation_assumptions (
  municipality_id uuid PRIMARY KEY REFERENCES municipalities (id) ON DELETE CASCADE,
  staff_hour_rate_eur double precision NOT NULL CHECK (staff_hour_rate_eur >= 0 AND staff_hour_rate_eur <= 1000),
  unit_day_cost_eur double precision NOT NULL CHECK (unit_day_cost_eur >= 0 AND unit_day_cost_eur <= 100000),
  travel_cost_per_stop_eur double precision NOT NULL
    CHECK (travel_cost_per_stop_eur >= 0 AND travel_cost_per_stop_eur <= 100000),
  note text CHECK (length(note) <= 1000),
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The evaluation reads a period's stops per municipality and day.
CREATE INDEX IF NOT EXISTS stops_municipality_local_date ON stops (municipality_id, local_date);
