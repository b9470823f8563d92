/**
 * The exact roster proposal: mixed-integer programs solved by HiGHS (pure: no I/O besides the solver).
 *
 * Variables: x[s,p] = 1 when person p works at stop s (only pairs where p is available at all: not on leave,
 * not a day of mobile work, the stop fits in their weekly share).
 * Hard rules (rules.ts): each stop gets exactly its crew; for every service the stop offers, someone in the
 * crew is qualified; per person, no two overlapping stops (one constraint per stop start: the cliques of an
 * interval graph) and at most their share of 39 hours per ISO week.
 * Objective, lexicographic, in two steps: (1) fewest unmet wishes in total; (2) with every week's total kept at
 * its optimum, the smallest maximum of unmet wishes of any one person over the period (fairness).
 * Step 1 falls apart into one small model per ISO week (no rule links two weeks), step 2 is one model.
 * Infeasibility is diagnosed in step 1: slack variables (crew short, qualification missing) carry a penalty
 * larger than any wish cost, so the optimum uses them only when no roster exists; the first stop (by time)
 * with slack is then named with the missing qualification.
 */
import { DomainError } from '../../domain/errors.ts';
import { lpNumber, runLpModel, type MipRunResult } from '../solvers/highsRunner.ts';
import {
  isoWeekOf,
  stopMinutes,
  unavailableReason,
  unmetWishes,
  weeklyMinutes,
  type RosterQuality,
  type RosterStaffMember,
  type RosterStop,
} from './rules.ts';

export interface RosterProposal {
  /** Stop id → ids of the crew, in the order of the staff list. */
  crews: Map<string, string[]>;
  quality: RosterQuality;
  /** False when a time limit ended a search before optimality was proven. */
  optimal: boolean;
  seconds: number;
  variables: number;
}

export interface RosterSolveOptions {
  timeLimitSeconds?: number;
}

const term = (coefficient: number, name: string) =>
  `${coefficient >= 0 ? '+' : '-'} ${lpNumber(Math.abs(coefficient))} ${name}`;
const x = (s: number, p: number) => `x_${s}_${p}`;

interface Model {
  /** Wish costs of the x variables, as LP terms. */
  wishTerms: string[];
  wishTermsByWeek: Map<string, string[]>;
  slackTerms: string[];
  slackNames: string[];
  constraints: string[];
  bounds: string[];
  generals: string[];
  binaries: string[];
}

/** The rules as LP constraints for stops `indices` of `ordered`. */
function buildModel(
  ordered: readonly RosterStop[],
  indices: readonly number[],
  staff: readonly RosterStaffMember[],
  available: readonly (readonly boolean[])[],
): Model {
  const slots = indices.reduce((sum, s) => sum + ordered[s]!.crewSize, 0);
  const penalty = 2 * slots + 1; // more than any possible wish cost
  const model: Model = {
    wishTerms: [],
    wishTermsByWeek: new Map(),
    slackTerms: [],
    slackNames: [],
    constraints: [],
    bounds: [],
    generals: [],
    binaries: [],
  };
  for (const s of indices) {
    const stop = ordered[s]!;
    const week = isoWeekOf(stop.date);
    const crewTerms: string[] = [];
    staff.forEach((member, p) => {
      if (!available[s]![p]) return;
      model.binaries.push(x(s, p));
      crewTerms.push(term(1, x(s, p)));
      const cost = unmetWishes(stop, member);
      if (cost > 0) {
        model.wishTerms.push(term(cost, x(s, p)));
        model.wishTermsByWeek.set(week, [...(model.wishTermsByWeek.get(week) ?? []), term(cost, x(s, p))]);
      }
    });
    model.constraints.push(`crew_${s}: ${crewTerms.join(' ')} + 1 short_${s} = ${stop.crewSize}`);
    model.generals.push(`short_${s}`);
    model.bounds.push(`0 <= short_${s} <= ${stop.crewSize}`);
    model.slackTerms.push(term(penalty, `short_${s}`));
    model.slackNames.push(`short_${s}`);
    stop.requiredServices.forEach((service, k) => {
      const qualified = staff.flatMap((member, p) =>
        available[s]![p] && member.qualifications.includes(service) ? [term(1, x(s, p))] : [],
      );
      model.constraints.push(`cover_${s}_${k}: ${qualified.join(' ')} + 1 miss_${s}_${k} >= 1`);
      model.binaries.push(`miss_${s}_${k}`);
      model.slackTerms.push(term(penalty, `miss_${s}_${k}`));
      model.slackNames.push(`miss_${s}_${k}`);
    });
  }
  staff.forEach((member, p) => {
    const theirs = indices.filter((s) => available[s]![p]);
    // No two overlapping stops: at each stop's start, at most one of the stops running then.
    for (const s of theirs) {
      const running = theirs.filter(
        (t) => ordered[t]!.from <= ordered[s]!.from && ordered[s]!.from < ordered[t]!.until,
      );
      if (running.length > 1)
        model.constraints.push(`once_${s}_${p}: ${running.map((t) => term(1, x(t, p))).join(' ')} <= 1`);
    }
    // The weekly share.
    const byWeek = new Map<string, number[]>();
    for (const s of theirs) {
      const week = isoWeekOf(ordered[s]!.date);
      byWeek.set(week, [...(byWeek.get(week) ?? []), s]);
    }
    let w = 0;
    for (const weekStops of byWeek.values()) {
      const total = weekStops.reduce((sum, s) => sum + stopMinutes(ordered[s]!), 0);
      if (total > weeklyMinutes(member))
        model.constraints.push(
          `share_${p}_${w}: ${weekStops.map((s) => term(stopMinutes(ordered[s]!), x(s, p))).join(' ')} <= ${weeklyMinutes(member)}`,
        );
      w += 1;
    }
  });
  return model;
}

