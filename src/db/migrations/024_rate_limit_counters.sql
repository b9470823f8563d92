-- Request counters of the rate limits, shared by every process of a deployment (tracker issue 12). The key is a
-- keyed hash of the route and the client address, never the address itself; rows past their window are deleted
-- by the periodic clean-up.
CREATE TABLE rate_limit_counters (
  key text PRIMARY KEY,
  hits integer NOT NULL CHECK (hits >= 1),
  reset_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_counters_by_reset ON rate_limit_counters (reset_at);
