-- Mail back-off over hours (issue 17, item 6) and planning runs owned by a live process (item 11).

-- A failed send waits before its next attempt (1 min, 5 min, 30 min, 2 h, 6 h …); after the last attempt the
-- mail is 'failed', which admins see and can send again.
ALTER TABLE mails ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE mails ADD COLUMN failed_at timestamptz;
DROP INDEX mails_pending;
CREATE INDEX mails_pending ON mails (coalesce(next_attempt_at, created_at)) WHERE status = 'pending';
CREATE INDEX mails_failed ON mails (municipality_id, failed_at DESC) WHERE status = 'failed';

-- Each server process with a scenario runner registers here and renews `seen_at` while it lives. A run whose
-- owner is not live (killed, crashed) is marked failed at the next start, so it can be run again or deleted.
CREATE TABLE scenario_runners (
  id text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE planning_scenarios ADD COLUMN runner_id text;
