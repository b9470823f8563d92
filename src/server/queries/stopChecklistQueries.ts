import type { Kysely } from 'kysely';
import { stopChecklistItems, type ChecklistItemTemplate } from '../../domain/stopChecklist.ts';
import type { Database, StopChecklistItem } from '../../db/schema.ts';
import { notFound } from '../problem.ts';
import { findStop } from './stopQueries.ts';

export interface StopChecklistView {
  stopId: string;
  items: (ChecklistItemTemplate & {
    nameDe: string | null;
    nameEn: string | null;
    status: 'ok' | 'problem' | null;
    note: string | null;
  })[];
  signedOff: { at: string; byUserId: string; problems: number } | null;
}

/** The stop's checklist as generated now, and the answers of its sign-off when there is one. */
export async function loadStopChecklist(
  db: Kysely<Database>,
  municipalityId: string,
  stopId: string,
): Promise<StopChecklistView> {
  const stop = await findStop(db, municipalityId, stopId);
  if (!stop) throw notFound('stop', 'stopId', stopId);
  const [kit, items, kinds, signed] = await Promise.all([
    db
      .selectFrom('unit_equipment')
      .select('equipment_kind_id as kind')
      .where('municipality_id', '=', municipalityId)
      .where('unit_id', '=', stop.unit.id)
      .execute(),
    db
      .selectFrom('equipment_items')
      .select('equipment_kind_id as kind')
      .where('municipality_id', '=', municipalityId)
      .where('unit_id', '=', stop.unit.id)
      .execute(),
    db
      .selectFrom('equipment_kinds')
      .select(['id', 'name_de', 'name_en'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
    db
      .selectFrom('stop_checklists')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .executeTakeFirst(),
  ]);
  const templates = stopChecklistItems(
    [...kit.map((row) => row.kind), ...items.map((row) => row.kind)],
    stop.services.length,
  );
  const answers = new Map(((signed?.items ?? []) as StopChecklistItem[]).map((item) => [item.key, item]));
  return {
    stopId,
    items: templates.map((item) => {
      const kind = item.equipmentKind ? kinds.find((k) => k.id === item.equipmentKind) : undefined;
      const answer = answers.get(item.key);
      return {
        ...item,
        nameDe: kind?.name_de ?? null,
        nameEn: kind?.name_en ?? null,
        status: answer?.status ?? null,
        note: answer?.note ?? null,
      };
    }),
    signedOff: signed
      ? {
          at: new Date(signed.signed_off_at).toISOString(),
          byUserId: signed.signed_off_by,
          problems: signed.problems,
        }
      : null,
  };
}

export interface ChecklistProblemEntry {
  stopId: string;
  date: string;
  siteName: string;
  unitName: string;
  /** When the checklist was signed off; null when the stop opened without it. */
  signedOffAt: string | null;
  problems: { key: string; note: string }[];
  /** The clerk's reason for opening the stop without a signed-off checklist. */
  openedWithoutChecklist: { reason: string; at: string } | null;
}

/**
 * For the planners, stops from `fromDate` on that need a look: problems reported on their checklists, and
 * openings without a signed-off checklist (with the clerk's reason). Newest first.
 */
export async function listChecklistProblems(
  db: Kysely<Database>,
  municipalityId: string,
  fromDate: string,
): Promise<ChecklistProblemEntry[]> {
  const rows = await db
    .selectFrom('stops')
    .leftJoin('stop_checklists', 'stop_checklists.stop_id', 'stops.id')
    .innerJoin('sites', (join) =>
      join
        .onRef('sites.municipality_id', '=', 'stops.municipality_id')
        .onRef('sites.id', '=', 'stops.site_id'),
    )
    .innerJoin('units', (join) =>
      join
        .onRef('units.municipality_id', '=', 'stops.municipality_id')
        .onRef('units.id', '=', 'stops.unit_id'),
    )
    .select([
      'stops.id as stop_id',
      'stops.local_date',
      'stops.opened_without_checklist_reason',
      'stops.opened_without_checklist_at',
      'stop_checklists.items',
      'stop_checklists.signed_off_at',
      'sites.name as site_name',
      'units.name as unit_name',
    ])
    .where('stops.municipality_id', '=', municipalityId)
    .where('stops.local_date', '>=', fromDate)
    .where((eb) =>
      eb.or([
        eb('stop_checklists.problems', '>', 0),
        eb('stops.opened_without_checklist_reason', 'is not', null),
      ]),
    )
    .limit(200)
    .execute();
  const latest = (row: (typeof rows)[number]) =>
    Math.max(
      row.signed_off_at ? new Date(row.signed_off_at).getTime() : 0,
      row.opened_without_checklist_at ? new Date(row.opened_without_checklist_at).getTime() : 0,
    );
  return rows
    .sort((a, b) => latest(b) - latest(a))
    .map((row) => ({
      stopId: row.stop_id,
      date: row.local_date,
      siteName: row.site_name,
      unitName: row.unit_name,
      signedOffAt: row.signed_off_at ? new Date(row.signed_off_at).toISOString() : null,
      problems: ((row.items ?? []) as StopChecklistItem[])
        .filter((item) => item.status === 'problem')
        .map((item) => ({ key: item.key, note: item.note ?? '' })),
      openedWithoutChecklist:
        row.opened_without_checklist_reason && row.opened_without_checklist_at
          ? {
              reason: row.opened_without_checklist_reason,
              at: new Date(row.opened_without_checklist_at).toISOString(),
            }
          : null,
    }));
}
