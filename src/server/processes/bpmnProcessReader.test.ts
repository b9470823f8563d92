import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { durationDays, readBpmnProcess } from './bpmnProcessReader.ts';

const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:mr="https://mobiles-rathaus.de/schema/bpmn/1.0" id="D" targetNamespace="https://example.org">
${body}
</bpmn:definitions>`;

const linear = definitions(`
  <bpmn:process id="P" name="Wohnsitz anmelden">
    <bpmn:laneSet id="LS">
      <bpmn:lane id="L1" name="Haltestelle"><bpmn:flowNodeRef>Aufnehmen</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="L2" name="Backoffice Bürgerbüro">
        <bpmn:flowNodeRef>Register</bpmn:flowNodeRef><bpmn:flowNodeRef>Akte</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="L3" name="Fachbereich Ordnung"><bpmn:flowNodeRef>Pruefen</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="S" />
    <bpmn:userTask id="Aufnehmen" name="Anmeldung aufnehmen">
      <bpmn:documentation>Am Tablet.
- Ausweis geprüft
* Meldeschein unterschrieben
kein Punkt</bpmn:documentation>
    </bpmn:userTask>
    <bpmn:intermediateThrowEvent id="I" />
    <bpmn:task id="Pruefen" name="Prüfen" mr:deadlineDays="10" />
    <bpmn:userTask id="Register" name="Melderegister fortschreiben">
      <bpmn:extensionElements><mr:checklist><mr:item>Datensatz angelegt</mr:item><mr:item>Rückmeldung</mr:item></mr:checklist></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="T" attachedToRef="Register" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sendTask id="Akte" name="An die E-Akte übergeben" />
    <bpmn:endEvent id="E" />
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="Aufnehmen" />
    <bpmn:sequenceFlow id="F2" sourceRef="Aufnehmen" targetRef="I" />
    <bpmn:sequenceFlow id="F3" sourceRef="I" targetRef="Pruefen" />
    <bpmn:sequenceFlow id="F4" sourceRef="Pruefen" targetRef="Register" />
    <bpmn:sequenceFlow id="F5" sourceRef="Register" targetRef="Akte" />
    <bpmn:sequenceFlow id="F6" sourceRef="Akte" targetRef="E" />
  </bpmn:process>`);

/** A process of start → tasks → end whose sequence flows are written in `flows`. */
const process = (nodes: string, flows: [string, string][]) =>
  definitions(`<bpmn:process id="P">
    ${nodes}
    ${flows.map(([from, to], i) => `<bpmn:sequenceFlow id="F${i}" sourceRef="${from}" targetRef="${to}" />`).join('\n')}
  </bpmn:process>`);

describe('reading a process definition from BPMN 2.0', () => {
  it('maps a linear process in sequence-flow order: lanes to actors, documentation and extension checklists, timers and the e-file send task', async () => {
    const result = await readBpmnProcess(linear);
    expect(result).toEqual({
      ok: true,
      name: 'Wohnsitz anmelden',
      steps: [
        {
          key: 'aufnehmen',
          name: 'Anmeldung aufnehmen',
          actor: 'stop',
          checklist: ['Ausweis geprüft', 'Meldeschein unterschrieben'],
          deadlineDays: null,
          handOff: false,
        },
        {
          key: 'pruefen',
          name: 'Prüfen',
          actor: 'department',
          checklist: [],
          deadlineDays: 10,
          handOff: false,
        },
        {
          key: 'register',
          name: 'Melderegister fortschreiben',
          actor: 'back_office',
          checklist: ['Datensatz angelegt', 'Rückmeldung'],
          deadlineDays: 3,
          handOff: false,
        },
        {
          key: 'akte',
          name: 'An die E-Akte übergeben',
          actor: 'back_office',
          checklist: [],
          deadlineDays: null,
          handOff: true,
        },
      ],
    });
  });

  it('takes mr:actor, mr:key and mr:handOff under any prefix, before the lane', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:x="https://mobiles-rathaus.de/schema/bpmn/1.0" id="D" targetNamespace="t">
      <process id="P"><startEvent id="S"/>
        <task id="A" name="Erfassen" x:actor="stop" x:key="erfassen"/>
        <task id="B" name="Ablegen" x:actor="back_office" x:handOff="true"/>
        <endEvent id="E"/>
        <sequenceFlow id="F1" sourceRef="S" targetRef="A"/><sequenceFlow id="F2" sourceRef="A" targetRef="B"/>
        <sequenceFlow id="F3" sourceRef="B" targetRef="E"/></process></definitions>`;
    const result = await readBpmnProcess(xml);
    expect(result.ok && result.steps.map((s) => [s.key, s.actor, s.handOff])).toEqual([
      ['erfassen', 'stop', false],
      ['b', 'back_office', true],
    ]);
  });

  it('refuses a file without a start event', async () => {
    const xml = process('<bpmn:task id="A" name="A" mr:actor="stop"/><bpmn:endEvent id="E"/>', [['A', 'E']]);
    expect(await readBpmnProcess(xml)).toEqual({
      ok: false,
      issues: [{ code: 'no_start_event', element: 'P' }],
    });
  });

  it('refuses several start events, naming each', async () => {
    const xml = process(
      '<bpmn:startEvent id="S1"/><bpmn:startEvent id="S2"/><bpmn:task id="A" name="A" mr:actor="stop"/><bpmn:endEvent id="E"/>',
      [
        ['S1', 'A'],
        ['S2', 'A'],
        ['A', 'E'],
      ],
    );
    expect(await readBpmnProcess(xml)).toEqual({
      ok: false,
      issues: [
        { code: 'several_start_events', element: 'S1' },
        { code: 'several_start_events', element: 'S2' },
      ],
    });
  });

  it('refuses a gateway as unsupported, naming the element and its type', async () => {
    const xml = process(
      `<bpmn:startEvent id="S"/><bpmn:exclusiveGateway id="G"/>
       <bpmn:task id="A" name="A" mr:actor="stop"/><bpmn:task id="B" name="B" mr:actor="stop"/><bpmn:endEvent id="E"/>`,
      [
        ['S', 'G'],
        ['G', 'A'],
        ['G', 'B'],
        ['A', 'E'],
        ['B', 'E'],
      ],
    );
    expect(await readBpmnProcess(xml)).toEqual({
      ok: false,
      issues: [{ code: 'unsupported_element', element: 'G', detail: 'bpmn:ExclusiveGateway' }],
    });
  });

  it('refuses a cycle, a branch without a gateway, a dead end and an unreachable task', async () => {
    const nodes = `<bpmn:startEvent id="S"/><bpmn:task id="A" name="A" mr:actor="stop"/>
      <bpmn:task id="B" name="B" mr:actor="back_office"/><bpmn:endEvent id="E"/>`;
    expect(
      await readBpmnProcess(
        process(nodes, [
          ['S', 'A'],
          ['A', 'B'],
          ['B', 'A'],
        ]),
      ),
    ).toEqual({
      ok: false,
      issues: [{ code: 'cycle', element: 'A' }],
    });
    expect(
      await readBpmnProcess(
        process(nodes, [
          ['S', 'A'],
          ['A', 'B'],
          ['A', 'E'],
          ['B', 'E'],
        ]),
      ),
    ).toEqual({
      ok: false,
      issues: [{ code: 'branching_flow', element: 'A' }],
    });
    expect(
      await readBpmnProcess(
        process(nodes, [
          ['S', 'A'],
          ['A', 'B'],
        ]),
      ),
    ).toEqual({
      ok: false,
      issues: [{ code: 'dead_end', element: 'B' }],
    });
    expect(
      await readBpmnProcess(
        process(nodes, [
          ['S', 'A'],
          ['A', 'E'],
        ]),
      ),
    ).toEqual({
      ok: false,
      issues: [{ code: 'unreachable_element', element: 'B' }],
    });
  });

  it('names tasks without an actor, bad deadlines and the step rules (hand-off at the stop)', async () => {
    const xml = process(
      `<bpmn:startEvent id="S"/><bpmn:task id="A" name="A"/>
       <bpmn:task id="B" name="B" mr:actor="stop" mr:handOff="true" mr:deadlineDays="soon"/><bpmn:endEvent id="E"/>`,
      [
        ['S', 'A'],
        ['A', 'B'],
        ['B', 'E'],
      ],
    );
    expect(await readBpmnProcess(xml)).toEqual({
      ok: false,
      issues: [
        { code: 'unknown_actor', element: 'A' },
        { code: 'invalid_deadline', element: 'B', detail: 'soon' },
        { code: 'hand_off_not_in_back_office', element: 'B', field: 'steps/1/handOff' },
      ],
    });
  });

  it('tells text that is not XML from XML that is not BPMN', async () => {
    expect(await readBpmnProcess('Hallo, das ist kein Prozess')).toEqual({
      ok: false,
      issues: [{ code: 'not_xml' }],
    });
    expect(await readBpmnProcess('<?xml version="1.0"?><html><body/></html>')).toEqual({
      ok: false,
      issues: [{ code: 'not_bpmn' }],
    });
    const broken = await readBpmnProcess(`${linear.slice(0, 400)}`);
    expect(broken.ok).toBe(false);
    expect(await readBpmnProcess(definitions('<bpmn:message id="M"/>'))).toEqual({
      ok: false,
      issues: [{ code: 'no_process' }],
    });
  });

  it('reads ISO 8601 durations in days', () => {
    expect(durationDays('P5D')).toBe(5);
    expect(durationDays('P2W')).toBe(14);
    expect(durationDays('PT48H')).toBe(2);
    expect(durationDays('P1DT1H')).toBe(2);
    expect(durationDays('P')).toBeNull();
    expect(durationDays('5 Tage')).toBeNull();
  });
});

