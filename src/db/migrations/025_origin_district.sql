-- "Aus welchem Stadtteil kommen Sie?" (tracker issue 10): the optional answer of a waiting-list request and a
-- walk-in ticket, as bookings already keep it in district_id. Not personal on its own: kept when the personal
-- data is anonymised, for the evaluation's catchment figures.
ALTER TABLE waitlist_requests ADD COLUMN origin_district_id text;
ALTER TABLE tickets ADD COLUMN origin_district_id text;
