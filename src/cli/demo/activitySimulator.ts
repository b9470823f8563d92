/**
 * The activity simulator: plausible, reproducible past activity of the Mobiles Rathaus for a demo database and the
 * evaluation benchmark. Pure: the same input and seed give the same activity, byte for byte; no I/O, no clock.
 *
 * Model (documented in the README, "Demo data"):
 * - Stops: every occurrence of the given timetable in the period (NRW holidays skipped, as the product's own
 *   schedules do). Past stops are closed; 3 % were cancelled on short notice (no visits).
 * - Appointments: each counter's open minutes are filled to a share drawn per site (its "pull", 35–85 %),
 *   appointment by appointment; a booking has one service (15 % two), its minutes from the catalogue. 10 % of
 *   bookings are cancelled before the day (they keep no slot), 7 % are no-shows; 5 % are staff-booked (by phone),
 *   8 % come from the waiting list.
 * - Walk-ins: Poisson with a mean of 0.9 per open hour × the site's pull; services drawn like bookings.
 * - Times: waiting (check-in to call) is log-normal with a median of 4 min for appointments and 11 min for
 *   walk-ins; handling is the service minutes × a factor between 0.7 and 1.4.
 * - Origin: 75 % answer the district question; of them 65 % live in the stop's district, the rest come from other
 *   districts in proportion to their population.
 * - Feedback: 30 % of finished visits answer the survey; satisfaction is 5 (45 %), 4 (35 %), 3 (12 %), 2 (5 %),
 *   1 (3 %).
 * - Why not online: for a finished service that exists online, the clerk records did_not_know (35 %), no_eid
 *   (25 %), needs_help (25 %), legal_presence (5 %), other (10 %).
 * No person is simulated: every visit is written already anonymised (no name, e-mail or phone).
 */
import { generateOccurrences, type RecurrencePattern } from '../../domain/recurrence.ts';
import { MINUTE_MS, zonedInstant, type LocalDate, type LocalTime } from '../../domain/time.ts';

export interface SimulationTimetableEntry {
  unitId: string;
  siteId: string;
  pattern: RecurrencePattern;
  startTime: LocalTime;
  endTime: LocalTime;
}

export interface SimulationInput {
  seed: number;
  from: LocalDate;
  to: LocalDate;
  timetable: SimulationTimetableEntry[];
  units: { id: string; counters: number }[];
  sites: { id: string; districtId: string | null }[];
  districts: { id: string; population: number | null }[];
  services: { id: string; typicalMinutes: number; onlineAvailable: boolean }[];
}

export type SimulatedChannel = 'booked' | 'waitlist' | 'staff_booked' | 'walk_in';
export type SimulatedOutcome = 'finished' | 'no_show' | 'cancelled';
export type SimulatedReason = 'did_not_know' | 'no_eid' | 'needs_help' | 'legal_presence' | 'other';

export interface SimulatedStop {
  unitId: string;
  siteId: string;
  localDate: LocalDate;
  startsAt: number;
  endsAt: number;
  counters: number;
  cancelled: boolean;
}

export interface SimulatedVisit {
  /** Index into `stops`. */
  stop: number;
  channel: SimulatedChannel;
  outcome: SimulatedOutcome;
  /** Appointments: the counter and the booked start. Walk-ins: the counter that served, and the arrival. */
  counter: number;
  startsAt: number;
  services: { serviceId: string; quantity: number; minutesEach: number }[];
  minutes: number;
  originDistrictId: string | null;
  /** Minutes from arrival to the call and from the call to the finish; null unless finished. */
  waitMinutes: number | null;
  handlingMinutes: number | null;
  feedback: { satisfaction: number; wouldUseAgain: 'yes' | 'no' | 'unsure' } | null;
  reasons: { serviceId: string; reason: SimulatedReason }[];
}

export interface SimulatedActivity {
  stops: SimulatedStop[];
  visits: SimulatedVisit[];
}

/** mulberry32: a small, well-known seeded generator; good enough for plausible demo figures. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pickWeighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
}

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let product = random();
  let count = 0;
  while (product > limit) {
    count++;
    product *= random();
  }
  return count;
}

/** Log-normal minutes with the given median (sigma 0.6), rounded to whole minutes, at least 0. */
function logNormalMinutes(random: () => number, median: number): number {
  const u = Math.max(random(), 1e-9);
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(0, Math.round(median * Math.exp(0.6 * normal)));
}

const satisfactionWeights = [
  [5, 45],
  [4, 35],
  [3, 12],
  [2, 5],
  [1, 3],
] as const;
const reasonWeights = [
  ['did_not_know', 35],
  ['no_eid', 25],
  ['needs_help', 25],
  ['legal_presence', 5],
  ['other', 10],
] as const;

