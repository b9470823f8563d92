/**
 * Reads a process definition from a BPMN 2.0 file (tracker issue 11, item 3), as departments and
 * process-management teams model them (Camunda Modeler, bpmn.io, Signavio, ADONIS export). Parsing goes
 * through `bpmn-moddle`; the mapping to our steps is the convention below, checked by
 * `processStepProblems` afterwards.
 *
 * The convention (also in README, "Prozessdefinitionen aus BPMN"):
 * - One `bpmn:process` with flow elements (a collaboration may hold it), exactly one start event, and one
 *   linear path of sequence flows from the start event to an end event. Gateways, sub-processes, call
 *   activities and event sub-processes are refused with `unsupported_element` naming the element: a case runs
 *   its steps one after another. Intermediate events on the path are passed through (they are no steps).
 * - Every task on the path (`bpmn:task`, `userTask`, `manualTask`, `serviceTask`, `sendTask`, `receiveTask`,
 *   `scriptTask`, `businessRuleTask`) becomes one step, in path order. Its key is `mr:key` or the task's id
 *   in kebab case (IdentitaetPruefen → identitaet-pruefen; characters other than a–z, 0–9, '-', '_' become '-'); its name is the task's name.
 * - Who acts: the attribute `mr:actor="stop|back_office|department"` on the task, else on its lane, else the
 *   lane's name: "Haltestelle", "Bürgerbüro", "Mobiles Rathaus", "Vor Ort", "Bürgerkoffer" → stop;
 *   "Backoffice", "Back Office", "Innendienst" → back_office; "Fachbereich", "Fachamt", "Fachabteilung",
 *   "Fachdienst", "Amt" → department.
 * - Checklist: the task's `bpmn:documentation` lines that start with "- ", "* " or "[ ] ", and/or
 *   `<mr:checklist><mr:item>…</mr:item></mr:checklist>` in its `bpmn:extensionElements`.
 * - Deadline: a boundary event with a `bpmn:timerEventDefinition` whose `timeDuration` is an ISO 8601
 *   duration in days, weeks or hours (P5D, P2W, PT48H; hours round up to whole days), or `mr:deadlineDays`.
 * - Hand-off to the e-file: `mr:handOff="true"`, or a `bpmn:sendTask` whose name speaks of the e-file
 *   ("E-Akte", "DMS", "xdomea").
 * `mr` is the namespace https://mobiles-rathaus.de/schema/bpmn/1.0 under any prefix.
 */
import type { ModdleNode } from 'bpmn-moddle';
import {
  processActors,
  processStepProblems,
  type ProcessActor,
  type ProcessStep,
} from '../../domain/caseProcess.ts';

export const MR_BPMN_NAMESPACE = 'https://mobiles-rathaus.de/schema/bpmn/1.0';
export const BPMN_MODEL_NAMESPACE = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** Larger files are refused before parsing. */
export const MAX_BPMN_BYTES = 2 * 1024 * 1024;

export type BpmnIssueCode =
  | 'too_large'
  | 'not_xml'
  | 'not_bpmn'
  | 'no_process'
  | 'several_processes'
  | 'no_start_event'
  | 'several_start_events'
  | 'unsupported_element'
  | 'branching_flow'
  | 'dead_end'
  | 'cycle'
  | 'unreachable_element'
  | 'no_tasks'
  | 'unknown_actor'
  | 'invalid_deadline'
  | ReturnType<typeof processStepProblems>[number]['code'];

/** One problem of a BPMN file: `element` is the BPMN element's id where there is one. */
export interface BpmnIssue {
  code: BpmnIssueCode;
  element?: string;
  /** For problems of the steps: the step's field, e.g. 'steps/1/name'. */
  field?: string;
  /** The unsupported element type (e.g. 'bpmn:ExclusiveGateway'), or the parser's message. */
  detail?: string;
}

export type BpmnReadResult =
  { ok: true; name: string | null; steps: ProcessStep[] } | { ok: false; issues: BpmnIssue[] };

