-- The DMS's own id of the record it created for a case (0630 Rueckgabeparameter/IDSGO): the documents of a
-- 'record' hand-off are filed into it (0605 IDContainer). And where the DMS filed it, as it says.
ALTER TABLE efile_hand_offs
  ADD COLUMN dms_record_id text CHECK (length(dms_record_id) BETWEEN 1 AND 200),
  ADD COLUMN dms_location text CHECK (length(dms_location) BETWEEN 1 AND 1000),
  ADD COLUMN documents integer NOT NULL DEFAULT 0 CHECK (documents >= 0);
-- A confirmation names the message by its process id; it is unique anyway (the primary key).
