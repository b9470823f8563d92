/**
 * Planning data bench (tracker issue 13): imports a synthetic 200,000-cell Zensus 100 m grid for a
 * Kreis-sized area around Gütersloh through the same streaming importer the page and the CLI use, into
 * PGlite and (with TEST_DATABASE_URL) PostgreSQL, and reports cells/s, seconds and peak RSS.
 * `npm run bench:planning-data`; the last line is JSON.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { importDemandLayer } from '../src/server/commands/planning/demandLayerImporter.ts';
import { latLonToLaea, laeaToLatLon } from '../src/planning/laea.ts';
import { createRandom } from '../src/planning/random.ts';
import { createTestDatabase, type TestDatabaseKind } from '../test/support/testDatabase.ts';

const CELLS = Number(process.env.BENCH_GRID_CELLS ?? 200_000);

/** Populated 100 m cells around Gütersloh: towns as dense clusters, villages and scattered farms. */
function writeGrid(path: string): { minX: number; maxX: number; minY: number; maxY: number } {
  const random = createRandom(13);
  const centre = latLonToLaea({ lat: 51.906, lon: 8.378 });
  // ~2,000 km² of 100 m cells, of which 200,000 are populated (a Kreis with towns, villages and farmland).
  const half = Math.ceil(Math.sqrt(CELLS * 1.6)) * 50;
  const x0 = Math.floor((centre.x - half) / 100) * 100;
  const y0 = Math.floor((centre.y - half) / 100) * 100;
  const side = (2 * half) / 100;
  const towns = Array.from({ length: 12 }, () => ({
    i: random() * side,
    j: random() * side,
    r: 10 + random() * 30,
  }));
  const lines = ['GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner'];
  const taken = new Set<number>();
  while (taken.size < CELLS) {
    const town = towns[Math.floor(random() * towns.length)]!;
    const spread = random() < 0.6 ? town.r : side / 2;
    const i = Math.round((random() < 0.6 ? town.i : side / 2) + (random() * 2 - 1) * spread);
    const j = Math.round((random() < 0.6 ? town.j : side / 2) + (random() * 2 - 1) * spread);
    if (i < 0 || j < 0 || i >= side || j >= side) continue;
    const key = i * side + j;
    if (taken.has(key)) continue;
    taken.add(key);
    const x = x0 + i * 100;
    const y = y0 + j * 100;
    const people = random() < 0.1 ? '–' : String(3 + Math.floor(random() * (spread === town.r ? 80 : 12)));
    lines.push(`CRS3035RES100mN${y}E${x};${x + 50};${y + 50};${people}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { minX: x0, maxX: x0 + 2 * half, minY: y0, maxY: y0 + 2 * half };
}

async function benchOn(kind: TestDatabaseKind, file: string, box: ReturnType<typeof writeGrid>) {
  const handle = await createTestDatabase(kind);
  try {
    const municipality = await handle.db
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', 'guetersloh')
      .executeTakeFirstOrThrow();
    // The bench's "municipality" is the whole generated Kreis, so every cell is kept and inserted.
    const corners = [
      laeaToLatLon(box.minX - 1000, box.minY - 1000),
      laeaToLatLon(box.maxX + 1000, box.minY - 1000),
      laeaToLatLon(box.maxX + 1000, box.maxY + 1000),
      laeaToLatLon(box.minX - 1000, box.maxY + 1000),
    ];
    const ring = [...corners, corners[0]!].map((point) => [point.lon, point.lat]);
    await handle.db
      .updateTable('districts')
      .set({ outline: JSON.stringify({ type: 'Polygon', coordinates: [ring] }) })
      .where('municipality_id', '=', municipality.id)
      .execute();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const result = await importDemandLayer(handle.db, {
      municipalityId: municipality.id,
      actor: 'cli:bench',
      kind: 'grid',
      fileName: 'bench_100m.csv',
      input: createReadStream(file),
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const stored = await sql<{ n: string }>`SELECT count(*) AS n FROM demand_layer_points`.execute(handle.db);
    return {
      // Every row of the file (a cell), read, converted and clipped; the populated ones are stored.
      cells: result.rowsRead,
      populated: result.points,
      stored: Number(stored.rows[0]!.n),
      seconds: Number(seconds.toFixed(2)),
      cellsPerSecond: Math.round(result.rowsRead / seconds),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      rssGrowthMb: Math.round((peakRss - rssBefore) / 1024 / 1024),
    };
  } finally {
    await handle.close();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'planning-data-'));
  const file = join(dir, 'grid_100m.csv');
  try {
    const box = writeGrid(file);
    const kinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
    const grid: Record<string, unknown> = {};
    for (const kind of kinds) {
      grid[kind] = await benchOn(kind, file, box);
      console.log(`grid import on ${kind}:`, grid[kind]);
    }
    const first = grid[kinds[0]!] as Record<string, number>;

    // ---- GTFS routing figure: provided by branch h-gtfs (bench/lib/gtfsRoutingBench.ts). ----
    let gtfs: Record<string, number> | null = null;
    const gtfsBench = new URL('./lib/gtfsRoutingBench.ts', import.meta.url);
    if (existsSync(gtfsBench)) {
      const module = (await import(gtfsBench.href)) as {
        runGtfsRoutingBench(): Promise<Record<string, number>>;
      };
      gtfs = await module.runGtfsRoutingBench();
      console.log('gtfs routing:', gtfs);
    } else {
      console.log('gtfs routing: skipped (bench/lib/gtfsRoutingBench.ts is not there yet)');
    }
    // ---- end of the GTFS place ----

    const load = loadavg().map((value) => Number(value.toFixed(2)));
    console.log(
      JSON.stringify({
        grid: {
          cells: first.cells,
          seconds: first.seconds,
          cellsPerSecond: first.cellsPerSecond,
          peakRssMb: first.peakRssMb,
          byDatabase: grid,
        },
        gtfs,
        load,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