const taskTypes = new Set([
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ManualTask',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
]);
const passThroughTypes = new Set(['bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent']);
/** Not flow nodes of the path: attached to a task, or no node at all. */
const ignoredTypes = new Set([
  'bpmn:SequenceFlow',
  'bpmn:BoundaryEvent',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

const laneActorPatterns: [RegExp, ProcessActor][] = [
  [/back[\s-]?office|innendienst/i, 'back_office'],
  [/haltestelle|b(ü|ue)rgerb(ü|ue)ro|mobil|vor ort|b(ü|ue)rgerkoffer|station|schalter/i, 'stop'],
  [/fachbereich|fachamt|fachabteilung|fachdienst|\bamt\b|department/i, 'department'],
];

const eFileName = /e-?akte|\bdms\b|xdomea|e-file/i;

type Node = ModdleNode & {
  flowElements?: Node[];
  laneSets?: { lanes?: Lane[] }[];
  sourceRef?: Node;
  targetRef?: Node;
  attachedToRef?: Node;
  eventDefinitions?: Node[];
  documentation?: { text?: string }[];
  extensionElements?: { values?: ModdleNode[] };
  timeDuration?: { body?: string };
  rootElements?: Node[];
  participants?: { processRef?: Node }[];
};
interface Lane {
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  flowNodeRef?: Node[];
  childLaneSet?: { lanes?: Lane[] };
}

/** Our attribute `local` on an element, under whichever prefix the file binds to our namespace. */
function mrAttribute(
  element: { $attrs?: Record<string, string> } | undefined,
  prefixes: string[],
  local: string,
) {
  if (!element?.$attrs) return undefined;
  for (const prefix of prefixes) {
    const value = element.$attrs[`${prefix}:${local}`];
    if (value !== undefined) return value.trim();
  }
  return undefined;
}

/** Days of an ISO 8601 duration in weeks, days and hours (P5D, P2W, P1DT12H, PT48H); null if not one. */
export function durationDays(text: string): number | null {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?)?$/.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim() === 'PT') return null;
  const [, weeks, days, hours] = match;
  if (weeks === undefined && days === undefined && hours === undefined) return null;
  return Number(weeks ?? 0) * 7 + Number(days ?? 0) + Math.ceil(Number(hours ?? 0) / 24);
}

const stepKeyOf = (id: string) =>
  id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 63);

function checklistOf(task: Node, prefixes: string[]): string[] {
  const items: string[] = [];
  for (const doc of task.documentation ?? []) {
    for (const line of (doc.text ?? '').split(/\r?\n/)) {
      const match = /^\s*(?:- |\* |\[ \] )(.*)$/.exec(line);
      if (match?.[1]?.trim()) items.push(match[1].trim());
    }
  }
  for (const value of task.extensionElements?.values ?? []) {
    const [prefix, local] = value.$type.split(':');
    if (local !== 'checklist' || !prefix || !prefixes.includes(prefix)) continue;
    for (const item of value.$children ?? []) {
      if (item.$type.endsWith(':item') && item.$body?.trim()) items.push(item.$body.trim());
    }
  }
  return items;
}

