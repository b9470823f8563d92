-- The readiness checklist of a stop, signed off on the station tablet before the stop opens.
-- items: [{ "key": "equipment:printer" | "connectivity" | ..., "status": "ok" | "problem", "note": text | null }]
CREATE TABLE stop_checklists (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  stop_id uuid NOT NULL PRIMARY KEY,
  items jsonb NOT NULL,
  problems integer NOT NULL CHECK (problems >= 0),
  signed_off_by uuid NOT NULL,
  signed_off_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX stop_checklists_with_problems ON stop_checklists (municipality_id, signed_off_at DESC) WHERE problems > 0;
