-- Visit feedback (tracker issue 10, item 2): after a finished visit one mail with a short survey; walk-ins answer
-- on their ticket page. The answers are kept WITHOUT any link to the person or the visit: visit_feedback has no
-- booking, ticket, token or time column. "One answer per visit" is enforced by visit_feedback_uses: the primary
-- key is the hash of the visit's survey token (a booking's feedback token, a walk-in ticket's token), and it has
-- no column that could be joined to an answer.

-- Opt-out at booking time ("keine Umfrage nach dem Besuch").
ALTER TABLE bookings ADD COLUMN feedback_opt_out boolean NOT NULL DEFAULT false;
-- The hash of the survey link's token, written with the one invitation mail; cleared on anonymisation.
ALTER TABLE bookings ADD COLUMN feedback_token_hash text;
ALTER TABLE bookings ADD COLUMN feedback_invited_at timestamptz;
CREATE UNIQUE INDEX bookings_feedback_token ON bookings (feedback_token_hash)
  WHERE feedback_token_hash IS NOT NULL;

-- The used-flag of a visit's survey: one row per answered visit.
CREATE TABLE visit_feedback_uses (
  visit_key text PRIMARY KEY
);

-- The answers: which stop (site and unit follow from it) and channel, and the three questions.
CREATE TABLE visit_feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  stop_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('booked', 'walk_in')),
  satisfaction smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  would_use_again text NOT NULL CHECK (would_use_again IN ('yes', 'no', 'unsure')),
  time_compared text CHECK (time_compared IN ('saved_much', 'saved_some', 'same', 'more', 'unsure')),
  travel_mode text CHECK (travel_mode IN ('foot', 'bike', 'bus', 'car', 'other')),
  FOREIGN KEY (municipality_id, stop_id) REFERENCES stops (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX visit_feedback_by_stop ON visit_feedback (stop_id);

-- Opt-out by the link in a survey mail: no survey mails to this recipient (a keyed hash, as for the mail cap).
CREATE TABLE feedback_opt_outs (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  recipient_key text NOT NULL,
  PRIMARY KEY (municipality_id, recipient_key)
);
