-- Public transport timetables (tracker issue 13, "Access"): a GTFS feed a planner uploads, stored as the
-- transit router reads it (src/planning/gtfs.ts, GtfsFeed: stops, routes, services, trips with their times,
-- transfers) in one JSON document per upload, with its name, upload date and the days it is valid. The
-- newest feed is the one scenarios use.
CREATE TABLE gtfs_feeds (
  municipality_id uuid NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  uploaded_by text NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL CHECK (valid_to >= valid_from),
  stop_count integer NOT NULL CHECK (stop_count >= 0),
  route_count integer NOT NULL CHECK (route_count >= 0),
  trip_count integer NOT NULL CHECK (trip_count >= 0),
  stop_time_count integer NOT NULL CHECK (stop_time_count >= 0),
  feed jsonb NOT NULL CHECK (jsonb_typeof(feed) = 'object'),
  PRIMARY KEY (id),
  UNIQUE (municipality_id, id)
);

CREATE INDEX gtfs_feeds_newest ON gtfs_feeds (municipality_id, uploaded_at DESC);
