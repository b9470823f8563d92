-- Foundation: tenants and the catalogue (districts, sites, services, equipment kinds).
-- Every domain table carries municipality_id and references other rows through (municipality_id, id),
-- so a row can never point at another municipality's data: tenancy is enforced by the database.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE municipalities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  official_key text,
  address text,
  population integer CHECK (population >= 0),
  population_date date,
  population_source text,
  timezone text NOT NULL DEFAULT 'Europe/Berlin',
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  hostnames text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE equipment_kinds (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
  name_de text NOT NULL,
  name_en text NOT NULL,
  PRIMARY KEY (municipality_id, id)
);

CREATE TABLE districts (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
  name text NOT NULL,
  type text NOT NULL,
  parent_id text,
  population integer CHECK (population >= 0),
  population_date date,
  population_status text,
  population_note text,
  share_65plus double precision CHECK (share_65plus BETWEEN 0 AND 1),
  area_km2 double precision CHECK (area_km2 > 0),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  reference_point_method text,
  postal_codes text[] NOT NULL DEFAULT '{}',
  confidence text NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  sources text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (municipality_id, id),
  FOREIGN KEY (municipality_id, parent_id) REFERENCES districts (municipality_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE sites (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
  name text NOT NULL,
  category text NOT NULL,
  address text,
  district_id text,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  coordinate_quality text,
  coordinate_uncertainty_m integer CHECK (coordinate_uncertainty_m >= 0),
  coordinate_note text,
  opening_hours jsonb,
  accessibility text,
  placeholder boolean NOT NULL DEFAULT false,
  facts text[] NOT NULL DEFAULT '{}',
  confidence text NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  sources text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (municipality_id, id),
  FOREIGN KEY (municipality_id, district_id) REFERENCES districts (municipality_id, id)
);

CREATE TABLE services (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
  name_de text NOT NULL,
  name_en text NOT NULL,
  leika_key text CHECK (leika_key ~ '^[0-9]{14}$'),
  leika_key_status text,
  legal_basis text,
  presence text NOT NULL CHECK (presence IN ('required', 'optional', 'not_required', 'depends')),
  presence_reasons text[] NOT NULL DEFAULT '{}',
  presence_reasons_en text[] NOT NULL DEFAULT '{}',
  second_visit text,
  typical_minutes integer NOT NULL CHECK (typical_minutes BETWEEN 1 AND 240),
  minutes_basis text,
  fees jsonb NOT NULL DEFAULT '[]',
  fee_extras jsonb NOT NULL DEFAULT '[]',
  fee_note text,
  fee_valid_from date,
  online_available text NOT NULL CHECK (online_available IN ('yes', 'partial', 'no', 'unknown')),
  online_note text,
  online_url text CHECK (online_url ~ '^https://'),
  documents text[] NOT NULL DEFAULT '{}',
  documents_en text[] NOT NULL DEFAULT '{}',
  mobile_suitability text,
  confidence text NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  sources text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (municipality_id, id)
);

CREATE TABLE service_equipment (
  municipality_id uuid NOT NULL,
  service_id text NOT NULL,
  equipment_kind_id text NOT NULL,
  PRIMARY KEY (municipality_id, service_id, equipment_kind_id),
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, equipment_kind_id) REFERENCES equipment_kinds (municipality_id, id)
);

-- Append-only: who did what to which record. Never updated or deleted by the application.
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_by_subject ON audit_events (municipality_id, subject_type, subject_id);

CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only();
