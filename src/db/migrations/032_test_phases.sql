-- Test phases of the evaluation (tracker issue 10, item 6): a planner defines a period, the sites and units it
-- covers and KPI targets; the report compares target and actual per KPI and per site and recommends go, adjust
-- or stop (src/domain/testPhase.ts). Sites, units and targets are rows of their own, so the database checks
-- each against its table and the KPI vocabulary.
CREATE TABLE test_phases (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  start_date date NOT NULL,
  end_date date NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- An evaluation covers at most 731 days (MAX_EVALUATION_DAYS in src/server/queries/evaluationQuery.ts).
  CONSTRAINT test_phases_period CHECK (end_date >= start_date AND end_date - start_date < 731),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, created_by) REFERENCES staff_users (municipality_id, id)
);
CREATE INDEX test_phases_by_municipality ON test_phases (municipality_id, start_date);

CREATE TABLE test_phase_sites (
  municipality_id uuid NOT NULL,
  test_phase_id uuid NOT NULL,
  site_id text NOT NULL,
  PRIMARY KEY (test_phase_id, site_id),
  FOREIGN KEY (municipality_id, test_phase_id) REFERENCES test_phases (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, site_id) REFERENCES sites (municipality_id, id)
);

CREATE TABLE test_phase_units (
  municipality_id uuid NOT NULL,
  test_phase_id uuid NOT NULL,
  unit_id text NOT NULL,
  PRIMARY KEY (test_phase_id, unit_id),
  FOREIGN KEY (municipality_id, test_phase_id) REFERENCES test_phases (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id)
);

-- One target per KPI and phase. Units: shares 0..1, euros, the 1..5 score, minutes, contacts per stop.
-- `district_id` is the reference district of outside_district_share ("contacts from outside the Innenstadt")
-- and only of it. The ranges are the domain's (testPhaseKpis in src/domain/testPhase.ts).
CREATE TABLE test_phase_targets (
  municipality_id uuid NOT NULL,
  test_phase_id uuid NOT NULL,
  position smallint NOT NULL CHECK (position >= 0),
  kpi text NOT NULL CHECK (kpi IN (
    'utilisation',
    'cost_per_contact',
    'satisfaction',
    'would_use_again_share',
    'outside_district_share',
    'contacts_per_stop',
    'wait_p90',
    'no_show_rate'
  )),
  comparator text NOT NULL CHECK (comparator IN ('at_least', 'at_most')),
  target double precision NOT NULL,
  district_id text,
  PRIMARY KEY (test_phase_id, kpi),
  CONSTRAINT test_phase_targets_district CHECK ((kpi = 'outside_district_share') = (district_id IS NOT NULL)),
  CONSTRAINT test_phase_targets_range CHECK (
    CASE kpi
      WHEN 'satisfaction' THEN target BETWEEN 1 AND 5
      WHEN 'cost_per_contact' THEN target BETWEEN 0 AND 100000
      WHEN 'contacts_per_stop' THEN target BETWEEN 0 AND 1000
      WHEN 'wait_p90' THEN target BETWEEN 0 AND 600
      ELSE target BETWEEN 0 AND 1
    END
  ),
  FOREIGN KEY (municipality_id, test_phase_id) REFERENCES test_phases (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, district_id) REFERENCES districts (municipality_id, id)
);
