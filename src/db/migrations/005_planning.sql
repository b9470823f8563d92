-- Planning scenarios (tracker issue 5, item 6): one planning run's inputs, progress and results.
-- The solve runs in a worker thread; `progress` is written while it runs, `result` when it is done.
CREATE TABLE planning_scenarios (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- units, staffDaysPerWeek, p or budgetPerMonth, coverageThresholdMinutes, travelMode, weights, objective …
  inputs jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'queued', 'running', 'done', 'failed')),
  progress jsonb,
  -- chosen sites, metrics, solver figures (objective, bound, gap, method, runtime), timetable rules, notes
  result jsonb,
  error jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  approved_at timestamptz,
  approved_by text,
  approved_schedule_ids uuid[] NOT NULL DEFAULT '{}',
  UNIQUE (municipality_id, id)
);
CREATE INDEX planning_scenarios_by_time ON planning_scenarios (municipality_id, created_at DESC);
