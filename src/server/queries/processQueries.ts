import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { EfileMessage, ProcessStep } from '../../domain/caseProcess.ts';
import type { ProcessCaseFact, ProcessEventFact } from '../../domain/processFigures.ts';

export interface ProcessDefinitionView {
  id: string;
  version: number;
  name: string;
  source: 'bpmn' | 'form' | 'seed';
  efileMessage: EfileMessage;
  steps: ProcessStep[];
  active: boolean;
  hasBpmn: boolean;
  createdAt: string;
}

export interface ServiceProcessView {
  serviceId: string;
  nameDe: string;
  nameEn: string;
  departmentId: string | null;
  /** The version in force, or null: cases of the service run on the default steps. */
  active: ProcessDefinitionView | null;
  /** Every version, the newest first. */
  versions: Omit<ProcessDefinitionView, 'steps'>[];
}

/** The services in scope (sorted by German name) with their process definitions. */
export async function listProcessDefinitions(
  db: Kysely<Database>,
  municipalityId: string,
  scope: string[] | undefined,
): Promise<ServiceProcessView[]> {
  if (scope && scope.length === 0) return [];
  let services = db
    .selectFrom('services')
    .select(['id', 'name_de', 'name_en', 'department_id'])
    .where('municipality_id', '=', municipalityId);
  if (scope) services = services.where('department_id', 'in', scope);
  const [serviceRows, definitionRows] = await Promise.all([
    services.execute(),
    db
      .selectFrom('process_definitions')
      .select([
        'id',
        'service_id',
        'version',
        'name',
        'source',
        'efile_message',
        'steps',
        'active',
        'created_at',
      ])
      .select((eb) => eb('bpmn_xml', 'is not', null).as('has_bpmn'))
      .where('municipality_id', '=', municipalityId)
      .orderBy('version', 'desc')
      .execute(),
  ]);
  const collator = new Intl.Collator('de');
  return serviceRows
    .sort((a, b) => collator.compare(a.name_de, b.name_de))
    .map((service) => {
      const versions = definitionRows
        .filter((row) => row.service_id === service.id)
        .map((row): ProcessDefinitionView => ({
          id: row.id,
          version: row.version,
          name: row.name,
          source: row.source,
          efileMessage: row.efile_message,
          steps: row.steps as ProcessStep[],
          active: row.active,
          hasBpmn: Boolean(row.has_bpmn),
          createdAt: row.created_at.toISOString(),
        }));
      return {
        serviceId: service.id,
        nameDe: service.name_de,
        nameEn: service.name_en,
        departmentId: service.department_id,
        active: versions.find((version) => version.active) ?? null,
        versions: versions.map(({ steps: _steps, ...rest }) => rest),
      };
    });
}

export interface ProcessLogFilter {
  municipalityId: string;
  /** The departments' services only; undefined: all. */
  scope: string[] | undefined;
  serviceId?: string | undefined;
  /** Events from this instant (inclusive) … */
  from?: Date | undefined;
  /** … to this instant (exclusive). */
  to?: Date | undefined;
}

export interface ProcessLogCase extends ProcessCaseFact {
  number: string;
}

/** The cases in scope with their definitions' deadlines, and their events in time order. */
export async function loadProcessLog(
  db: Kysely<Database>,
  filter: ProcessLogFilter,
): Promise<{ cases: ProcessLogCase[]; events: ProcessEventFact[] }> {
  if (filter.scope && filter.scope.length === 0) return { cases: [], events: [] };
  let cases = db
    .selectFrom('cases')
    .innerJoin('process_definitions', (join) =>
      join
        .onRef('process_definitions.municipality_id', '=', 'cases.municipality_id')
        .onRef('process_definitions.id', '=', 'cases.process_definition_id'),
    )
    .select(['cases.id', 'cases.number', 'cases.service_id', 'cases.channel', 'process_definitions.steps'])
    .where('cases.municipality_id', '=', filter.municipalityId);
  if (filter.scope) cases = cases.where('cases.department_id', 'in', filter.scope);
  if (filter.serviceId) cases = cases.where('cases.service_id', '=', filter.serviceId);
  const caseRows = await cases.orderBy('cases.number').execute();
  if (caseRows.length === 0) return { cases: [], events: [] };
  // The same cases as a subquery: a long id list would run into the protocol's parameter limit.
  let inScope = db
    .selectFrom('cases')
    .select('cases.id')
    .where('cases.municipality_id', '=', filter.municipalityId);
  if (filter.scope) inScope = inScope.where('cases.department_id', 'in', filter.scope);
  if (filter.serviceId) inScope = inScope.where('cases.service_id', '=', filter.serviceId);
  let events = db
    .selectFrom('case_events')
    .select(['case_id', 'at', 'kind', 'step_key', 'channel'])
    .where('municipality_id', '=', filter.municipalityId)
    .where('case_id', 'in', inScope);
  if (filter.from) events = events.where('at', '>=', filter.from);
  if (filter.to) events = events.where('at', '<', filter.to);
  const eventRows = await events.orderBy('at').orderBy('id').execute();
  return {
    cases: caseRows.map((row) => ({
      caseId: row.id,
      number: row.number,
      serviceId: row.service_id,
      channel: row.channel,
      deadlines: new Map((row.steps as ProcessStep[]).map((step) => [step.key, step.deadlineDays])),
    })),
    events: eventRows.map((row) => ({
      caseId: row.case_id,
      at: row.at.getTime(),
      kind: row.kind,
      stepKey: row.step_key,
      channel: row.channel,
    })),
  };
}
