-- Equipment items: one physical item (serial number, status, maintenance due) on at most one unit. The
-- service offer counts a kind on board only while the unit has at least one item of it that is ok (or no
-- items of that kind are registered yet, so a unit's nominal kit keeps working until its items are listed).

CREATE TABLE equipment_items (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  equipment_kind_id text NOT NULL,
  serial_number text NOT NULL CHECK (length(serial_number) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'maintenance', 'defective', 'lost')),
  maintenance_due date,
  unit_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, equipment_kind_id) REFERENCES equipment_kinds (municipality_id, id),
  FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id),
  -- One physical item is registered once: it cannot sit on two units at the same time.
  CONSTRAINT equipment_items_one_unit UNIQUE (municipality_id, equipment_kind_id, serial_number)
);
CREATE INDEX equipment_items_by_unit ON equipment_items (municipality_id, unit_id);
