import { sql, type Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { localDateOf } from '../../domain/time.ts';
import { readTownHallCounts, type TownHallIssue } from '../../domain/townHallCounts.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { MAX_TOWN_HALL_FILE_CHARS, splitTownHallCsv } from '../import/townHallCsv.ts';

export interface TownHallCountsImportProps {
  municipalityId: string;
  /** `staffActor(userId)`: recorded with the import and in the audit trail. */
  actor: string;
  /** The file name as the person chose it: named in every problem and kept with the import. */
  fileName: string;
  text: string;
  /** The municipality's calendar day (counts after it are refused); today in Berlin unless given. */
  today?: string;
}

export interface TownHallCountsImportResult {
  importId: string;
  fileName: string;
  rows: number;
  days: number;
  services: number;
  firstDay: string;
  lastDay: string;
  /** The sum of the counts imported. */
  total: number;
  /** Counts of earlier imports on the same days that this import replaced. */
  replacedRows: number;
}

/** A file:row:field problem of an import, as the problem's `details.issues` lists it. */
export interface TownHallImportIssue extends TownHallIssue {
  file: string;
}

/** At most this many problems are listed (the first ones, by line); `details.issueCount` has them all. */
export const MAX_LISTED_ISSUES = 100;
const INSERT_CHUNK = 1000;

function invalid(file: string, issues: TownHallIssue[]): DomainError {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => ({ file, ...issue }));
  return new DomainError('import_invalid', {
    field: issues[0]?.field ?? '(file)',
    message:
      `${issues.length} problem(s) found, nothing imported:\n` +
      listed.map((issue) => `${file}:${issue.row}:${issue.field}: ${issue.message}`).join('\n'),
    details: { file, issueCount: issues.length, issues: listed },
  });
}

/**
 * Imports the town hall's daily counts per service from a CSV file (`datum;leistung;anzahl`, see
 * src/domain/townHallCounts.ts): every row is checked against the catalogue first, and when any is wrong
 * nothing is written. A good file replaces the counts of every day it covers, in one transaction with the
 * import's record and its audit event.
 */
export async function importTownHallCounts(
  db: Kysely<Database>,
  props: TownHallCountsImportProps,
): Promise<TownHallCountsImportResult> {
  const file = props.fileName;
  if (props.text.length > MAX_TOWN_HALL_FILE_CHARS) {
    throw invalid(file, [
      {
        row: 0,
        field: '(file)',
        code: 'file_too_large',
        message: `the file is larger than ${MAX_TOWN_HALL_FILE_CHARS} characters: split it`,
      },
    ]);
  }
  const csv = splitTownHallCsv(props.text);
  if (!csv.ok) throw invalid(file, csv.issues);
  const services = await db
    .selectFrom('services')
    .select(['id', 'name_de'])
    .where('municipality_id', '=', props.municipalityId)
    .execute();
  const reading = readTownHallCounts(
    csv.lines,
    services.map((service) => ({ id: service.id, nameDe: service.name_de })),
    props.today ?? localDateOf(Date.now()),
  );
  if (!reading.ok) throw invalid(file, reading.issues);
  const { counts } = reading;
  const days = [...new Set(counts.map((count) => count.day))].sort();

  return db.transaction().execute(async (trx) => {
    // One import per municipality at a time: two files covering the same day would otherwise both delete the
    // day's old counts and then collide on inserting their own.
    await sql`SELECT pg_advisory_xact_lock(hashtext('town_hall_counts'), hashtext(${props.municipalityId}))`.execute(
      trx,
    );
    const replaced = await trx
      .deleteFrom('town_hall_counts')
      .where('municipality_id', '=', props.municipalityId)
      .where('day', 'in', days)
      .executeTakeFirst();
    const replacedRows = Number(replaced.numDeletedRows);
    const { id: importId } = await trx
      .insertInto('town_hall_imports')
      .values({
        municipality_id: props.municipalityId,
        file_name: file,
        actor: props.actor,
        row_count: counts.length,
        day_count: days.length,
        first_day: days[0]!,
        last_day: days.at(-1)!,
        replaced_rows: replacedRows,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let start = 0; start < counts.length; start += INSERT_CHUNK) {
      await trx
        .insertInto('town_hall_counts')
        .values(
          counts.slice(start, start + INSERT_CHUNK).map((count) => ({
            municipality_id: props.municipalityId,
            day: count.day,
            service_id: count.serviceId,
            count: count.count,
            import_id: importId,
          })),
        )
        .execute();
    }
    const result: TownHallCountsImportResult = {
      importId,
      fileName: file,
      rows: counts.length,
      days: days.length,
      services: new Set(counts.map((count) => count.serviceId)).size,
      firstDay: days[0]!,
      lastDay: days.at(-1)!,
      total: counts.reduce((sum, count) => sum + count.count, 0),
      replacedRows,
    };
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'town_hall_counts.imported',
      subjectType: 'evaluation',
      subjectId: importId,
      details: {
        file,
        rows: result.rows,
        days: result.days,
        services: result.services,
        firstDay: result.firstDay,
        lastDay: result.lastDay,
        replacedRows,
      },
    });
    return result;
  });
}
