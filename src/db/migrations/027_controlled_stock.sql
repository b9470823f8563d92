-- Controlled items (secure blank forms, certificate blanks, parking permit blanks, the cash float): kinds per
-- municipality with a unit of count and a minimum stock, the balance per unit (van or kit) and kind, and every
-- movement that changed it. A movement and its balance change are written in one transaction; the balance row is
-- updated in place (quantity = quantity + change), so concurrent movements queue on its row lock and none is lost,
-- and the CHECK below refuses any movement that would take the stock below zero.

CREATE TABLE controlled_item_kinds (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$' AND length(id) <= 100),
  name_de text NOT NULL CHECK (length(name_de) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  -- What one counts: pieces (single blanks), pads (blocks of blanks) or euros (the cash float).
  count_unit text NOT NULL CHECK (count_unit IN ('piece', 'pad', 'euro')),
  minimum_stock integer NOT NULL CHECK (minimum_stock BETWEEN 0 AND 1000000),
  -- Numbered blanks: movements may name the serial-number range they move.
  serial_numbered boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, id)
);

CREATE TABLE controlled_stock_balances (
  municipality_id uuid NOT NULL,
  unit_id text NOT NULL,
  kind_id text NOT NULL,
  quantity integer NOT NULL DEFAULT 0 CONSTRAINT controlled_stock_not_negative CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, unit_id, kind_id),
  FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id),
  FOREIGN KEY (municipality_id, kind_id) REFERENCES controlled_item_kinds (municipality_id, id)
);

CREATE TABLE controlled_stock_movements (
  municipality_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  unit_id text NOT NULL,
  kind_id text NOT NULL,
  -- received (+), issued at a stop (-), returned to the unit (+), written off (-), counted (set to the count).
  movement text NOT NULL CHECK (movement IN ('received', 'issued', 'returned', 'written_off', 'counted')),
  -- The signed change of the balance, and the balance after the movement.
  quantity_change integer NOT NULL,
  balance_after integer NOT NULL CHECK (balance_after >= 0),
  reason text CHECK (length(reason) BETWEEN 1 AND 500),
  stop_id uuid,
  serial_first integer CHECK (serial_first >= 0),
  serial_last integer,
  -- Who recorded it (`staff:<id>`, never a name) and when.
  actor text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, unit_id, kind_id)
    REFERENCES controlled_stock_balances (municipality_id, unit_id, kind_id),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id),
  CONSTRAINT controlled_stock_write_off_reason CHECK (movement <> 'written_off' OR reason IS NOT NULL),
  CONSTRAINT controlled_stock_serial_range CHECK (
    (serial_first IS NULL AND serial_last IS NULL)
    OR (serial_first IS NOT NULL AND serial_last IS NOT NULL AND serial_last - serial_first + 1 = abs(quantity_change))
  )
);
CREATE INDEX controlled_stock_movements_by_unit
  ON controlled_stock_movements (municipality_id, unit_id, kind_id, recorded_at DESC);
