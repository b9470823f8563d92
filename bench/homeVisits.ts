/**
 * Home-visit route bench: the exact order (subset programme with time windows) of a day of 12 home visits in
 * Gütersloh, travel from coordinates with the urban road factors. Two kinds of day: wide windows (any time
 * 08:00–16:00, the hardest for the programme) and two-hour windows between 08:00 and 16:00.
 * Target: at most 1 s per day. Prints one line per run and a JSON summary as its last line.
 */
import { loadavg } from 'node:os';
import { createRandom, randomInt } from '../src/planning/random.ts';
import { planHomeVisitRoute, type RouteInput, type RouteVisit } from '../src/planning/homeVisitRoute.ts';

const VISITS = Number(process.env.HOME_VISITS_BENCH_VISITS ?? 12);
const runs = Number(process.env.HOME_VISITS_BENCH_RUNS ?? 5);
const base = { lat: 51.9069, lon: 8.3786 };

function day(seed: number, kind: 'wide' | 'twoHours'): RouteInput {
  const random = createRandom(seed);
  const visits: RouteVisit[] = Array.from({ length: VISITS }, (_, index) => {
    const windowStart = kind === 'wide' ? 8 * 60 : 8 * 60 + 30 * randomInt(random, 14);
    return {
      id: `visit-${index + 1}`,
      position: { lat: 51.85 + random() * 0.11, lon: 8.3 + random() * 0.17 },
      windowStart,
      windowEnd: kind === 'wide' ? 16 * 60 : windowStart + 120,
      serviceMinutes: kind === 'wide' ? 20 : 15,
    };
  });
  return { base, dayStart: 7 * 60 + 30, dayEnd: 20 * 60, visits };
}

const rows: { seed: number; kind: string; seconds: number; labels: number; travelMinutes: number | null }[] =
  [];
for (let run = 0; run < runs; run++) {
  for (const kind of ['wide', 'twoHours'] as const) {
    const seed = 200 + run;
    const input = day(seed, kind);
    const started = performance.now();
    let plan;
    try {
      plan = planHomeVisitRoute(input);
    } catch (error) {
      // Two-hour windows drawn at random may exclude each other; that answer took time too.
      plan = null;
      if (!(error instanceof Error && 'code' in error && error.code === 'route_infeasible')) throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    rows.push({
      seed,
      kind,
      seconds,
      labels: plan?.labels ?? 0,
      travelMinutes: plan?.totalTravelMinutes ?? null,
    });
    console.log(
      `seed ${seed} ${kind}: ${VISITS} visits, ${seconds.toFixed(3)} s, ` +
        (plan
          ? `${plan.labels} labels, ${plan.totalTravelMinutes} min driving (window order ${plan.windowOrderTravelMinutes ?? 'infeasible'})`
          : 'no feasible order'),
    );
  }
}
const maxSeconds = Math.max(...rows.map((row) => row.seconds));
console.log(
  JSON.stringify({
    bench: 'home-visits',
    visits: VISITS,
    runs: rows.map((row) => ({ ...row, seconds: Number(row.seconds.toFixed(4)) })),
    maxSeconds: Number(maxSeconds.toFixed(4)),
    targetSeconds: 1,
    withinTarget: maxSeconds <= 1,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  }),
);
