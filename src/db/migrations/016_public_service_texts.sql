-- What happens after the visit (collecting the ID card: when, where), in German and English, for citizens.
-- The research notes (second_visit, fee_note, online_note …) stay staff-only.
ALTER TABLE services ADD COLUMN after_visit_de text;
ALTER TABLE services ADD COLUMN after_visit_en text;