export function simulateActivity(input: SimulationInput): SimulatedActivity {
  const random = seededRandom(input.seed);
  const countersOf = new Map(input.units.map((unit) => [unit.id, unit.counters]));
  const districtOf = new Map(input.sites.map((site) => [site.id, site.districtId]));
  const peopled = input.districts
    .filter((district) => (district.population ?? 0) > 0)
    .map((district) => [district.id, district.population!] as const);
  // Some services come up far more often than others: a Zipf-like weight by their position in `services`.
  const serviceWeights = input.services.map((service, index) => [service, 1 / (1 + index * 0.35)] as const);
  const pull = new Map(input.sites.map((site) => [site.id, 0.35 + random() * 0.5]));

  const occurrences = input.timetable.flatMap((entry) =>
    generateOccurrences(
      {
        pattern: entry.pattern,
        startTime: entry.startTime,
        endTime: entry.endTime,
        validFrom: input.from,
        validUntil: input.to,
      },
      { from: input.from, to: input.to },
    ).occurrences.map((occurrence) => ({ entry, date: occurrence.date })),
  );
  occurrences.sort((a, b) =>
    a.date === b.date ? a.entry.startTime.localeCompare(b.entry.startTime) : a.date.localeCompare(b.date),
  );

  const stops: SimulatedStop[] = [];
  const visits: SimulatedVisit[] = [];
  const origin = (siteId: string): string | null => {
    if (random() >= 0.75) return null;
    const home = districtOf.get(siteId) ?? null;
    if (home && random() < 0.65) return home;
    return peopled.length > 0 ? pickWeighted(random, peopled) : home;
  };
  const servicesOfVisit = () => {
    const first = pickWeighted(random, serviceWeights);
    const chosen = [first];
    if (random() < 0.15) {
      const second = pickWeighted(random, serviceWeights);
      if (second.id !== first.id) chosen.push(second);
    }
    return chosen.map((service) => ({
      serviceId: service.id,
      quantity: 1,
      minutesEach: service.typicalMinutes,
    }));
  };
  const finishDetails = (
    services: SimulatedVisit['services'],
    walkIn: boolean,
  ): Pick<SimulatedVisit, 'waitMinutes' | 'handlingMinutes' | 'feedback' | 'reasons'> => {
    const minutes = services.reduce((sum, service) => sum + service.minutesEach * service.quantity, 0);
    const onlineIds = new Set(input.services.filter((s) => s.onlineAvailable).map((s) => s.id));
    return {
      waitMinutes: logNormalMinutes(random, walkIn ? 11 : 4),
      handlingMinutes: Math.max(1, Math.round(minutes * (0.7 + random() * 0.7))),
      feedback:
        random() < 0.3
          ? {
              satisfaction: pickWeighted(random, satisfactionWeights),
              wouldUseAgain: pickWeighted(random, [
                ['yes', 80],
                ['unsure', 14],
                ['no', 6],
              ] as const),
            }
          : null,
      reasons: services
        .filter((service) => onlineIds.has(service.serviceId))
        .map((service) => ({ serviceId: service.serviceId, reason: pickWeighted(random, reasonWeights) })),
    };
  };

  for (const { entry, date } of occurrences) {
    const counters = countersOf.get(entry.unitId) ?? 1;
    const startsAt = zonedInstant(date, entry.startTime);
    const endsAt = zonedInstant(date, entry.endTime);
    const cancelled = random() < 0.03;
    const stopIndex = stops.length;
    stops.push({
      unitId: entry.unitId,
      siteId: entry.siteId,
      localDate: date,
      startsAt,
      endsAt,
      counters,
      cancelled,
    });
    if (cancelled) continue;
    const sitePull = pull.get(entry.siteId) ?? 0.5;
    const openMinutes = (endsAt - startsAt) / MINUTE_MS;

    for (let counter = 1; counter <= counters; counter++) {
      // Appointments, back to back with gaps: fill the counter to about the site's pull.
      let at = startsAt;
      while (at < endsAt) {
        const services = servicesOfVisit();
        const minutes = Math.max(
          5,
          Math.ceil(services.reduce((sum, s) => sum + s.minutesEach * s.quantity, 0) / 5) * 5,
        );
        if (at + minutes * MINUTE_MS > endsAt) break;
        if (random() < sitePull) {
          const roll = random();
          const outcome: SimulatedOutcome = roll < 0.1 ? 'cancelled' : roll < 0.17 ? 'no_show' : 'finished';
          const channelRoll = random();
          const channel: SimulatedChannel =
            channelRoll < 0.05 ? 'staff_booked' : channelRoll < 0.13 ? 'waitlist' : 'booked';
          visits.push({
            stop: stopIndex,
            channel,
            outcome,
            counter,
            startsAt: at,
            services,
            minutes,
            originDistrictId: origin(entry.siteId),
            ...(outcome === 'finished'
              ? finishDetails(services, false)
              : { waitMinutes: null, handlingMinutes: null, feedback: null, reasons: [] }),
          });
        }
        at += minutes * MINUTE_MS;
      }
    }

    const walkIns = poisson(random, (openMinutes / 60) * 0.9 * sitePull * 2);
    for (let index = 0; index < walkIns; index++) {
      const services = servicesOfVisit();
      const minutes = services.reduce((sum, s) => sum + s.minutesEach * s.quantity, 0);
      const arrival = startsAt + Math.floor(random() * Math.max(1, openMinutes - 15)) * MINUTE_MS;
      const leftEarly = random() < 0.04;
      visits.push({
        stop: stopIndex,
        channel: 'walk_in',
        outcome: leftEarly ? 'no_show' : 'finished',
        counter: 1 + Math.floor(random() * counters),
        startsAt: arrival,
        services,
        minutes,
        originDistrictId: origin(entry.siteId),
        ...(leftEarly
          ? { waitMinutes: null, handlingMinutes: null, feedback: null, reasons: [] }
          : finishDetails(services, true)),
      });
    }
  }
  return { stops, visits };
}