function lpText(model: Model, goal: string[], extra: string[], fixSlack: boolean): string {
  return [
    'Minimize',
    ` obj: ${goal.length > 0 ? goal.join(' ') : '0 short_0'}`,
    'Subject To',
    ...[...model.constraints, ...extra].map((line) => ` ${line}`),
    'Bounds',
    ...model.bounds.map((line) => ` ${line}`),
    ...(fixSlack ? model.slackNames.map((name) => ` ${name} = 0`) : []),
    'General',
    ...model.generals.map((name) => ` ${name}`),
    'Binary',
    ...model.binaries.map((name) => ` ${name}`),
    'End',
  ].join('\n');
}

export async function proposeRoster(
  stops: readonly RosterStop[],
  staff: readonly RosterStaffMember[],
  options: RosterSolveOptions = {},
): Promise<RosterProposal> {
  const started = performance.now();
  const ordered = [...stops].sort((a, b) => a.from - b.from || a.id.localeCompare(b.id));
  const available = ordered.map((stop) => staff.map((member) => unavailableReason(stop, member) === null));
  const timeLimitSeconds = options.timeLimitSeconds ?? 20;
  const deadline = started + timeLimitSeconds * 1000;
  const solve = async (lp: string): Promise<MipRunResult> => {
    const result = await runLpModel(lp, { timeLimitSeconds, deadline, absoluteGap: 0.5, relativeGap: 0 });
    if (result.values.size === 0)
      throw new DomainError('roster_unsolved', { message: `HiGHS found no roster (${result.status}).` });
    return result;
  };

  // Step 1, week by week: fewest unmet wishes (slack only where no roster exists).
  const weeks = new Map<string, number[]>();
  ordered.forEach((stop, s) => {
    const week = isoWeekOf(stop.date);
    weeks.set(week, [...(weeks.get(week) ?? []), s]);
  });
  const values = new Map<string, number>();
  const weekOptimum = new Map<string, number>();
  let optimal = true;
  let variables = 0;
  for (const [week, indices] of weeks) {
    const model = buildModel(ordered, indices, staff, available);
    variables += model.binaries.length + model.generals.length;
    const result = await solve(lpText(model, [...model.wishTerms, ...model.slackTerms], [], false));
    optimal &&= result.outcome === 'optimal';
    const value = (name: string) => Math.round(result.values.get(name) ?? 0);
    for (const s of indices) {
      const stop = ordered[s]!;
      const missing = stop.requiredServices.find((_, k) => value(`miss_${s}_${k}`) > 0);
      if (missing !== undefined)
        throw new DomainError('roster_missing_qualification', {
          field: 'stopId',
          message: `Stop ${stop.id} on ${stop.date} cannot be staffed: nobody available is qualified for "${missing}".`,
          details: { stopId: stop.id, date: stop.date, serviceId: missing },
        });
      if (value(`short_${s}`) > 0)
        throw new DomainError('roster_understaffed', {
          field: 'stopId',
          message: `Stop ${stop.id} on ${stop.date} cannot be staffed: it needs ${stop.crewSize} people.`,
          details: { stopId: stop.id, date: stop.date, crewSize: stop.crewSize },
        });
    }
    let total = 0;
    for (const s of indices)
      staff.forEach((member, p) => {
        if (!available[s]![p]) return;
        const chosen = value(x(s, p));
        values.set(x(s, p), chosen);
        total += chosen * unmetWishes(ordered[s]!, member);
      });
    weekOptimum.set(week, total);
  }

  // Step 2, over the whole period: every week keeps its total, the largest per person gets as small as it can.
  const anyWish = [...weekOptimum.values()].some((total) => total > 0);
  if (anyWish && performance.now() < deadline) {
    const model = buildModel(
      ordered,
      ordered.map((_, s) => s),
      staff,
      available,
    );
    const slots = ordered.reduce((sum, stop) => sum + stop.crewSize, 0);
    const extra: string[] = [];
    for (const [week, wishTerms] of model.wishTermsByWeek)
      extra.push(`total_${week.replace('-', '_')}: ${wishTerms.join(' ')} <= ${weekOptimum.get(week) ?? 0}`);
    staff.forEach((member, p) => {
      const costly = ordered.flatMap((stop, s) =>
        available[s]![p] && unmetWishes(stop, member) > 0 ? [term(unmetWishes(stop, member), x(s, p))] : [],
      );
      if (costly.length > 0) extra.push(`fair_${p}: ${costly.join(' ')} - 1 m <= 0`);
    });
    model.bounds.push(`0 <= m <= ${2 * slots}`);
    const result = await runLpModel(lpText(model, ['+ 1 m'], extra, true), {
      timeLimitSeconds,
      deadline,
      absoluteGap: 0.5,
      relativeGap: 0,
    });
    if (result.values.size > 0) {
      optimal &&= result.outcome === 'optimal';
      for (const name of values.keys()) values.set(name, Math.round(result.values.get(name) ?? 0));
    } else optimal = false;
  }

  const crews = new Map<string, string[]>();
  let total = 0;
  const perPerson = new Map<string, number>();
  ordered.forEach((stop, s) => {
    const crew: string[] = [];
    staff.forEach((member, p) => {
      if (values.get(x(s, p)) !== 1) return;
      crew.push(member.id);
      const cost = unmetWishes(stop, member);
      total += cost;
      perPerson.set(member.id, (perPerson.get(member.id) ?? 0) + cost);
    });
    crews.set(stop.id, crew);
  });
  return {
    crews,
    quality: { unmetWishes: total, maxUnmetPerPerson: Math.max(0, ...perPerson.values()) },
    optimal,
    seconds: (performance.now() - started) / 1000,
    variables,
  };
}
