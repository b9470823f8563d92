-- Departments (Fachbereiche): they own services, release them for the mobile stations, keep the readiness
-- gates (e-file live, process reviewed) and give demand estimates. Department leads are staff with the role
-- 'department', scoped to their own departments.

ALTER TABLE staff_users DROP CONSTRAINT staff_users_role_check;
ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check
  CHECK (role IN ('admin', 'planner', 'department', 'clerk'));

CREATE TABLE departments (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
  name_de text NOT NULL CHECK (length(name_de) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  note text,
  confidence text NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  sources text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (municipality_id, id)
);

-- Which departments a department lead answers for.
CREATE TABLE staff_user_departments (
  municipality_id uuid NOT NULL,
  user_id uuid NOT NULL,
  department_id text NOT NULL,
  PRIMARY KEY (municipality_id, user_id, department_id),
  FOREIGN KEY (municipality_id, user_id) REFERENCES staff_users (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id) ON DELETE CASCADE
);

-- A service's owner and its release for the stations. Services that existed before departments did were
-- offered at stops: they stay released with their gates open until their department decides otherwise.
ALTER TABLE services
  ADD COLUMN department_id text,
  ADD COLUMN released boolean NOT NULL DEFAULT true,
  ADD COLUMN efile_live boolean NOT NULL DEFAULT true,
  ADD COLUMN efile_live_since date,
  ADD COLUMN process_reviewed boolean NOT NULL DEFAULT true,
  ADD COLUMN readiness_changed_at timestamptz,
  ADD CONSTRAINT services_department_fk FOREIGN KEY (municipality_id, department_id)
    REFERENCES departments (municipality_id, id),
  ADD CONSTRAINT services_efile_since_needs_live CHECK (efile_live OR efile_live_since IS NULL);

-- Expected contacts per month per district and service, as a department estimates them: a demand layer.
CREATE TABLE demand_estimates (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  department_id text NOT NULL,
  service_id text NOT NULL,
  district_id text NOT NULL,
  contacts_per_month integer NOT NULL CHECK (contacts_per_month BETWEEN 0 AND 100000),
  comment text CHECK (length(comment) <= 1000),
  submitted_by uuid NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id),
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, district_id) REFERENCES districts (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX demand_estimates_by_service ON demand_estimates (municipality_id, service_id, district_id, submitted_at DESC);