describe('the BPMN files shipped for the seed services', () => {
  const folder = fileURLToPath(new URL('../../../data/seed/guetersloh/processes/', import.meta.url));
  const files = readdirSync(folder).filter((file) => file.endsWith('.bpmn'));

  it.each(files)(
    '%s imports, hands off once from the back office and survives a modeler round trip',
    async (file) => {
      const xml = readFileSync(folder + file, 'utf8');
      const result = await readBpmnProcess(xml);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      expect(result.steps[0]!.actor).toBe('stop');
      expect(result.steps.filter((step) => step.handOff)).toHaveLength(1);
      expect(result.steps.every((step) => step.checklist.length > 0)).toBe(true);
      // Round trip through the modelers' object model: read, write, read again gives the same steps and keeps
      // the diagram (bpmndi) so bpmn.io / Camunda Modeler draw it.
      const moddle = new BpmnModdle();
      const { rootElement, warnings } = await moddle.fromXML(xml);
      expect(warnings).toEqual([]);
      const { xml: written } = await moddle.toXML(rootElement, { format: true });
      expect(written).toContain('bpmndi:BPMNDiagram');
      expect(await readBpmnProcess(written)).toEqual(result);
    },
  );

  it('ships files for the ID card, the passport and the registration of residence', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'personalausweis-beantragen.bpmn',
        'reisepass-beantragen.bpmn',
        'wohnsitz-anmelden.bpmn',
      ]),
    );
  });
});
