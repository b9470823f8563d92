import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestStop,
  municipalityId,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { anonymisePersonalData } from '../../commands/personalDataAnonymiser.ts';

const berlin = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO()!;
const service = 'personalausweis-beantragen'; // Bürgerbüro
const personal = /Erika|Mustermann|erika@example|05241/;

describe.each(testDatabaseKinds)('cases from booking to hand-off on %s', (kind) => {
  let test: TestApp;
  let clerk: StaffSignIn;
  let lead: StaffSignIn; // Bürgerbüro
  let otherLead: StaffSignIn; // Finanzen
  let admin: StaffSignIn;
  const db = () => test.database.db;

  async function assign(who: StaffSignIn, departmentId: string) {
    await db()
      .insertInto('staff_user_departments')
      .values({ municipality_id: who.user.municipalityId, user_id: who.user.id, department_id: departmentId })
      .execute();
  }

  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200 });
    clerk = await signInAs(test.app, 'clerk');
    lead = await signInAs(test.app, 'department');
    otherLead = await signInAs(test.app, 'department');
    admin = await signInAs(test.app, 'admin');
    await assign(lead, 'buergerbuero');
    await assign(otherLead, 'finanzen');
    // This file follows the default process (a service without a model): the shipped BPMN model of the
    // ID card is retired here; the models themselves are tested in processRoutes.test.ts.
    await test.database.db
      .updateTable('process_definitions')
      .set({ active: false })
      .where('service_id', '=', service)
      .execute();
  });
  afterAll(async () => test?.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, who: StaffSignIn, payload?: object) =>
    test.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  async function bookConfirmed(stopId: string, startsAt: string, email: string) {
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt,
        services: [{ serviceId: service, quantity: 1 }],
        name: 'Erika Mustermann',
        email,
        phone: '05241 123456',
        captcha: await solvedCaptcha(test.app),
      },
    });
    expect(held.statusCode, held.body).toBe(201);
    const { bookingId } = held.json<{ bookingId: string }>();
    const { token } = await tokenFromLatestMail(db(), email, 'booking.confirm_request');
    const confirmed = await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${bookingId}/confirm`,
      payload: { token },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const code = (
      await db().selectFrom('bookings').select('code').where('id', '=', bookingId).executeTakeFirstOrThrow()
    ).code;
    return { bookingId, token, code };
  }

  const caseOf = (bookingId: string) =>
    db().selectFrom('cases').selectAll().where('booking_id', '=', bookingId).executeTakeFirstOrThrow();

  /** Everything a case command may change, to prove that refused input changed nothing. */
  const snapshot = async () => ({
    cases: await db().selectFrom('cases').selectAll().orderBy('id').execute(),
    events: await db().selectFrom('case_events').selectAll().orderBy('id').execute(),
    tasks: await db().selectFrom('tasks').selectAll().orderBy('id').execute(),
    handOffs: await db().selectFrom('efile_hand_offs').selectAll().orderBy('id').execute(),
  });

  it('takes a case from the booking through the stop and the department inbox to the queued hand-off', async () => {
    const date = upcomingDate(8);
    const stopId = await createTestStop(db(), { date });
    const booking = await bookConfirmed(stopId, berlin(date, '09:00'), 'erika@example.org');

    // The confirmation opened the case online, at its stop step.
    const opened = await caseOf(booking.bookingId);
    expect(opened).toMatchObject({
      channel: 'online',
      status: 'open',
      current_step_key: 'stop',
      department_id: 'buergerbuero',
      citizen_name: 'Erika Mustermann',
    });
    expect(opened.number).toMatch(/^MR-\d{4}-\d{6}$/);
    const events = async () =>
      (
        await db()
          .selectFrom('case_events')
          .select('kind')
          .where('case_id', '=', opened.id)
          .orderBy('id')
          .execute()
      ).map((row) => row.kind);
    expect(await events()).toEqual(['created', 'step_started', 'booked']);

    // The citizen sees the status through the booking's link: no staff, no notes, no personal data.
    const citizen = await test.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.bookingId}/cases`,
      headers: { 'x-booking-token': booking.token },
    });
    expect(citizen.statusCode, citizen.body).toBe(200);
    expect(citizen.json().items).toEqual([
      expect.objectContaining({
        number: opened.number,
        status: 'open',
        steps: [
          expect.objectContaining({ key: 'stop', actor: 'stop', state: 'current' }),
          expect.objectContaining({ key: 'back-office', state: 'upcoming' }),
          expect.objectContaining({ key: 'e-file', handOff: true, state: 'upcoming' }),
        ],
      }),
    ]);
    expect(citizen.body).not.toMatch(personal);
    expect(citizen.body).not.toMatch(/staff:|checklist|actorName/);
    const wrongToken = await test.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.bookingId}/cases`,
      headers: { 'x-booking-token': 'x'.repeat(43) },
    });
    expect(wrongToken.statusCode).toBe(404);

    // At the stop: the clerk serves and finishes with a follow-up.
    const op = (type: string, minute: number, payload: object = {}) => ({
      opId: randomUUID(),
      at: new Date(Date.now() + minute * 60_000).toISOString(),
      type,
      ...payload,
    });
    const station = await inject('POST', `/api/v1/staff/station/stops/${stopId}/operations`, clerk, {
      deviceId: 'tablet-cases',
      operations: [
        op('open_stop', 0, { reason: 'Checkliste auf Papier' }),
        op('check_in', 1, { code: booking.code }),
        op('call', 2, { entryId: booking.bookingId, counter: 1 }),
        op('start_service', 3, { entryId: booking.bookingId }),
        op('finish', 10, {
          entryId: booking.bookingId,
          outcome: 'follow_up',
          deliveredServices: [{ serviceId: service, quantity: 1 }],
        }),
      ],
    });
    expect(station.statusCode, station.body).toBe(200);
    expect(station.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(
      Array(5).fill('applied'),
    );
    expect(await caseOf(booking.bookingId)).toMatchObject({
      status: 'waiting',
      current_step_key: 'back-office',
    });
    expect(await events()).toEqual([
      'created',
      'step_started',
      'booked',
      'visited',
      'step_completed',
      'step_started',
      'task_created',
    ]);

    // The task lands in the Bürgerbüro's inbox, with its deadline; the Finanzen lead does not see it.
    const inbox = await inject('GET', '/api/v1/staff/tasks?status=open', lead);
    expect(inbox.statusCode, inbox.body).toBe(200);
    const task = inbox.json().items.find((item: { caseId: string }) => item.caseId === opened.id);
    expect(task).toMatchObject({
      stepKey: 'back-office',
      departmentId: 'buergerbuero',
      checklist: ['Antrag geprüft'],
      assignee: null,
      ageDays: 0,
      overdue: false,
    });
    expect(Date.parse(task.dueAt) - Date.parse(task.createdAt)).toBe(10 * 86_400_000);
    expect((await inject('GET', '/api/v1/staff/tasks', otherLead)).json().items).toEqual([]);
    expect((await inject('GET', '/api/v1/staff/tasks?overdue=true', lead)).json().items).toEqual([]);

    // Assign to me, start, and complete with the checklist.
    const mine = await inject('PATCH', `/api/v1/staff/tasks/${task.id}`, lead, {
      assigneeId: lead.user.id,
      status: 'in_progress',
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ status: 'in_progress', assignee: { id: lead.user.id } });
    expect((await inject('GET', '/api/v1/staff/tasks?assignee=me', lead)).json().items).toHaveLength(1);
    const incomplete = await inject('PATCH', `/api/v1/staff/tasks/${task.id}`, lead, {
      status: 'done',
      checklist: [],
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ code: 'checklist_incomplete', field: 'checklist/0' });
    const done = await inject('PATCH', `/api/v1/staff/tasks/${task.id}`, lead, {
      status: 'done',
      checklist: ['Antrag geprüft'],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedAt: expect.any(String) });

    // The hand-off step is reached: queued for the xdomea writer, and a task to finish the step afterwards.
    expect(await caseOf(booking.bookingId)).toMatchObject({
      status: 'handing_off',
      current_step_key: 'e-file',
    });
    const handOffs = await db()
      .selectFrom('efile_hand_offs')
      .selectAll()
      .where('case_id', '=', opened.id)
      .execute();
    expect(handOffs).toEqual([expect.objectContaining({ status: 'queued', message: 'record' })]);
    expect((await events()).slice(-5)).toEqual([
      'task_completed',
      'step_completed',
      'step_started',
      'task_created',
      'hand_off_queued',
    ]);
    // Until the e-file confirms, the hand-off step cannot be completed.
    const early = await inject('POST', `/api/v1/staff/cases/${opened.id}/step-completions`, lead, {
      stepKey: 'e-file',
      checklist: ['Dokumente vollständig'],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'illegal_transition' });

    // The case as staff see it: timeline, steps, tasks, hand-offs; the read is audited with its purpose.
    const read = await inject('GET', `/api/v1/staff/cases/${opened.id}?purpose=processing`, lead);
    expect(read.statusCode, read.body).toBe(200);
    const view = read.json();
    expect(view).toMatchObject({
      number: opened.number,
      status: 'handing_off',
      bookingCode: booking.code,
      citizen: { name: 'Erika Mustermann', email: 'erika@example.org' },
      currentStep: { key: 'e-file' },
    });
    expect(view.steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'current']);
    expect(view.tasks).toHaveLength(2);
    expect(view.handOffs).toEqual([expect.objectContaining({ status: 'queued' })]);
    expect(view.events.map((e: { kind: string }) => e.kind)).toContain('visited');
    const audit = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'case.read')
      .where('subject_id', '=', opened.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`staff:${lead.user.id}`);
    expect(audit.details).toEqual({ purpose: 'processing', personalData: true });
    const allAudits = await db()
      .selectFrom('audit_events')
      .select('details')
      .where('action', 'like', 'case.%')
      .execute();
    expect(JSON.stringify(allAudits)).not.toMatch(personal);
    expect(JSON.stringify(await db().selectFrom('case_events').select('data').execute())).not.toMatch(
      personal,
    );
    // Without a purpose, nothing is read.
    const noPurpose = await inject('GET', `/api/v1/staff/cases/${opened.id}`, lead);
    expect(noPurpose.statusCode).toBe(400);

    // Found by booking code, case number and name; a name search needs a purpose and is audited without the text.
    for (const search of [booking.code, opened.number, 'mustermann']) {
      const found = await inject(
        'GET',
        `/api/v1/staff/cases?search=${encodeURIComponent(search)}&purpose=citizen_inquiry`,
        clerk,
      );
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().items.map((c: { id: string }) => c.id)).toContain(opened.id);
      expect(found.body).not.toMatch(personal);
    }
    expect((await inject('GET', '/api/v1/staff/cases?search=mustermann', clerk)).json()).toMatchObject({
      status: 400,
      field: 'purpose',
    });
    const searches = await db()
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'case.searched')
      .execute();
    expect(searches.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(searches)).not.toMatch(/mustermann/i);

    // Department scoping: the Finanzen lead neither reads nor finds nor works it.
    expect(
      (await inject('GET', `/api/v1/staff/cases/${opened.id}?purpose=processing`, otherLead)).statusCode,
    ).toBe(404);
    expect((await inject('GET', '/api/v1/staff/cases', otherLead)).json().items).toEqual([]);
    const before = await snapshot();
    expect(
      (
        await inject('PATCH', `/api/v1/staff/tasks/${view.tasks[1].id}`, otherLead, {
          status: 'done',
          checklist: ['Dokumente vollständig'],
        })
      ).statusCode,
    ).toBe(404);
    expect(await snapshot()).toEqual(before);

    // Retention: after the booking's retention the case keeps no personal data.
    const later = new Date(
      Date.parse(berlin(date, '12:00')) + (test.config.booking.retentionDays + 1) * 86_400_000,
    );
    const counts = await anonymisePersonalData(db(), later, test.config.booking.retentionDays);
    expect(counts.cases).toBeGreaterThanOrEqual(1);
    expect(await caseOf(booking.bookingId)).toMatchObject({
      citizen_name: null,
      citizen_email: null,
      citizen_phone: null,
      anonymised_at: later,
    });
  }, 120_000);

  it('refuses a wrong step, an incomplete checklist, a role not for the step and another municipality, changing nothing', async () => {
    const created = await inject('POST', '/api/v1/staff/cases', clerk, {
      serviceId: service,
      channel: 'stop',
      citizenName: 'Max Beispiel',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, number } = created.json<{ id: string; number: string }>();
    expect(number).toMatch(/^MR-\d{4}-\d{6}$/);
    const second = await inject('POST', '/api/v1/staff/cases', admin, {
      serviceId: service,
      channel: 'back_office',
    });
    const year = number.slice(3, 7);
    expect(second.json().number).toBe(`MR-${year}-${String(Number(number.slice(-6)) + 1).padStart(6, '0')}`);

    const before = await snapshot();
    const complete = (who: StaffSignIn, payload: object, caseId = id) =>
      inject('POST', `/api/v1/staff/cases/${caseId}/step-completions`, who, payload);
    const wrongStep = await complete(clerk, { stepKey: 'back-office', checklist: ['Antrag geprüft'] });
    expect(wrongStep.statusCode).toBe(409);
    expect(wrongStep.headers['content-type']).toContain('application/problem+json');
    expect(wrongStep.json()).toMatchObject({ code: 'step_not_current', field: 'stepKey' });
    const unknownStep = await complete(clerk, { stepKey: 'nope', checklist: [] });
    expect(unknownStep.json()).toMatchObject({ code: 'step_not_current', field: 'stepKey' });
    const incomplete = await complete(clerk, { stepKey: 'stop', checklist: ['Identität geprüft'] });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ code: 'checklist_incomplete', field: 'checklist/1' });
    const unknownItem = await complete(clerk, {
      stepKey: 'stop',
      checklist: ['Identität geprüft', 'Kaffee'],
    });
    expect(unknownItem.json()).toMatchObject({ status: 400, field: 'checklist' });
    const notForRole = await complete(lead, {
      stepKey: 'stop',
      checklist: ['Identität geprüft', 'Unterlagen vollständig'],
    });
    expect(notForRole.statusCode).toBe(403);
    expect(notForRole.json()).toMatchObject({ code: 'step_not_for_role' });
    expect((await complete(clerk, { stepKey: 'stop' })).statusCode).toBe(400);
    expect((await complete(clerk, { stepKey: 'stop', checklist: [] }, 'not-a-uuid')).statusCode).toBe(400);
    expect((await complete(clerk, { stepKey: 'stop', checklist: [] }, randomUUID())).statusCode).toBe(404);
    expect(
      (
        await inject('POST', '/api/v1/staff/cases', clerk, { serviceId: 'no-such-service', channel: 'stop' })
      ).json(),
    ).toMatchObject({ code: 'unknown_service', field: 'serviceId' });
    expect(
      (
        await inject('POST', '/api/v1/staff/cases', otherLead, { serviceId: service, channel: 'back_office' })
      ).json(),
    ).toMatchObject({ code: 'department_scope', field: 'serviceId' });
    expect(
      (await inject('PATCH', `/api/v1/staff/tasks/${randomUUID()}`, lead, { assigneeId: clerk.user.id }))
        .statusCode,
    ).toBe(404);

    // Another municipality's staff find nothing of Gütersloh's.
    await importCatalogue(db(), {
      kind: 'municipality',
      file: 'fallstadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'fallstadt', name: 'Fallstadt', hostnames: ['fallstadt.example'] }),
      municipality: 'fallstadt',
      actor: 'test',
    });
    const foreign = await signInAs(test.app, 'admin', { municipality: 'fallstadt' });
    expect((await inject('GET', `/api/v1/staff/cases/${id}?purpose=processing`, foreign)).statusCode).toBe(
      404,
    );
    expect(
      (
        await complete(foreign, {
          stepKey: 'stop',
          checklist: ['Identität geprüft', 'Unterlagen vollständig'],
        })
      ).statusCode,
    ).toBe(404);
    expect((await inject('GET', '/api/v1/staff/cases', foreign)).json().items).toEqual([]);
    expect(await snapshot()).toEqual({ ...before });
    expect(await municipalityId(db(), 'fallstadt')).not.toBe(await municipalityId(db()));

    // The clerk completes the stop step: the task lands in the Bürgerbüro; the assignee must belong to it.
    const stop = await complete(clerk, {
      stepKey: 'stop',
      checklist: ['Unterlagen vollständig', 'Identität geprüft'],
    });
    expect(stop.json()).toEqual({ status: 'waiting', currentStepKey: 'back-office' });
    const [task] = (await inject('GET', '/api/v1/staff/tasks?departmentId=buergerbuero', admin))
      .json()
      .items.filter((item: { caseId: string }) => item.caseId === id);
    const outsider = await inject('PATCH', `/api/v1/staff/tasks/${task.id}`, admin, {
      assigneeId: otherLead.user.id,
    });
    expect(outsider.json()).toMatchObject({ code: 'assignee_not_in_department', field: 'assigneeId' });

    // A read of a case without personal data is audited too, saying so.
    const plain = await inject('GET', `/api/v1/staff/cases/${second.json().id}?purpose=supervision`, admin);
    expect(plain.statusCode).toBe(200);
    const audit = await db()
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'case.read')
      .where('subject_id', '=', second.json().id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ purpose: 'supervision', personalData: false });
  }, 120_000);

  it('completes the stop step of a booking’s online case when the visit is done, and the process goes on', async () => {
    const date = upcomingDate(10);
    const stopId = await createTestStop(db(), { date });
    const booking = await bookConfirmed(stopId, berlin(date, '10:00'), 'done@example.org');
    const opened = await caseOf(booking.bookingId);
    expect(opened).toMatchObject({ channel: 'online', status: 'open', current_step_key: 'stop' });
    const op = (type: string, minute: number, payload: object = {}) => ({
      opId: randomUUID(),
      at: new Date(Date.now() + minute * 60_000).toISOString(),
      type,
      ...payload,
    });
    const station = await inject('POST', `/api/v1/staff/station/stops/${stopId}/operations`, clerk, {
      deviceId: 'tablet-done',
      operations: [
        op('open_stop', 0, { reason: 'Checkliste auf Papier' }),
        op('check_in', 1, { code: booking.code }),
        op('call', 2, { entryId: booking.bookingId, counter: 1 }),
        op('start_service', 3, { entryId: booking.bookingId }),
        op('finish', 10, { entryId: booking.bookingId, outcome: 'done', deliveredServices: [] }),
      ],
    });
    expect(station.statusCode, station.body).toBe(200);
    expect(station.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(
      Array(5).fill('applied'),
    );
    // The default process: the stop step is done, the department's step waits in its inbox.
    expect(await caseOf(booking.bookingId)).toMatchObject({
      status: 'waiting',
      current_step_key: 'back-office',
    });
    const kinds = (
      await db()
        .selectFrom('case_events')
        .select(['kind', 'step_key'])
        .where('case_id', '=', opened.id)
        .orderBy('id')
        .execute()
    ).map((row) => `${row.kind}${row.step_key ? `:${row.step_key}` : ''}`);
    expect(kinds).toEqual([
      'created',
      'step_started:stop',
      'booked',
      'visited',
      'step_completed:stop',
      'step_started:back-office',
      'task_created:back-office',
    ]);
    const task = await db()
      .selectFrom('tasks')
      .select(['status', 'department_id'])
      .where('case_id', '=', opened.id)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'open', department_id: 'buergerbuero' });
  }, 120_000);

  it('opens cases for a walk-in finished with a referral, and only a visited event when done', async () => {
    const date = upcomingDate(9, 5);
    const stopId = await createTestStop(db(), { date });
    const ticketId = randomUUID();
    const doneTicket = randomUUID();
    const op = (type: string, minute: number, payload: object = {}) => ({
      opId: randomUUID(),
      at: new Date(Date.now() + minute * 60_000).toISOString(),
      type,
      ...payload,
    });
    const response = await inject('POST', `/api/v1/staff/station/stops/${stopId}/operations`, clerk, {
      deviceId: 'tablet-walk-in',
      operations: [
        op('open_stop', 0, { reason: 'Checkliste auf Papier' }),
        op('issue_ticket', 1, {
          ticketId,
          displayNumber: 'W-201',
          name: 'Walter Laufkunde',
          services: [{ serviceId: 'hundesteuer-anmeldung', quantity: 1 }],
        }),
        op('issue_ticket', 1, { ticketId: doneTicket, displayNumber: 'W-202', services: [] }),
        op('call', 2, { entryId: ticketId, counter: 1 }),
        op('start_service', 3, { entryId: ticketId }),
        op('finish', 5, { entryId: ticketId, outcome: 'referred', deliveredServices: [] }),
        op('call', 6, { entryId: doneTicket, counter: 1 }),
        op('start_service', 6, { entryId: doneTicket }),
        op('finish', 7, { entryId: doneTicket, outcome: 'done', deliveredServices: [] }),
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(
      Array(9).fill('applied'),
    );
    const cases = await db()
      .selectFrom('cases')
      .selectAll()
      .where('ticket_id', 'in', [ticketId, doneTicket])
      .execute();
    expect(cases).toEqual([
      expect.objectContaining({
        ticket_id: ticketId,
        channel: 'stop',
        service_id: 'hundesteuer-anmeldung',
        department_id: 'finanzen',
        status: 'waiting',
        current_step_key: 'back-office',
        citizen_name: 'Walter Laufkunde',
      }),
    ]);
    const tasks = (await inject('GET', '/api/v1/staff/tasks', otherLead)).json().items;
    expect(tasks.map((t: { caseId: string }) => t.caseId)).toContain(cases[0]!.id);
  }, 120_000);
});
