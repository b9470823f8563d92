import type { Kysely, Transaction } from 'kysely';
import type { Readable } from 'node:stream';
import type { Database, DemandLayerKind } from '../../../db/schema.ts';
import { DomainError } from '../../../domain/errors.ts';
import { municipalityArea, type ClipArea, type OutlineGeometry } from '../../../planning/clip.ts';
import { detectDelimiter, splitLine } from '../../../planning/csv.ts';
import {
  readGridHeader,
  readGridRow,
  readPointsHeader,
  readPointsRow,
  ZENSUS_LICENCE,
  ZENSUS_REFERENCE_DATE,
  ZENSUS_SOURCE,
  type LayerIssue,
} from '../../../planning/demandLayers.ts';
import { recordAudit } from '../../audit.ts';
import { linesOf } from '../../import/csvLines.ts';

/** At most this many problems are listed; `details.issueCount` counts them all. */
export const MAX_LISTED_LAYER_ISSUES = 100;
/** Rows per INSERT: 8 columns × 1,000 rows stays far below PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 1000;
/** The largest file accepted (the 100 m grid of all Germany is about 150 MB). */
export const MAX_LAYER_FILE_BYTES = 400 * 1024 * 1024;
/** The most points a points CSV may have. */
export const MAX_POINTS = 20_000;

export interface DemandLayerMeta {
  name?: string | undefined;
  source?: string | undefined;
  /** YYYY-MM-DD: the day the figures describe. */
  sourceDate?: string | undefined;
  licence?: string | undefined;
}

export interface DemandLayerImportProps {
  municipalityId: string;
  /** `staffActor(userId)` or `cli:<user>`. */
  actor: string;
  kind: DemandLayerKind;
  fileName: string;
  input: Readable;
  meta?: DemandLayerMeta;
  /** Bytes read so far (the CLI prints progress from it). */
  onProgress?: (progress: { bytes: number; rows: number }) => void;
}

export interface DemandLayerImportResult {
  layerId: string;
  kind: DemandLayerKind;
  fileName: string;
  rowsRead: number;
  points: number;
  rowsOutside: number;
  weightTotal: number;
  residents65plusTotal: number | null;
  cellSizeM: number | null;
  clip: 'outline' | 'box' | null;
}

function refuse(file: string, issues: LayerIssue[], issueCount = issues.length): DomainError {
  const listed = issues.slice(0, MAX_LISTED_LAYER_ISSUES).map((issue) => ({ file, ...issue }));
  return new DomainError('import_invalid', {
    field: issues[0]?.field ?? '(file)',
    message:
      `${issueCount} problem(s) found, nothing imported:\n` +
      listed.map((issue) => `${file}:${issue.row}:${issue.field}: ${issue.message}`).join('\n'),
    details: { file, issueCount, issues: listed },
  });
}

