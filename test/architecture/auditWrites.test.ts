import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const helper = 'src/server/audit.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** A write to the audit table by Kysely (`insertInto('audit_events')`) or by SQL (`INSERT INTO audit_events`). */
const directAuditWrite = /insertInto\(\s*['"`]audit_events['"`]\s*\)|insert\s+into\s+"?audit_events"?/i;

describe('audit writes', () => {
  const writers = sourceFiles(join(root, 'src'))
    .filter((file) => directAuditWrite.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file).replaceAll('\\', '/'));

  it('go through recordAudit only, which refuses personal data', () => {
    expect(writers.filter((file) => file !== helper)).toEqual([]);
  });

  it('are found where they are (the search itself works)', () => {
    expect(writers).toContain(helper);
  });
});
