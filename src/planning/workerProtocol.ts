import type { CoverageInstance, DistanceInstance } from './problem.ts';
import type { RobustnessInput, RobustnessResult } from './robustness.ts';
import type { ScenarioInput, ScenarioResult } from './scenario.ts';
import type { SiteSelectionResult, SolveOptions, SolveProgress } from './solvers/types.ts';
import type { TimetableInput, TimetableResult } from './timetable.ts';
import type { RosterStaffMember, RosterStop } from './roster/rules.ts';
import type { RosterProposal, RosterSolveOptions } from './roster/solver.ts';

type PlainSolveOptions = Omit<SolveOptions, 'onProgress' | 'shouldStop'>;

/** A job the solver worker understands; everything in it must survive structured cloning. */
export type PlanningJob =
  | { kind: 'scenario'; input: ScenarioInput }
  | { kind: 'robustness'; input: RobustnessInput }
  | { kind: 'pmedian'; instance: DistanceInstance; p: number; options?: PlainSolveOptions }
  | { kind: 'mclp'; instance: CoverageInstance; p: number; options?: PlainSolveOptions }
  | { kind: 'setCover'; instance: CoverageInstance; options?: PlainSolveOptions }
  | { kind: 'timetable'; input: TimetableInput }
  | { kind: 'roster'; stops: RosterStop[]; staff: RosterStaffMember[]; options?: RosterSolveOptions };

/** The roster job's answer: the proposal, or the DomainError (code, field, details) that refused it. */
export type RosterJobResult =
  | { kind: 'roster'; proposal: RosterProposal }
  | {
      kind: 'roster';
      refused: { code: string; field: string | undefined; message: string; details: Record<string, unknown> };
    };

export type PlanningJobResult =
  ScenarioResult | RobustnessResult | SiteSelectionResult | TimetableResult | RosterJobResult;

export type WorkerMessage =
  | { type: 'progress'; progress: SolveProgress }
  | { type: 'result'; result: PlanningJobResult }
  | { type: 'error'; error: { name: string; message: string; field?: string } };

export type MainMessage = { type: 'run'; job: PlanningJob } | { type: 'cancel' };