/** The area demand is clipped to: the districts' outlines, else a box around reference points. */
export async function loadMunicipalityArea(
  db: Kysely<Database> | Transaction<Database>,
  municipalityId: string,
): Promise<ClipArea> {
  const [districts, sites] = await Promise.all([
    db
      .selectFrom('districts')
      .select(['lat', 'lon', 'parent_id', 'outline'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
    db.selectFrom('sites').select(['lat', 'lon']).where('municipality_id', '=', municipalityId).execute(),
  ]);
  if (districts.length === 0) {
    throw new DomainError('import_invalid', {
      field: '(file)',
      message: 'the municipality has no districts, so there is no area to clip the layer to',
      details: { file: '', issueCount: 1, issues: [] },
    });
  }
  return municipalityArea(
    districts.map((row) => ({
      lat: row.lat,
      lon: row.lon,
      parentId: row.parent_id,
      outline: row.outline as OutlineGeometry | null,
    })),
    sites,
  );
}

type PointRow = Database['demand_layer_points'] extends infer T ? { [K in keyof T]: T[K] } : never;

/**
 * Imports a demand layer from a CSV stream: the Zensus 2022 grid (100 m or 1 km, EPSG:3035, age groups
 * where given) or a points CSV (`name;lat;lon;weight[;category]`). Rows stream through in batches inside
 * one transaction, so memory stays flat; any problem (named file:row:field) rolls everything back. Grid
 * cells outside the municipality are left out; a file with none inside is refused (wrong CRS or area).
 */
export async function importDemandLayer(
  db: Kysely<Database>,
  props: DemandLayerImportProps,
): Promise<DemandLayerImportResult> {
  const file = props.fileName;
  const area = await loadMunicipalityArea(db, props.municipalityId);
  return db.transaction().execute(async (trx) => {
    const isGrid = props.kind === 'grid';
    const meta = props.meta ?? {};
    const layer = await trx
      .insertInto('demand_layers')
      .values({
        municipality_id: props.municipalityId,
        kind: props.kind,
        name: (meta.name ?? '').trim() || (isGrid ? 'Zensus 2022' : file),
        file_name: file,
        source: (meta.source ?? '').trim() || (isGrid ? ZENSUS_SOURCE : file),
        source_date: meta.sourceDate ?? (isGrid ? ZENSUS_REFERENCE_DATE : null),
        licence: (meta.licence ?? '').trim() || (isGrid ? ZENSUS_LICENCE : 'keine Angabe'),
        point_count: 0,
        rows_read: 0,
        weight_total: 0,
        imported_by: props.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const issues: LayerIssue[] = [];
    let issueCount = 0;
    const note = (found: readonly LayerIssue[]) => {
      issueCount += found.length;
      for (const issue of found) if (issues.length < MAX_LISTED_LAYER_ISSUES) issues.push(issue);
    };
    let batch: PointRow[] = [];
    let seq = 0;
    let rowsRead = 0;
    let rowsOutside = 0;
    let weightTotal = 0;
    let seniorsTotal: number | null = null;
    let cellSizeM: number | null = null;
    const flush = async () => {
      if (batch.length === 0) return;
      if (issueCount === 0) await trx.insertInto('demand_layer_points').values(batch).execute();
      batch = [];
    };

    let delimiter = ';';
    let header: string[] | undefined;
    let readRow: ((cells: string[], row: number) => void) | undefined;
    let bytesRead = 0;
    for await (const { line, number } of linesOf(props.input, (bytes) => {
      bytesRead = bytes;
      if (bytes > MAX_LAYER_FILE_BYTES) {
        throw refuse(file, [
          {
            row: 0,
            field: '(file)',
            code: 'too_many_rows',
            message: `the file is larger than ${MAX_LAYER_FILE_BYTES / 1024 / 1024} MB`,
          },
        ]);
      }
    })) {
      if (line.trim() === '') continue;
      if (!header) {
        delimiter = detectDelimiter(line);
        header = splitLine(line, delimiter).map((name) => name.replace(/^"|"$/g, ''));
        if (isGrid) {
          const read = readGridHeader(header);
          if (!read.ok) throw refuse(file, read.issues);
          const columns = read.columns;
          cellSizeM = columns.cellSizeM;
          if (columns.ageBands.length > 0) seniorsTotal = 0;
          readRow = (cells, row) => {
            const { cell, issues: found } = readGridRow(columns, cells, row, header!);
            if (found.length > 0) return note(found);
            if (!cell) return;
            if (!area.contains(cell)) {
              rowsOutside++;
              return;
            }
            weightTotal += cell.residents;
            if (cell.residents65plus !== null) seniorsTotal = (seniorsTotal ?? 0) + cell.residents65plus;
            batch.push({
              layer_id: layer.id,
              seq: seq++,
              lat: cell.lat,
              lon: cell.lon,
              weight: cell.residents,
              residents_65plus: cell.residents65plus,
              label: cell.id.slice(0, 200),
              category: null,
            });
          };
        } else {
          const read = readPointsHeader(header);
          if (!read.ok) throw refuse(file, read.issues);
          const columns = read.columns;
          readRow = (cells, row) => {
            const { point, issues: found } = readPointsRow(columns, cells, row, (p) => area.contains(p));
            if (found.length > 0) return note(found);
            if (!point) return;
            if (seq >= MAX_POINTS) {
              return note([
                { row, field: '(file)', code: 'too_many_rows', message: `at most ${MAX_POINTS} points` },
              ]);
            }
            weightTotal += point.weight;
            batch.push({
              layer_id: layer.id,
              seq: seq++,
              lat: point.lat,
              lon: point.lon,
              weight: point.weight,
              residents_65plus: null,
              label: point.name,
              category: point.category,
            });
          };
        }
        continue;
      }
      rowsRead++;
      readRow!(splitLine(line, delimiter), number);
      if (batch.length >= INSERT_BATCH) await flush();
      if (props.onProgress && rowsRead % 10_000 === 0) props.onProgress({ bytes: bytesRead, rows: rowsRead });
    }
    if (!header) {
      throw refuse(file, [{ row: 0, field: '(file)', code: 'empty_file', message: 'the file is empty' }]);
    }
    if (issueCount > 0) throw refuse(file, issues, issueCount);
    await flush();
    if (seq === 0) {
      throw refuse(file, [
        isGrid
          ? {
              row: 0,
              field: '(file)',
              code: 'none_in_municipality',
              message: `none of the ${rowsRead} populated cells lies in the municipality: is the file in EPSG:3035, and for this area?`,
            }
          : { row: 0, field: '(file)', code: 'empty_file', message: 'the file has no points' },
      ]);
    }
    await trx
      .updateTable('demand_layers')
      .set({
        point_count: seq,
        rows_read: rowsRead,
        rows_outside: rowsOutside,
        weight_total: weightTotal,
        residents_65plus_total: seniorsTotal,
        cell_size_m: cellSizeM,
        clip: isGrid ? area.kind : null,
      })
      .where('id', '=', layer.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'demand_layer.imported',
      subjectType: 'demand_layer',
      subjectId: layer.id,
      details: { kind: props.kind, points: seq, rowsRead, rowsOutside },
    });
    props.onProgress?.({ bytes: bytesRead, rows: rowsRead });
    return {
      layerId: layer.id,
      kind: props.kind,
      fileName: file,
      rowsRead,
      points: seq,
      rowsOutside,
      weightTotal,
      residents65plusTotal: seniorsTotal,
      cellSizeM,
      clip: isGrid ? area.kind : null,
    };
  });
}

/** Deletes a demand layer and its points. */
export async function deleteDemandLayer(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; layerId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('demand_layers')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.layerId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) {
      throw new DomainError('not_found', { field: 'layerId', message: `no demand layer "${props.layerId}"` });
    }
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'demand_layer.deleted',
      subjectType: 'demand_layer',
      subjectId: props.layerId,
    });
  });
}
