-- Issue 15: citizens take part. A suggestion for a stop (a place inside the municipality or a venue), supports
-- (one per confirmed e-mail per suggestion, double opt-in), comments on the project page and on suggestions
-- (pre-moderation for first-time writers, post-moderation after that, official staff answers), reports on
-- comments, and every moderation decision with who, when and the reason code.
--
-- Personal data: the e-mail address is kept only where a mail must still go to it (the author of a suggestion
-- or a comment is told of the moderation decision) and is removed by the personalDataAnonymiser after the
-- retention period. Supports keep no address at all: the confirmation mail is written to the outbox, the row
-- keeps only `email_hash`, the keyed hash (HMAC, src/server/keyedHash.ts) of the normalised address, which makes
-- "one support per e-mail" and "first-time writer" decidable without the address. Link secrets: only hashes.
CREATE TABLE suggestions (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- A place on the map, or a venue (a site); the position of a venue is the site's.
  site_id text,
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK (site_id IS NOT NULL OR lat IS NOT NULL),
  -- The nearest district's id (for the planner's list and the demand layer), derived when created.
  district_id text,
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 2000),
  service_ids text[] NOT NULL DEFAULT '{}' CHECK (cardinality(service_ids) <= 20),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'rejected', 'hidden')),
  -- The author's address for the decision mail (null after the retention period) and its keyed hash.
  email text,
  email_hash text,
  locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en', 'tr', 'uk', 'ar')),
  confirm_token_hash text,
  -- Null until the author opened the link in the mail; only confirmed suggestions reach the moderators.
  confirmed_at timestamptz,
  -- The planner's answer.
  answer text CHECK (answer IN ('planned', 'not_planned', 'done')),
  answer_reason text CHECK (char_length(answer_reason) <= 2000),
  CHECK (answer IS DISTINCT FROM 'not_planned' OR answer_reason IS NOT NULL),
  answered_at timestamptz,
  answered_by uuid,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  anonymised_at timestamptz,
  PRIMARY KEY (id),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, site_id) REFERENCES sites (municipality_id, id)
);
CREATE INDEX suggestions_status ON suggestions (municipality_id, status, created_at);

CREATE TABLE suggestion_supports (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  suggestion_id uuid NOT NULL,
  email_hash text NOT NULL,
  token_hash text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  withdrawn_at timestamptz,
  PRIMARY KEY (id),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, suggestion_id) REFERENCES suggestions (municipality_id, id) ON DELETE CASCADE
);
-- One support per e-mail and suggestion (a withdrawn one does not count, so it may be given again).
CREATE UNIQUE INDEX suggestion_supports_one_per_email ON suggestion_supports (suggestion_id, email_hash)
  WHERE status <> 'withdrawn';
CREATE INDEX suggestion_supports_count ON suggestion_supports (suggestion_id, status);

CREATE TABLE comments (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- On the project page, or on one suggestion.
  target_type text NOT NULL CHECK (target_type IN ('project', 'suggestion')),
  suggestion_id uuid,
  CHECK ((target_type = 'suggestion') = (suggestion_id IS NOT NULL)),
  -- An official answer names the comment it answers.
  reply_to uuid,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'rejected', 'hidden')),
  -- A staff answer, marked as official; it has no e-mail and needs no confirmation.
  official boolean NOT NULL DEFAULT false,
  staff_user_id uuid,
  CHECK (NOT official OR staff_user_id IS NOT NULL),
  email text,
  email_hash text,
  CHECK (official OR email_hash IS NOT NULL),
  locale text NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en', 'tr', 'uk', 'ar')),
  confirm_token_hash text,
  confirmed_at timestamptz,
  -- Published at confirmation without a moderator (a writer with an earlier published comment).
  post_moderated boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  anonymised_at timestamptz,
  PRIMARY KEY (id),
  UNIQUE (municipality_id, id),
  FOREIGN KEY (municipality_id, suggestion_id) REFERENCES suggestions (municipality_id, id) ON DELETE CASCADE,
  FOREIGN KEY (municipality_id, reply_to) REFERENCES comments (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX comments_target ON comments (municipality_id, target_type, suggestion_id, status, created_at);
CREATE INDEX comments_writer ON comments (municipality_id, email_hash, status);

CREATE TABLE comment_reports (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  comment_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('spam', 'offensive', 'personal_data', 'off_topic', 'other')),
  note text CHECK (char_length(note) <= 500),
  -- The reporter's client key (keyed hash): one report per client and comment.
  client_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  PRIMARY KEY (id),
  UNIQUE (comment_id, client_key),
  FOREIGN KEY (municipality_id, comment_id) REFERENCES comments (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX comment_reports_open ON comment_reports (municipality_id, resolved_at);

CREATE TABLE moderation_decisions (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  content_type text NOT NULL CHECK (content_type IN ('suggestion', 'comment')),
  content_id uuid NOT NULL,
  decision text NOT NULL CHECK (decision IN ('publish', 'reject', 'hide')),
  reason_code text NOT NULL
    CHECK (reason_code IN ('fits_rules', 'spam', 'offensive', 'personal_data', 'off_topic', 'duplicate', 'other')),
  decided_by uuid NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id)
);
CREATE INDEX moderation_decisions_content ON moderation_decisions (municipality_id, content_type, content_id);
