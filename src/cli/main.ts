import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { databaseTargetFromConfig, openDatabase } from '../db/connection.ts';
import { DataDirLockedError } from '../db/dataDirLock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { underStartupLock } from '../db/startupLock.ts';
import { importCatalogue } from '../server/commands/catalogueImporter.ts';
import { importDemandLayer } from '../server/commands/planning/demandLayerImporter.ts';
import { DomainError } from '../domain/errors.ts';
import { rotateDocumentKeys } from '../server/commands/documentKeyRotator.ts';
import { DocumentIntegrityError, DocumentKeyMissingError } from '../server/documents/documentCrypto.ts';
import { catalogueKinds, type CatalogueKind } from '../server/import/catalogueSchemas.ts';
import { formatFromFileName, ImportError } from '../server/import/readRecords.ts';
import { openConfiguredDatabase } from './openConfiguredDatabase.ts';

const usage = `Usage: npm run cli -- <command>
  migrate                                   apply pending database migrations
  import <kind> <file> [--municipality slug] import a JSON, CSV or GeoJSON file, all or nothing
                                            kinds: ${catalogueKinds.join(', ')}
  import-zensus-grid <file> [--municipality slug] [--name …] [--source …] [--source-date YYYY-MM-DD] [--licence …]
                                            import a Zensus 2022 grid CSV (100 m or 1 km, EPSG:3035) as a
                                            demand layer, clipped to the municipality; all or nothing
  import-demand-points <file> [--municipality slug] [--name …] [--source …] [--source-date …] [--licence …]
                                            import a points CSV (name;lat;lon;weight[;category]) as a layer
  rotate-document-keys [--batch-size 50]    re-encrypt every document under the current (first) key of
                                            DOCUMENT_KEYS, one transaction per batch; safe to run again
Uses DATABASE_URL (PostgreSQL) or the embedded database in DATA_DIR (default ./var).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      municipality: { type: 'string' },
      'batch-size': { type: 'string' },
      name: { type: 'string' },
      source: { type: 'string' },
      'source-date': { type: 'string' },
      licence: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command || values.help ? 0 : 2;
  }
  if (command === 'migrate') {
    const handle = await openDatabase(databaseTargetFromConfig(loadConfig()));
    try {
      const applied = await underStartupLock(handle, () => migrateToLatest(handle.db));
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    } finally {
      await handle.close();
    }
    return 0;
  }
  if (command === 'import') {
    const [kind, file] = rest;
    if (!kind || !catalogueKinds.includes(kind as CatalogueKind) || !file) {
      console.error(`import needs a kind (${catalogueKinds.join(', ')}) and a file\n\n${usage}`);
      return 2;
    }
    const text = readFileSync(file, 'utf8');
    const handle = await openConfiguredDatabase();
    try {
      const result = await importCatalogue(handle.db, {
        kind: kind as CatalogueKind,
        file,
        text,
        format: formatFromFileName(file),
        municipality: values.municipality ?? loadConfig().defaultMunicipality,
        actor: `cli:${process.env.USER ?? 'unknown'}`,
      });
      console.log(
        `imported ${kind} for ${result.municipality}: ${result.inserted} new, ${result.updated} updated`,
      );
    } finally {
      await handle.close();
    }
    return 0;
  }
  if (command === 'import-zensus-grid' || command === 'import-demand-points') {
    const [file] = rest;
    if (!file) {
      console.error(`${command} needs a file\n\n${usage}`);
      return 2;
    }
    const size = statSync(file).size;
    const slug = values.municipality ?? loadConfig().defaultMunicipality;
    const handle = await openConfiguredDatabase();
    try {
      const municipality = await handle.db
        .selectFrom('municipalities')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirst();
      if (!municipality) {
        console.error(`no municipality "${slug}"`);
        return 1;
      }
      const started = performance.now();
      const result = await importDemandLayer(handle.db, {
        municipalityId: municipality.id,
        actor: `cli:${process.env.USER ?? 'unknown'}`,
        kind: command === 'import-zensus-grid' ? 'grid' : 'points',
        fileName: basename(file),
        input: createReadStream(file),
        meta: {
          name: values.name,
          source: values.source,
          sourceDate: values['source-date'],
          licence: values.licence,
        },
        onProgress: ({ bytes, rows }) =>
          process.stderr.write(`\r${Math.round((100 * bytes) / Math.max(1, size))} % read, ${rows} rows`),
      });
      process.stderr.write('\n');
      console.log(
        `imported ${result.points} ${result.kind === 'grid' ? 'cells' : 'points'} from ${result.rowsRead} rows ` +
          `(${result.rowsOutside} outside the municipality, clipped by ${result.clip ?? 'coordinates'}) in ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s; layer ${result.layerId}`,
      );
    } catch (error) {
      if (error instanceof DomainError) {
        process.stderr.write('\n');
        console.error(error.message);
        return 1;
      }
      throw error;
    } finally {
      await handle.close();
    }
    return 0;
  }
  if (command === 'rotate-document-keys') {
    const batchSize = Number(values['batch-size'] ?? 50);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      console.error('--batch-size must be a whole number from 1 to 10000');
      return 2;
    }
    const config = loadConfig();
    const handle = await openConfiguredDatabase();
    try {
      const result = await rotateDocumentKeys(handle.db, config, {
        actor: `cli:${process.env.USER ?? 'unknown'}`,
        batchSize,
        onBatch: (done) => console.log(`re-encrypted ${done} documents`),
      });
      const perKey = Object.entries(result.perKey)
        .map(([keyId, count]) => `${keyId}: ${count}`)
        .join(', ');
      console.log(
        `${result.reencrypted} documents re-encrypted under "${result.currentKeyId}"; documents per key now: ${perKey || 'none'}`,
      );
    } finally {
      await handle.close();
    }
    return 0;
  }
  console.error(`unknown command "${command}"\n\n${usage}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof ImportError ||
      error instanceof DataDirLockedError ||
      error instanceof ConfigError ||
      error instanceof DocumentKeyMissingError ||
      error instanceof DocumentIntegrityError
    ) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
