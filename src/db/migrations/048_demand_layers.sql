-- Demand layers of the needs analysis (tracker issue 13): the Zensus 2022 grid (100 m or 1 km cells) and
-- points a planner uploads (care homes, schools, refugee housing …). Each layer keeps where its figures come
-- from (source, date, licence) so every page and report can name them. A layer is imported whole or not at
-- all; its cells or points are kept in demand_layer_points, clipped to the municipality.
CREATE TABLE demand_layers (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('grid', 'points')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  -- The date the figures describe (Zensus 2022: the reference day 2022-05-15), not the upload day.
  source_date date,
  licence text NOT NULL CHECK (length(licence) BETWEEN 1 AND 500),
  -- Grid layers: the cell edge in metres (100 or 1000); null for points.
  cell_size_m integer CHECK (cell_size_m IN (100, 1000)),
  -- How the cells were clipped: to the districts' outlines, or to a box around the districts' reference
  -- points where no outline is known.
  clip text CHECK (clip IN ('outline', 'box')),
  point_count integer NOT NULL CHECK (point_count >= 0),
  rows_read integer NOT NULL CHECK (rows_read >= 0),
  -- Rows outside the municipality (grid) that were left out.
  rows_outside integer NOT NULL DEFAULT 0 CHECK (rows_outside >= 0),
  weight_total double precision NOT NULL,
  residents_65plus_total double precision,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX demand_layers_by_municipality ON demand_layers (municipality_id, kind, imported_at DESC);

-- A grid cell (its centre) or an uploaded point. `weight` is people: a cell's residents, a point's weight.
CREATE TABLE demand_layer_points (
  layer_id uuid NOT NULL REFERENCES demand_layers (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  weight double precision NOT NULL CHECK (weight >= 0),
  -- Grid cells with an age breakdown: residents aged 65 and over; null where the file has none.
  residents_65plus double precision CHECK (residents_65plus >= 0),
  -- The Zensus cell id (GITTER_ID_100m / GITTER_ID_1km) or the point's name.
  label text CHECK (length(label) <= 200),
  category text CHECK (length(category) <= 100),
  PRIMARY KEY (layer_id, seq)
);
