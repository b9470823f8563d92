-- Cases across channels, their process and the hand-off to the e-file (tracker issue 11).
-- A process definition says, per service, which steps a case runs through, who acts in each step, the
-- step's checklist and deadline, and which xdomea message hands the case to the city's e-file
-- (src/domain/caseProcess.ts is the only source of these rules).
CREATE TABLE process_definitions (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  service_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  source text NOT NULL CHECK (source IN ('bpmn', 'form', 'seed')),
  -- [{ key, name, actor: 'stop'|'back_office'|'department', checklist: string[], deadlineDays, handOff }]
  steps jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) BETWEEN 1 AND 50),
  -- 'record': FVDaten.SGOErstellen (0604) then FVDaten.SGOAblegen (0605); 'hand_over': Abgabe.Abgabe (0401).
  efile_message text NOT NULL CHECK (efile_message IN ('record', 'hand_over')),
  -- The BPMN 2.0 model it was imported from, kept as the department sent it.
  bpmn_xml text,
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, id),
  UNIQUE (municipality_id, service_id, version),
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, created_by) REFERENCES staff_users (municipality_id, id)
);
-- One definition per service is in force; older versions stay for the cases that run on them.
CREATE UNIQUE INDEX process_definitions_one_active
  ON process_definitions (municipality_id, service_id) WHERE active;

-- Case numbers run per municipality and year: MR-2026-000001.
CREATE TABLE case_number_counters (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  last_number integer NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (municipality_id, year)
);

CREATE TABLE cases (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  number text NOT NULL CHECK (number ~ '^MR-[0-9]{4}-[0-9]{6}$'),
  service_id text NOT NULL,
  -- The owning department at creation, so a department role's view never depends on a later change.
  department_id text,
  process_definition_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN (
    'open', 'in_progress', 'waiting', 'handing_off', 'handed_off', 'closed', 'cancelled')),
  current_step_key text,
  -- Where the case started: the portal (a booking or an application), a stop, the back office.
  channel text NOT NULL CHECK (channel IN ('online', 'stop', 'back_office')),
  booking_id uuid,
  ticket_id uuid,
  -- Personal data: the retention job anonymises it (anonymised_at) with the booking's.
  citizen_name text CHECK (length(citizen_name) BETWEEN 1 AND 200),
  citizen_email text CHECK (length(citizen_email) BETWEEN 3 AND 254),
  citizen_phone text CHECK (length(citizen_phone) BETWEEN 3 AND 40),
  anonymised_at timestamptz,
  demo boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (municipality_id, id),
  UNIQUE (municipality_id, number),
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id),
  FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id),
  FOREIGN KEY (municipality_id, process_definition_id) REFERENCES process_definitions (municipality_id, id),
  FOREIGN KEY (municipality_id, booking_id) REFERENCES bookings (municipality_id, id),
  FOREIGN KEY (municipality_id, ticket_id) REFERENCES tickets (municipality_id, id),
  FOREIGN KEY (municipality_id, created_by) REFERENCES staff_users (municipality_id, id)
);
-- A booking opens at most one case per service.
CREATE UNIQUE INDEX cases_one_per_booking_service ON cases (booking_id, service_id) WHERE booking_id IS NOT NULL;
CREATE INDEX cases_by_department ON cases (municipality_id, department_id, status);
CREATE INDEX cases_by_created ON cases (municipality_id, created_at);

-- The case's timeline and the process event log (XES/CSV export): every contact and every step writes one.
-- No personal data or document content in `data`.
CREATE TABLE case_events (
  municipality_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN (
    'created', 'booked', 'visited', 'step_started', 'step_completed', 'document_added', 'task_created',
    'task_completed', 'hand_off_queued', 'handed_off', 'hand_off_confirmed', 'hand_off_failed', 'closed',
    'cancelled')),
  step_key text,
  -- Where the event happened: online, at a stop, in the back office, in a department, the town hall, the system.
  channel text CHECK (channel IN ('online', 'stop', 'back_office', 'department', 'town_hall', 'system')),
  actor text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX case_events_by_case ON case_events (case_id, at);
CREATE INDEX case_events_by_time ON case_events (municipality_id, at);

-- Back-office and department steps become tasks in the owning department's inbox.
CREATE TABLE tasks (
  municipality_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  case_id uuid NOT NULL,
  step_key text NOT NULL,
  department_id text,
  assignee_id uuid,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  due_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  completed_by uuid,
  UNIQUE (municipality_id, id),
  -- One task per case and step.
  UNIQUE (case_id, step_key),
  FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id),
  FOREIGN KEY (municipality_id, assignee_id) REFERENCES staff_users (municipality_id, id),
  FOREIGN KEY (municipality_id, completed_by) REFERENCES staff_users (municipality_id, id),
  CONSTRAINT tasks_completion CHECK ((status = 'done') = (completed_at IS NOT NULL))
);
CREATE INDEX tasks_inbox ON tasks (municipality_id, department_id, status, due_at);

-- Hand-offs to the e-file: one row per xdomea message; its id is the message's process id.
CREATE TABLE efile_hand_offs (
  municipality_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  case_id uuid NOT NULL,
  message text NOT NULL CHECK (message IN ('record', 'file', 'hand_over')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'written', 'confirmed', 'rejected', 'failed')),
  file_name text,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  queued_at timestamptz NOT NULL DEFAULT now(),
  written_at timestamptz,
  confirmed_at timestamptz,
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX efile_hand_offs_by_case ON efile_hand_offs (case_id);
CREATE INDEX efile_hand_offs_open ON efile_hand_offs (municipality_id, status) WHERE status <> 'confirmed';
