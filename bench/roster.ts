/**
 * Roster bench: the exact proposal (HiGHS) for 8 weeks × 3 units (two vans with a crew of two, one kit with
 * one) × 12 staff members with qualifications, part-time shares, leave, days of mobile work and wishes.
 * Target: at most 5 s. Prints one line per run and a JSON summary as its last line.
 */
import { loadavg } from 'node:os';
import { DateTime } from 'luxon';
import { createRandom, randomInt } from '../src/planning/random.ts';
import {
  rosterQuality,
  checkRoster,
  type RosterStaffMember,
  type RosterStop,
} from '../src/planning/roster/rules.ts';
import { proposeRoster } from '../src/planning/roster/solver.ts';

const WEEKS = 8;
const UNITS = [
  { id: 'van-1', crew: 2 },
  { id: 'van-2', crew: 2 },
  { id: 'kit-1', crew: 1 },
];
const STAFF = 12;
const SERVICES = ['id_card', 'passport', 'registration', 'certificate', 'parking_permit'];
const DISTRICTS = ['mitte', 'nord', 'ost', 'sued', 'west', 'avenwedde'];
const runs = Number(process.env.ROSTER_BENCH_RUNS ?? 3);

function instance(seed: number) {
  const random = createRandom(seed);
  const monday = DateTime.fromISO('2027-03-01', { zone: 'Europe/Berlin' });
  const stops: RosterStop[] = [];
  for (let week = 0; week < WEEKS; week++)
    for (const unit of UNITS)
      for (let day = 0; day < 5; day++) {
        if (randomInt(random, 5) === 0) continue; // about four stops per unit and week
        const date = monday.plus({ weeks: week, days: day });
        const startMinute = 8 * 60 + 30 * randomInt(random, 6);
        const minutes = 4 * 60 + 30 * randomInt(random, 5);
        const starts = date.startOf('day').plus({ minutes: startMinute });
        stops.push({
          id: `${unit.id}-${date.toISODate()}`,
          date: date.toISODate()!,
          from: starts.minus({ minutes: 30 }).toMillis(),
          until: starts.plus({ minutes: minutes + 30 }).toMillis(),
          startMinute,
          districtId: DISTRICTS[randomInt(random, DISTRICTS.length)]!,
          crewSize: unit.crew,
          requiredServices: SERVICES.filter(() => random() < 0.5).slice(0, 3),
        });
      }
  const staff: RosterStaffMember[] = Array.from({ length: STAFF }, (_, index) => {
    const leaveWeek = randomInt(random, WEEKS + 4);
    const leaveStart = monday.plus({ weeks: leaveWeek });
    return {
      id: `person-${index + 1}`,
      qualifications: SERVICES.filter(() => random() < 0.7),
      sharePercent: [50, 75, 80, 100, 100][randomInt(random, 5)]!,
      leave:
        leaveWeek < WEEKS
          ? [{ firstDay: leaveStart.toISODate()!, lastDay: leaveStart.plus({ days: 4 }).toISODate()! }]
          : [],
      mobileWorkingDays: random() < 0.4 ? [1 + randomInt(random, 5)] : [],
      preferredDistrictIds: DISTRICTS.filter(() => random() < 0.3),
      earliestStartMinute: random() < 0.4 ? 9 * 60 : null,
    };
  });
  return { stops, staff };
}

const rows: {
  seed: number;
  seconds: number;
  cpuSeconds: number;
  stops: number;
  unmetWishes: number;
  maxUnmet: number;
  optimal: boolean;
}[] = [];
for (let run = 0; run < runs; run++) {
  const seed = 100 + run;
  const { stops, staff } = instance(seed);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const proposal = await proposeRoster(stops, staff, { timeLimitSeconds: 30 });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const violations = checkRoster(stops, staff, proposal.crews);
  if (violations.length > 0) throw new Error(`invalid roster: ${JSON.stringify(violations[0])}`);
  const quality = rosterQuality(stops, staff, proposal.crews);
  rows.push({
    seed,
    seconds,
    cpuSeconds,
    stops: stops.length,
    unmetWishes: quality.unmetWishes,
    maxUnmet: quality.maxUnmetPerPerson,
    optimal: proposal.optimal,
  });
  console.log(
    `seed ${seed}: ${stops.length} stops, ${proposal.variables} variables, ${seconds.toFixed(2)} s ` +
      `(CPU ${cpuSeconds.toFixed(2)} s), ` +
      `unmet wishes ${quality.unmetWishes}, max per person ${quality.maxUnmetPerPerson}, ${proposal.optimal ? 'optimal' : 'time limit'}`,
  );
}
const maxSeconds = Math.max(...rows.map((row) => row.seconds));
console.log(
  JSON.stringify({
    bench: 'roster',
    weeks: WEEKS,
    units: UNITS.length,
    staff: STAFF,
    runs: rows,
    maxSeconds: Number(maxSeconds.toFixed(3)),
    maxCpuSeconds: Number(Math.max(...rows.map((row) => row.cpuSeconds)).toFixed(3)),
    targetSeconds: 5,
    withinTarget: maxSeconds <= 5,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  }),
);
