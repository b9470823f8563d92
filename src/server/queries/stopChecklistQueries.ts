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

/** Problems reported on checklists of stops from `fromDate` on, newest first: for the planners. */
export async function listChecklistProblems(db: Kysely<Database>, municipalityId: string, fromDate: string) {
  const rows = await db
    .selectFrom('stop_checklists')
    .innerJoin('stops', 'stops.id', 'stop_checklists.stop_id')
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
      'stop_checklists.stop_id',
      'stop_checklists.items',
      'stop_checklists.signed_off_at',
      'stops.local_date',
      'sites.name as site_name',
      'units.name as unit_name',
    ])
    .where('stop_checklists.municipality_id', '=', municipalityId)
    .where('stop_checklists.problems', '>', 0)
    .where('stops.local_date', '>=', fromDate)
    .orderBy('stop_checklists.signed_off_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    stopId: row.stop_id,
    date: row.local_date,
    siteName: row.site_name,
    unitName: row.unit_name,
    signedOffAt: new Date(row.signed_off_at).toISOString(),
    problems: (row.items as StopChecklistItem[])
      .filter((item) => item.status === 'problem')
      .map((item) => ({ key: item.key, note: item.note ?? '' })),
  }));
}
