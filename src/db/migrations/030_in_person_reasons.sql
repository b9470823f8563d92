-- "Why not online" (tracker issue 10, item 3): when a clerk finishes a service that also exists online, the
-- station records why the citizen came in person. Per visit (queue entry) and service, no personal data.
CREATE TABLE in_person_reasons (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  stop_id uuid NOT NULL,
  entry_kind text NOT NULL CHECK (entry_kind IN ('appointment', 'walk_in')),
  entry_id uuid NOT NULL,
  service_id text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('did_not_know', 'no_eid', 'needs_help', 'legal_presence', 'other')),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, service_id),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX in_person_reasons_by_stop ON in_person_reasons (stop_id);
