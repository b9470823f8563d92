-- Webhooks for specialist procedures (Fachverfahren), tracker issue 11 item 5: a city registers an HTTPS
-- endpoint per department and/or service that receives case events as signed CloudEvents 1.0. Each event for
-- each matching webhook is one delivery row, sent by the durable job table (kind 'webhook.deliver') with
-- back-off; after the configured attempts it is 'dead' and shows in the dead-letter view until redelivered.
CREATE TABLE webhooks (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  -- Filters: null means every department / every service of the municipality.
  department_id text,
  service_id text,
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  -- The signing secret, encrypted with AES-256-GCM under WEBHOOK_SECRET_KEY (src/server/webhooks/secretBox.ts):
  -- the server needs the secret itself to sign, so a hash will not do; encryption keeps a database dump from
  -- handing out the keys. It is shown to the city once, in the answer to createWebhook.
  secret_encrypted text NOT NULL,
  event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
  description text CHECK (description IS NULL OR length(description) <= 200),
  active boolean NOT NULL DEFAULT true,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, department_id) REFERENCES departments (municipality_id, id),
  FOREIGN KEY (municipality_id, service_id) REFERENCES services (municipality_id, id),
  FOREIGN KEY (municipality_id, created_by) REFERENCES staff_users (municipality_id, id)
);
CREATE INDEX webhooks_by_municipality ON webhooks (municipality_id, active);

-- The payload carries what a Fachverfahren needs to fetch the case (case id and number, service, department,
-- step, status), never the citizen's name or contact details. last_error holds the status code or error kind,
-- never a response body.
CREATE TABLE webhook_deliveries (
  municipality_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  webhook_id uuid NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text CHECK (last_error IS NULL OR length(last_error) <= 300),
  last_status_code integer,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id),
  FOREIGN KEY (municipality_id, webhook_id) REFERENCES webhooks (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC);
CREATE INDEX webhook_deliveries_dead ON webhook_deliveries (municipality_id, created_at DESC)
  WHERE status = 'dead';
