// The planner API's types, derived from the route schemas (and the scenario views the schemas leave as JSON).
// Type-only: the web app imports these with `import type`, so no server code reaches the browser bundle.
import type { Static } from 'typebox';
import type {
  ScenarioErrorView,
  ScenarioInputs,
  ScenarioProgress,
  ScenarioResultView,
} from '../server/commands/planning/scenarioTypes.ts';
import type { ReportMapDto, ScenarioBody, ScenarioDto } from '../server/routes/planning/scenarioSchemas.ts';

export type { ScenarioErrorView, ScenarioInputs, ScenarioProgress, ScenarioResultView };

/** `POST /api/v1/staff/planning/scenarios` */
export type ScenarioRequest = Static<typeof ScenarioBody>;

/** A scenario as the API returns it; the JSON columns typed by what the server stores in them. */
export type Scenario = Omit<Static<typeof ScenarioDto>, 'inputs' | 'progress' | 'result' | 'error'> & {
  inputs: ScenarioInputs;
  progress: ScenarioProgress | null;
  result: ScenarioResultView | null;
  error: ScenarioErrorView | null;
};

export type ApprovedSchedule = Scenario['approvedSchedules'][number];

/** `GET /api/v1/staff/planning/scenarios/{scenarioId}/report`: the map of the council report. */
export type ScenarioReportMap = Static<typeof ReportMapDto>;