/** Reads the file; never throws on bad input (every problem is an issue). */
export async function readBpmnProcess(xml: string): Promise<BpmnReadResult> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_BPMN_BYTES) return fail({ code: 'too_large' });
  const trimmed = xml.trimStart();
  if (!trimmed.startsWith('<')) return fail({ code: 'not_xml' });
  if (!trimmed.includes(BPMN_MODEL_NAMESPACE)) return fail({ code: 'not_bpmn' });
  let root: Node;
  try {
    // Loaded on first use: only the process import reads BPMN (bench:startup).
    const { BpmnModdle } = await import('bpmn-moddle');
    const parsed = await new BpmnModdle().fromXML(xml);
    root = parsed.rootElement as Node;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : undefined;
    return fail({
      code: /unparsable content|missing start tag|unclosed|unexpected/i.test(message ?? '')
        ? 'not_xml'
        : 'not_bpmn',
      ...(message ? { detail: message.slice(0, 200) } : {}),
    });
  }
  if (root.$type !== 'bpmn:Definitions') return fail({ code: 'not_bpmn' });
  const prefixes = Object.entries(root.$attrs ?? {})
    .filter(([name, uri]) => name.startsWith('xmlns:') && uri === MR_BPMN_NAMESPACE)
    .map(([name]) => name.slice('xmlns:'.length));

  const processes = (root.rootElements ?? []).filter(
    (element) => element.$type === 'bpmn:Process' && (element.flowElements?.length ?? 0) > 0,
  );
  if (processes.length === 0) return fail({ code: 'no_process' });
  if (processes.length > 1)
    return fail(...processes.map((p) => ({ code: 'several_processes' as const, element: p.id ?? '' })));
  const process = processes[0]!;
  const elements = process.flowElements ?? [];
  const issues: BpmnIssue[] = [];

  for (const element of elements) {
    const supported =
      taskTypes.has(element.$type) ||
      passThroughTypes.has(element.$type) ||
      ignoredTypes.has(element.$type) ||
      element.$type === 'bpmn:StartEvent' ||
      element.$type === 'bpmn:EndEvent';
    if (!supported)
      issues.push({ code: 'unsupported_element', element: element.id ?? '', detail: element.$type });
  }
  const starts = elements.filter((element) => element.$type === 'bpmn:StartEvent');
  if (starts.length === 0) issues.push({ code: 'no_start_event', element: process.id ?? '' });
  if (starts.length > 1)
    for (const start of starts) issues.push({ code: 'several_start_events', element: start.id ?? '' });
  if (issues.length > 0) return { ok: false, issues };

  const outgoing = new Map<Node, Node[]>();
  for (const flow of elements) {
    if (flow.$type !== 'bpmn:SequenceFlow' || !flow.sourceRef || !flow.targetRef) continue;
    outgoing.set(flow.sourceRef, [...(outgoing.get(flow.sourceRef) ?? []), flow.targetRef]);
  }

  // The one path from the start event to an end event.
  const path: Node[] = [];
  const seen = new Set<Node>();
  let node: Node | undefined = starts[0];
  while (node) {
    if (seen.has(node)) {
      issues.push({ code: 'cycle', element: node.id ?? '' });
      break;
    }
    seen.add(node);
    path.push(node);
    if (node.$type === 'bpmn:EndEvent') break;
    const next: Node[] = outgoing.get(node) ?? [];
    if (next.length === 0) {
      issues.push({ code: 'dead_end', element: node.id ?? '' });
      break;
    }
    if (next.length > 1) {
      issues.push({ code: 'branching_flow', element: node.id ?? '' });
      break;
    }
    node = next[0];
  }
  if (issues.length > 0) return { ok: false, issues };
  for (const element of elements) {
    const isNode =
      taskTypes.has(element.$type) ||
      passThroughTypes.has(element.$type) ||
      element.$type === 'bpmn:EndEvent';
    if (isNode && !seen.has(element)) issues.push({ code: 'unreachable_element', element: element.id ?? '' });
  }

  const laneOf = new Map<Node, Lane>();
  const walkLanes = (lanes: Lane[] | undefined) => {
    for (const lane of lanes ?? []) {
      for (const ref of lane.flowNodeRef ?? []) laneOf.set(ref, lane);
      walkLanes(lane.childLaneSet?.lanes);
    }
  };
  for (const laneSet of process.laneSets ?? []) walkLanes(laneSet.lanes);

  const timers = new Map<Node, string>();
  for (const element of elements) {
    if (element.$type !== 'bpmn:BoundaryEvent' || !element.attachedToRef) continue;
    const timer = element.eventDefinitions?.find((d) => d.$type === 'bpmn:TimerEventDefinition');
    const duration = timer?.timeDuration?.body;
    if (duration !== undefined) timers.set(element.attachedToRef, duration);
  }

  const steps: ProcessStep[] = [];
  const taskIds: string[] = [];
  for (const task of path.filter((element) => taskTypes.has(element.$type))) {
    const id = task.id ?? '';
    const lane = laneOf.get(task);
    const declared = mrAttribute(task, prefixes, 'actor') ?? mrAttribute(lane, prefixes, 'actor');
    let actor: ProcessActor | undefined;
    if (declared !== undefined) {
      actor = (processActors as readonly string[]).includes(declared)
        ? (declared as ProcessActor)
        : undefined;
    } else if (lane?.name) {
      actor = laneActorPatterns.find(([pattern]) => pattern.test(lane.name!))?.[1];
    }
    if (!actor) issues.push({ code: 'unknown_actor', element: id, ...(lane?.id ? { detail: lane.id } : {}) });

    let deadlineDays: number | null = null;
    const declaredDays = mrAttribute(task, prefixes, 'deadlineDays');
    const timer = timers.get(task);
    if (declaredDays !== undefined) {
      deadlineDays = /^\d{1,4}$/.test(declaredDays) ? Number(declaredDays) : -1;
    } else if (timer !== undefined) {
      deadlineDays = durationDays(timer) ?? -1;
    }
    if (deadlineDays === -1) {
      issues.push({ code: 'invalid_deadline', element: id, detail: declaredDays ?? timer ?? '' });
      deadlineDays = null;
    }
    const handOffAttribute = mrAttribute(task, prefixes, 'handOff');
    const handOff =
      handOffAttribute !== undefined
        ? handOffAttribute === 'true'
        : task.$type === 'bpmn:SendTask' && eFileName.test(task.name ?? '');
    steps.push({
      key: mrAttribute(task, prefixes, 'key') ?? stepKeyOf(id),
      name: (task.name ?? '').replace(/\s+/g, ' ').trim(),
      actor: actor ?? 'stop',
      checklist: checklistOf(task, prefixes),
      deadlineDays,
      handOff,
    });
    taskIds.push(id);
  }
  if (steps.length === 0) issues.push({ code: 'no_tasks', element: process.id ?? '' });
  for (const problem of processStepProblems(steps)) {
    const index = /^steps\/(\d+)/.exec(problem.field)?.[1];
    const element = index === undefined ? undefined : taskIds[Number(index)];
    if (problem.code === 'no_steps') continue;
    issues.push({ code: problem.code, field: problem.field, ...(element ? { element } : {}) });
  }
  if (issues.length > 0) return { ok: false, issues };
  const name = (process.name ?? '').trim() || null;
  return { ok: true, name, steps };
}

function fail(...issues: BpmnIssue[]): BpmnReadResult {
  return { ok: false, issues };
}
