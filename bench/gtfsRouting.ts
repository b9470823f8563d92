/**
 * GTFS routing bench: imports a synthetic 40-line city feed and routes 5,000 origins × 50 sites by public
 * transport (see bench/lib/gtfsRoutingBench.ts). Prints the figures and a JSON summary as its last line.
 * GTFS_BENCH_ORIGINS and GTFS_BENCH_SITES change the size.
 */
import { loadavg } from 'node:os';
import { runGtfsRoutingBench } from './lib/gtfsRoutingBench.ts';

const figures = await runGtfsRoutingBench({
  origins: Number(process.env.GTFS_BENCH_ORIGINS ?? 5000),
  sites: Number(process.env.GTFS_BENCH_SITES ?? 50),
});
const rssMb = Math.round(process.memoryUsage().rss / 1e6);
console.log(
  `feed: ${figures.lines} lines, ${figures.stops} stops, ${figures.trips} trips, ${figures.stopTimes} stop times; import ${figures.importSeconds} s`,
);
console.log(
  `routing: ${figures.origins} origins × ${figures.sites} sites, ${figures.departuresPerOrigin} departures each: ${figures.seconds} s (${figures.raptorRunsPerSecond} RAPTOR runs/s); mean ${figures.meanMinutes} min, max ${figures.maxMinutes} min`,
);
console.log(
  JSON.stringify({ bench: 'gtfsRouting', ...figures, rssMb, load1: Number(loadavg()[0]!.toFixed(2)) }),
);
