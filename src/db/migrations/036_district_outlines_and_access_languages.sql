-- Issue 9: a district's outline where the data has one (GeoJSON Polygon or MultiPolygon in WGS 84, drawn on
-- the citizen maps; without one, the map shows the district's area another way), and a site's access
-- information in the portal's further languages ({"en": "…", "tr": "…", "uk": "…", "ar": "…"}; the German text
-- stays in sites.accessibility).
ALTER TABLE districts ADD COLUMN outline jsonb
  CHECK (outline IS NULL OR (jsonb_typeof(outline) = 'object' AND outline ->> 'type' IN ('Polygon', 'MultiPolygon')));

ALTER TABLE sites ADD COLUMN accessibility_translations jsonb NOT NULL DEFAULT '{}'::jsonb
  CHECK (jsonb_typeof(accessibility_translations) = 'object');
