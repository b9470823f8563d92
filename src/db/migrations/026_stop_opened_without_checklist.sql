-- A stop opened at the station without a signed-off readiness checklist (tracker issue 8, item 7): the clerk's
-- reason and when it arrived. Shown to the planners next to the problems reported on checklists.
ALTER TABLE stops ADD COLUMN opened_without_checklist_reason text
  CHECK (opened_without_checklist_reason IS NULL OR length(opened_without_checklist_reason) BETWEEN 1 AND 500);
ALTER TABLE stops ADD COLUMN opened_without_checklist_at timestamptz;
