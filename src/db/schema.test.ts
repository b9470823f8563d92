import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds } from '../../test/support/testDatabase.ts';
import type { DatabaseHandle } from './connection.ts';

/** Tables and their columns as the Kysely types declare them (schema.ts and staffSchema.ts), read by the compiler. */
function declaredTables(): Map<string, string[]> {
  const staffSchema = fileURLToPath(new URL('./staffSchema.ts', import.meta.url));
  const program = ts.createProgram([staffSchema], {
    noEmit: true,
    noLib: true,
    allowImportingTsExtensions: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(staffSchema)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const database = checker
    .getExportsOfModule(moduleSymbol)
    .find((symbol) => symbol.name === 'StaffDatabase')!;
  const databaseType = checker.getDeclaredTypeOfSymbol(database);
  const tables = new Map<string, string[]>();
  for (const table of checker.getPropertiesOfType(databaseType)) {
    const tableType = checker.getTypeOfSymbol(table);
    tables.set(
      table.name,
      checker
        .getPropertiesOfType(tableType)
        .map((column) => column.name)
        .sort(),
    );
  }
  return tables;
}

describe.each(testDatabaseKinds)('src/db/schema.ts against the migrated database (%s)', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { seed: false });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('declares every table and column the migrations create, and no other', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
    `.execute(database.db);
    const migrated = new Map<string, string[]>();
    for (const row of rows)
      migrated.set(row.table_name, [...(migrated.get(row.table_name) ?? []), row.column_name]);
    for (const columns of migrated.values()) columns.sort();

    const declared = declaredTables();
    expect(declared.size).toBeGreaterThan(20);
    expect([...declared.keys()].sort()).toEqual([...migrated.keys()].sort());
    for (const [table, columns] of migrated) expect(declared.get(table), table).toEqual(columns);
  });
});
