-- Each municipality brings its own legal texts (imprint, accessibility statement, its part of the privacy
-- notice) and its contact for citizens, so a second municipality shows its own. Shape: see
-- MunicipalityLegal in src/db/schema.ts.
ALTER TABLE municipalities ADD COLUMN contact jsonb NOT NULL DEFAULT '{}';
ALTER TABLE municipalities ADD COLUMN legal jsonb NOT NULL DEFAULT '{}';

-- The portal, the mails and the walk-in pages speak German, English, Turkish, Ukrainian and Arabic.
ALTER TABLE bookings DROP CONSTRAINT bookings_locale_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_locale_check CHECK (locale IN ('de', 'en', 'tr', 'uk', 'ar'));
ALTER TABLE waitlist_requests DROP CONSTRAINT waitlist_requests_locale_check;
ALTER TABLE waitlist_requests ADD CONSTRAINT waitlist_requests_locale_check
  CHECK (locale IN ('de', 'en', 'tr', 'uk', 'ar'));
ALTER TABLE site_subscriptions DROP CONSTRAINT site_subscriptions_locale_check;
ALTER TABLE site_subscriptions ADD CONSTRAINT site_subscriptions_locale_check
  CHECK (locale IN ('de', 'en', 'tr', 'uk', 'ar'));
ALTER TABLE tickets DROP CONSTRAINT tickets_locale_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_locale_check CHECK (locale IN ('de', 'en', 'tr', 'uk', 'ar'));
