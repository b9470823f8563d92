import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { municipalityId } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

const DEFINITIONS = '/api/v1/staff/process-definitions';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const shipped = (file: string) =>
  readFileSync(new URL(`../../../../data/seed/guetersloh/processes/${file}`, import.meta.url), 'utf8');

const withoutStart = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <bpmn:process id="Ohne_Start">
    <bpmn:task id="A" name="Aufnehmen" /><bpmn:endEvent id="E" />
    <bpmn:sequenceFlow id="F" sourceRef="A" targetRef="E" />
  </bpmn:process>
</bpmn:definitions>`;

interface ListItem {
  serviceId: string;
  active: {
    version: number;
    source: string;
    steps: { key: string; actor: string; deadlineDays: number | null }[];
  } | null;
  versions: { version: number; active: boolean }[];
}

describe.each(testDatabaseKinds)('process definitions, figures and the event log on %s', (kind) => {
  let test: TestApp;
  let admin: StaffSignIn;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  let lead: StaffSignIn;
  let mid: string;

  const list = async (who: StaffSignIn) => {
    const response = await test.app.inject({ method: 'GET', url: DEFINITIONS, headers: who.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: ListItem[] }>().items;
  };
  const post = (who: StaffSignIn, url: string, payload: object) =>
    test.app.inject({ method: 'POST', url, headers: who.headers, payload });
  const definitionCount = async () =>
    Number(
      (
        await test.database.db
          .selectFrom('process_definitions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    test = await createTestApp(kind);
    admin = await signInAs(test.app, 'admin');
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
    lead = await signInAs(test.app, 'department');
    mid = await municipalityId(test.database.db);
    await test.database.db
      .insertInto('staff_user_departments')
      .values({ municipality_id: mid, user_id: lead.user.id, department_id: 'strassenverkehr' })
      .execute();
  });
  afterAll(async () => test?.close());

  it('the seed loads the shipped BPMN models; services without one have no definition yet', async () => {
    const items = await list(planner);
    const idCard = items.find((item) => item.serviceId === 'personalausweis-beantragen')!;
    expect(idCard.active).toMatchObject({ version: 1, source: 'bpmn' });
    expect(idCard.active!.steps.map((step) => [step.key, step.actor, step.deadlineDays])).toEqual([
      ['identitaet-pruefen', 'stop', null],
      ['bundesdruckerei-bestellen', 'back_office', 2],
      ['abholung-benachrichtigen', 'back_office', 42],
      ['ausweis-aushaendigen', 'stop', null],
      ['eakte-uebergabe', 'back_office', 5],
    ]);
    expect(items.find((item) => item.serviceId === 'hundesteuer-anmeldung')!.active).toBeNull();
  });

  it('an import makes the next version and retires the previous one, audited', async () => {
    const response = await post(planner, `${DEFINITIONS}/import`, {
      serviceId: 'wohnsitz-anmelden',
      efileMessage: 'hand_over',
      bpmnXml: shipped('wohnsitz-anmelden.bpmn'),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ serviceId: 'wohnsitz-anmelden', version: 2 });
    const item = (await list(planner)).find((entry) => entry.serviceId === 'wohnsitz-anmelden')!;
    expect(item.active).toMatchObject({ version: 2, source: 'bpmn' });
    expect(item.versions.map((version) => [version.version, version.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', response.json<{ id: string }>().id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('process_definition.imported');
    expect(audit.details).toMatchObject({ serviceId: 'wohnsitz-anmelden', version: 2, replacedVersion: 1 });
  });

  it('a BPMN file without a start event, text that is not XML or an unknown service change nothing', async () => {
    const before = await definitionCount();
    const noStart = await post(planner, `${DEFINITIONS}/import`, {
      serviceId: 'abmeldung',
      bpmnXml: withoutStart,
    });
    expect(noStart.statusCode).toBe(422);
    expect(noStart.headers['content-type']).toContain('application/problem+json');
    expect(noStart.json()).toMatchObject({
      code: 'bpmn_invalid',
      field: 'bpmnXml',
      details: { issues: [{ code: 'no_start_event', element: 'Ohne_Start' }] },
    });
    const notXml = await post(planner, `${DEFINITIONS}/import`, {
      serviceId: 'abmeldung',
      bpmnXml: '%PDF-1.7 kein Prozess',
    });
    expect(notXml.json()).toMatchObject({ code: 'bpmn_invalid', details: { issues: [{ code: 'not_xml' }] } });
    const unknown = await post(planner, `${DEFINITIONS}/import`, {
      serviceId: 'gibt-es-nicht',
      bpmnXml: shipped('wohnsitz-anmelden.bpmn'),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', field: 'serviceId' });
    const empty = await post(planner, `${DEFINITIONS}/import`, { serviceId: 'abmeldung' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ field: 'bpmnXml' });
    expect(await definitionCount()).toBe(before);
  });

  it('a department lead defines the own services only and sees only them; a clerk nothing', async () => {
    const own = await post(lead, `${DEFINITIONS}/import`, {
      serviceId: 'bewohnerparkausweis',
      bpmnXml: shipped('bewohnerparkausweis.bpmn'),
    });
    expect(own.statusCode, own.body).toBe(201);
    const foreign = await post(lead, `${DEFINITIONS}/import`, {
      serviceId: 'personalausweis-beantragen',
      bpmnXml: shipped('personalausweis-beantragen.bpmn'),
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ code: 'department_scope', field: 'serviceId' });
    expect((await list(lead)).map((item) => item.serviceId).sort()).toEqual([
      'bewohnerparkausweis',
      'fahrzeugschein-adressaenderung',
    ]);
    const refused = await test.app.inject({ method: 'GET', url: DEFINITIONS, headers: clerk.headers });
    expect(refused.statusCode).toBe(403);
  });

  it('the simple form saves a definition for a service without a model, with the same rules', async () => {
    const step = (key: string, actor: string, handOff = false) => ({
      key,
      name: `Schritt ${key}`,
      actor,
      checklist: ['Erledigt', '  '],
      deadlineDays: actor === 'stop' ? null : 5,
      handOff,
    });
    const bad = await post(admin, DEFINITIONS, {
      serviceId: 'hundesteuer-anmeldung',
      efileMessage: 'record',
      steps: [step('vor-ort', 'stop', true), step('vor-ort', 'back_office', true)],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      code: 'invalid_process_steps',
      field: 'steps/0/handOff',
      details: {
        issues: [
          { field: 'steps/0/handOff', code: 'hand_off_not_in_back_office' },
          { field: 'steps/1/key', code: 'duplicate_step_key' },
          { field: 'steps/1/handOff', code: 'several_hand_off_steps' },
        ],
      },
    });
    const good = await post(admin, DEFINITIONS, {
      serviceId: 'hundesteuer-anmeldung',
      name: 'Hundesteuer',
      efileMessage: 'record',
      steps: [step('vor-ort', 'stop'), step('steueramt', 'department'), step('akte', 'back_office', true)],
    });
    expect(good.statusCode, good.body).toBe(201);
    const item = (await list(admin)).find((entry) => entry.serviceId === 'hundesteuer-anmeldung')!;
    expect(item.active).toMatchObject({ version: 1, source: 'form' });
    const stored = await test.database.db
      .selectFrom('process_definitions')
      .select('steps')
      .where('id', '=', good.json<{ id: string }>().id)
      .executeTakeFirstOrThrow();
    // Blank checklist lines are dropped.
    expect((stored.steps as { checklist: string[] }[])[0]!.checklist).toEqual(['Erledigt']);
  });

  describe('figures and the exported log from cases written by hand', () => {
    const t0 = Date.parse('2026-03-02T08:00:00Z');
    const numbers: string[] = [];

    beforeAll(async () => {
      const db = test.database.db;
      const definition = await db
        .selectFrom('process_definitions')
        .select('id')
        .where('municipality_id', '=', mid)
        .where('service_id', '=', 'personalausweis-beantragen')
        .where('active', '=', true)
        .executeTakeFirstOrThrow();
      const service = await db
        .selectFrom('services')
        .select('department_id')
        .where('municipality_id', '=', mid)
        .where('id', '=', 'personalausweis-beantragen')
        .executeTakeFirstOrThrow();
      // Case i (1–5) starts online at t0 + i days. The clerk starts the stop step an hour later and completes
      // it after i × 10 minutes; the back office orders the card i × 24 hours later (deadline 2 days) and
      // the case closes then.
      for (let i = 1; i <= 5; i++) {
        const number = `MR-2026-90000${i}`;
        numbers.push(number);
        const { id: caseId } = await db
          .insertInto('cases')
          .values({
            municipality_id: mid,
            number,
            service_id: 'personalausweis-beantragen',
            department_id: service.department_id,
            process_definition_id: definition.id,
            channel: 'online',
            citizen_name: 'Erika Mustermann',
            citizen_email: 'erika@example.org',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const start = t0 + i * 24 * HOUR;
        const stopDone = start + HOUR + i * 10 * MINUTE;
        const ordered = stopDone + i * 24 * HOUR;
        const event = (at: number, kind: string, stepKey: string | null, channel: string) => ({
          municipality_id: mid,
          case_id: caseId,
          at: new Date(at),
          kind: kind as 'created',
          step_key: stepKey,
          channel: channel as 'online',
          actor: 'staff:00000000-0000-0000-0000-000000000001',
          data: JSON.stringify({ note: 'Erika Mustermann' }),
        });
        await db
          .insertInto('case_events')
          .values([
            event(start, 'created', null, 'online'),
            event(start + HOUR, 'step_started', 'identitaet-pruefen', 'stop'),
            event(stopDone, 'step_completed', 'identitaet-pruefen', 'stop'),
            event(ordered, 'step_completed', 'bundesdruckerei-bestellen', 'back_office'),
            event(ordered, 'closed', null, 'system'),
          ])
          .execute();
      }
    });

    it('gives lead times per service and step, per channel and the bottlenecks, worked out by hand', async () => {
      const response = await test.app.inject({
        method: 'GET',
        url: '/api/v1/staff/process-figures',
        headers: planner.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      const figures = response.json();
      const idCard = figures.services.find(
        (service: { serviceId: string }) => service.serviceId === 'personalausweis-beantragen',
      );
      // Cases: 1 h + i × 10 min + i × 24 h = 25:10, 49:20, 73:30, 97:40, 121:50.
      expect(idCard.cases).toEqual({ count: 5, medianHours: 73.5, p90Hours: 121 + 50 / 60 });
      expect(idCard.steps).toEqual([
        {
          stepKey: 'identitaet-pruefen',
          leadTime: { count: 5, medianHours: 0.5, p90Hours: 50 / 60 },
          waiting: { count: 5, medianHours: 1, p90Hours: 1 },
          overdue: null,
          overdueShare: null,
        },
        {
          // 24 … 120 hours against a deadline of 2 days: 72, 96 and 120 hours are late.
          stepKey: 'bundesdruckerei-bestellen',
          leadTime: { count: 5, medianHours: 72, p90Hours: 120 },
          waiting: { count: 0, medianHours: null, p90Hours: null },
          overdue: 3,
          overdueShare: 0.6,
        },
      ]);
      expect(figures.bottlenecks.byLeadTime[0]).toMatchObject({
        stepKey: 'bundesdruckerei-bestellen',
        medianHours: 72,
      });
      expect(figures.bottlenecks.byOverdue.map((b: { stepKey: string }) => b.stepKey)).toEqual([
        'bundesdruckerei-bestellen',
      ]);
      const channel = (name: string) =>
        figures.channels.find((row: { channel: string }) => row.channel === name).leadTime;
      expect(channel('stop')).toEqual({ count: 5, medianHours: 0.5, p90Hours: 50 / 60 });
      expect(channel('back_office')).toEqual({ count: 5, medianHours: 72, p90Hours: 120 });
      // A lead of another department sees none of these cases.
      const streets = await test.app.inject({
        method: 'GET',
        url: '/api/v1/staff/process-figures',
        headers: lead.headers,
      });
      expect(streets.json().services).toEqual([]);
    });

    it('exports the log as XES (IEEE 1849) with no personal data, audited', async () => {
      const response = await test.app.inject({
        method: 'GET',
        url: '/api/v1/staff/process-log?format=xes',
        headers: planner.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toContain('application/xml');
      expect(response.body).not.toContain('Erika');
      expect(response.body).not.toContain('Mustermann');
      expect(response.body).not.toContain('00000000-0000-0000-0000-000000000001');
      // Parsed by a namespace-aware XML parser into a DOM (xmlbuilder2's reader; it throws on bad XML).
      const log = create(response.body).root().node as unknown as Element;
      expect(log.localName).toBe('log');
      expect(log.namespaceURI).toBe('http://www.xes-standard.org/');
      expect(log.getAttribute('xes.version')).toBe('1849-2016');
      const children = (element: Element, name: string) =>
        [...element.children].filter((child) => child.localName === name);
      expect(
        children(log, 'extension').map((e) => [e.getAttribute('prefix'), e.getAttribute('uri')]),
      ).toEqual([
        ['concept', 'http://www.xes-standard.org/concept.xesext'],
        ['time', 'http://www.xes-standard.org/time.xesext'],
        ['lifecycle', 'http://www.xes-standard.org/lifecycle.xesext'],
        ['org', 'http://www.xes-standard.org/org.xesext'],
      ]);
      const attribute = (element: Element, key: string) =>
        [...element.children].find((child) => child.getAttribute('key') === key);
      const traces = children(log, 'trace');
      expect(traces.map((trace) => attribute(trace, 'concept:name')!.getAttribute('value'))).toEqual(numbers);
      const first = children(traces[0]!, 'event');
      expect(first).toHaveLength(5);
      const second = first[1]!;
      expect(attribute(second, 'concept:name')!.getAttribute('value')).toBe('identitaet-pruefen');
      expect(attribute(second, 'time:timestamp')!.localName).toBe('date');
      expect(attribute(second, 'time:timestamp')!.getAttribute('value')).toBe('2026-03-03T09:00:00.000Z');
      expect(attribute(second, 'lifecycle:transition')!.getAttribute('value')).toBe('start');
      expect(attribute(second, 'org:resource')!.getAttribute('value')).toBe('stop');
      expect(attribute(first[2]!, 'lifecycle:transition')!.getAttribute('value')).toBe('complete');
      expect(attribute(first[0]!, 'concept:name')!.getAttribute('value')).toBe('created');
      const audit = await test.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'process_log.exported')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ format: 'xes', cases: 5, events: 25 });
    });

    it('exports the log as CSV, one row per event', async () => {
      const response = await test.app.inject({
        method: 'GET',
        url: '/api/v1/staff/process-log?format=csv&from=2026-03-03&to=2026-03-03',
        headers: admin.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      const lines = response.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('case_id,activity,timestamp,lifecycle,channel,service');
      // 3 March: case 1's first three events (it starts at 08:00; the card is ordered on 4 March at 09:10).
      expect(lines.slice(1)).toEqual([
        `${numbers[0]},created,2026-03-03T08:00:00.000Z,complete,online,personalausweis-beantragen`,
        `${numbers[0]},identitaet-pruefen,2026-03-03T09:00:00.000Z,start,stop,personalausweis-beantragen`,
        `${numbers[0]},identitaet-pruefen,2026-03-03T09:10:00.000Z,complete,stop,personalausweis-beantragen`,
      ]);
      const bad = await test.app.inject({
        method: 'GET',
        url: '/api/v1/staff/process-log?format=pdf',
        headers: admin.headers,
      });
      expect(bad.statusCode).toBe(400);
    });
  });
});
