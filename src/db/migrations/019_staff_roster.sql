-- Staff roster: named staff members (optionally linked to a staff account), their qualifications (the services
-- they may handle), working-time share, leave, days of mobile (remote) work and wishes; and the roster, which
-- assigns staff members to stops. Leave periods of one person never overlap (exclusion below).

CREATE TABLE staff_members (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  staff_user_id uuid,
  -- Working-time share in percent of a full week (39 hours).
  share_percent integer NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
  -- ISO weekdays (1 = Monday) of mobile (remote) work: no stops on these days.
  mobile_working_days smallint[] NOT NULL DEFAULT '{}'
    CHECK (mobile_working_days <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  -- Wishes: districts the person prefers to work in, and the earliest start of a stop (local time).
  preferred_district_ids text[] NOT NULL DEFAULT '{}',
  earliest_start text CHECK (earliest_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, staff_user_id) REFERENCES staff_users (municipality_id, id),
  -- One staff account belongs to at most one staff member.
  CONSTRAINT staff_members_one_per_user UNIQUE (municipality_id, staff_user_id)
);

CREATE TABLE staff_member_qualifications (
  municipality_id uuid NOT NULL,
  staff_member_id uuid NOT NULL,
  service_id text NOT NULL,
  PRIMARY KEY (municipality_id, staff_member_id, service_id),
  FOREIGN KEY (municipality_id, staff_member_id) REFERENCES staff_members (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id)
);

CREATE TABLE staff_member_leave (
  municipality_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  staff_member_id uuid NOT NULL,
  first_day date NOT NULL,
  last_day date NOT NULL,
  CHECK (last_day >= first_day),
  FOREIGN KEY (municipality_id, staff_member_id) REFERENCES staff_members (municipality_id, id) ON DELETE CASCADE,
  CONSTRAINT staff_member_leave_no_overlap EXCLUDE USING gist (
    staff_member_id WITH =, daterange(first_day, last_day, '[]') WITH &&
  )
);

CREATE TABLE roster_assignments (
  municipality_id uuid NOT NULL,
  stop_id uuid NOT NULL,
  staff_member_id uuid NOT NULL,
  -- 'proposal': from proposeRoster; 'override': set by a planner (assignStaffToStop).
  source text NOT NULL CHECK (source IN ('proposal', 'override')),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stop_id, staff_member_id),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, staff_member_id) REFERENCES staff_members (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX roster_assignments_by_member ON roster_assignments (municipality_id, staff_member_id);
