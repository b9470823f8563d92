import { ApiProblem } from '../../../api/client.ts';
import type { FieldError } from './BackOfficeForm.tsx';

/** A file the server refused as a whole (422 `import_invalid`): its name, how many problems, the first ones. */
export interface ImportRefusal<Issue> {
  file: string;
  issueCount: number;
  issues: Issue[];
}

export interface ImportRefusalOptions<Issue> {
  /** The name of the file sent, when the answer names none. */
  fileName: string;
  /** How many problems the error summary lists (each links to its row of the page's problem table). */
  shown: number;
  /** The id of the problem table's row for the problem at `index`. */
  issueId: (index: number) => string;
  /** The summary's entry for one problem. */
  entry: (issue: Issue) => string;
  /** The id of the problem table, for the entry saying how many more problems there are. */
  tableId: string;
  /** The entry saying how many more problems there are. */
  more: (count: number) => string;
}

/**
 * An import's refusal and the error summary's entries for it, or null when `error` is not an import refusal
 * (the town hall counts, demand layers and timetables are refused the same way).
 */
export function importRefusal<Issue>(
  error: unknown,
  options: ImportRefusalOptions<Issue>,
): { refusal: ImportRefusal<Issue>; errors: FieldError[] } | null {
  const details = error instanceof ApiProblem ? error.details : undefined;
  if (!(error instanceof ApiProblem) || error.code !== 'import_invalid' || !Array.isArray(details?.issues))
    return null;
  const refusal: ImportRefusal<Issue> = {
    file: typeof details.file === 'string' ? details.file : options.fileName,
    issueCount: Number(details.issueCount ?? details.issues.length),
    issues: details.issues as Issue[],
  };
  const linked = refusal.issues.slice(0, options.shown).map((issue, index) => ({
    fieldId: options.issueId(index),
    message: options.entry(issue),
  }));
  const rest = refusal.issueCount - linked.length;
  return {
    refusal,
    errors: rest > 0 ? [...linked, { fieldId: options.tableId, message: options.more(rest) }] : linked,
  };
}
