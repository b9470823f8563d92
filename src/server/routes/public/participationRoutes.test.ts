import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymisePersonalData } from '../../commands/personalDataAnonymiser.ts';
import { solvedCaptcha, tokenFromLatestMail } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('participation on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  const host = { host: 'localhost' };
  let place: { lat: number; lon: number };
  let siteId: string;
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
    host.host = planner.headers.host;
    const district = await test.database.db
      .selectFrom('districts')
      .select(['lat', 'lon'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    place = { lat: district.lat, lon: district.lon };
    siteId = (await test.database.db.selectFrom('sites').select('id').orderBy('id').executeTakeFirstOrThrow())
      .id;
  });
  afterAll(async () => test?.close());

  const post = async (url: string, payload: object, remoteAddress = '10.7.7.7') =>
    test.app.inject({ method: 'POST', url, headers: host, payload, remoteAddress });
  const get = (url: string) => test.app.inject({ method: 'GET', url, headers: host });
  const staff = (who: StaffSignIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    test.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  const count = async (table: 'suggestions' | 'suggestion_supports' | 'comments') =>
    Number(
      (
        await test.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const captcha = () => solvedCaptcha(test.app);

  /** A suggestion created, confirmed by its link and published by the planner. */
  async function publishedSuggestion(email: string, overrides: object = {}) {
    const created = await post('/api/v1/suggestions', {
      ...place,
      reason: 'Viele ältere Menschen wohnen hier und kommen schlecht in die Stadt.',
      serviceIds: [],
      email,
      captcha: await captcha(),
      ...overrides,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { suggestionId } = created.json();
    const { token } = await tokenFromLatestMail(test.database.db, email, 'suggestion.confirm');
    const confirmed = await post(`/api/v1/suggestions/${suggestionId}/confirm`, { token });
    expect(confirmed.json()).toEqual({ alreadyConfirmed: false });
    const decided = await staff(planner, 'POST', '/api/v1/staff/moderation/decisions', {
      contentType: 'suggestion',
      contentId: suggestionId,
      decision: 'publish',
      reasonCode: 'fits_rules',
    });
    expect(decided.json()).toEqual({ status: 'published' });
    return suggestionId as string;
  }

  it('refuses a place outside the municipality and a too short reason, naming the field; nothing stored', async () => {
    const before = await count('suggestions');
    const outside = await post('/api/v1/suggestions', {
      lat: 52.52,
      lon: 13.4,
      reason: 'Ein Halt in Berlin wäre schön.',
      serviceIds: [],
      email: 'aussen@example.org',
      captcha: await captcha(),
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(outside.json()).toMatchObject({ code: 'outside_municipality', field: 'lat' });
    const noPlace = await post('/api/v1/suggestions', {
      reason: 'Hier fehlt ein Ort.',
      serviceIds: [],
      email: 'aussen@example.org',
      captcha: await captcha(),
    });
    expect(noPlace.json()).toMatchObject({ field: 'lat' });
    const noCaptcha = await post('/api/v1/suggestions', {
      ...place,
      reason: 'Ohne Prüfung gegen Bots.',
      email: 'aussen@example.org',
      captcha: 'x'.repeat(20),
    });
    expect(noCaptcha.json()).toMatchObject({ code: 'captcha_invalid', field: 'captcha' });
    expect(await count('suggestions')).toBe(before);
  });

  it('suggest, confirm, publish; list on the map; a venue suggestion carries the venue position', async () => {
    const unconfirmed = await post('/api/v1/suggestions', {
      siteId,
      reason: 'Die Bibliothek ist gut erreichbar.',
      serviceIds: [],
      email: 'venue@example.org',
      captcha: await captcha(),
    });
    expect(unconfirmed.statusCode).toBe(201);
    // Not confirmed: not in the moderators' queue and not public.
    const queue = (await staff(planner, 'GET', '/api/v1/staff/moderation')).json();
    expect(queue.suggestions.map((s: { id: string }) => s.id)).not.toContain(unconfirmed.json().suggestionId);
    const id = await publishedSuggestion('autorin@example.org');
    const list = (await get('/api/v1/suggestions')).json();
    expect(list.items.map((s: { id: string }) => s.id)).toContain(id);
    expect(list.items.map((s: { id: string }) => s.id)).not.toContain(unconfirmed.json().suggestionId);
    const decisionMail = await test.database.db
      .selectFrom('mails')
      .select(['text_body'])
      .where('to_address', '=', 'autorin@example.org')
      .where('purpose', '=', 'moderation.decided')
      .executeTakeFirstOrThrow();
    expect(decisionMail.text_body).toContain('veröffentlicht');
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'moderation.decided')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).not.toContain('@');
  });

  it('support: double opt-in, one per e-mail, withdrawable; refusals change nothing', async () => {
    const id = await publishedSuggestion('s1@example.org');
    const first = await post(`/api/v1/suggestions/${id}/supports`, {
      email: 'fan@example.org',
      captcha: await captcha(),
    });
    expect(first.statusCode).toBe(202);
    const supportId = first.json().supportId as string;
    // Not counted before the link is opened.
    expect((await get(`/api/v1/suggestions/${id}`)).json().supports).toBe(0);
    const supportsBefore = await count('suggestion_supports');
    // The same address again (with a plus tag): refused on `email`, nothing changes.
    const second = await post(`/api/v1/suggestions/${id}/supports`, {
      email: 'fan+2@example.org',
      captcha: await captcha(),
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'already_supported', field: 'email' });
    expect(await count('suggestion_supports')).toBe(supportsBefore);
    // A wrong link confirms nothing.
    const wrong = await post(`/api/v1/supports/${supportId}/confirm`, { token: 'x'.repeat(43) });
    expect(wrong.json()).toMatchObject({ code: 'participation_link_invalid', field: 'token' });
    expect((await get(`/api/v1/suggestions/${id}`)).json().supports).toBe(0);
    const { token, text } = await tokenFromLatestMail(test.database.db, 'fan@example.org', 'support.confirm');
    expect(text).toContain('/zurueckziehen#');
    expect((await post(`/api/v1/supports/${supportId}/confirm`, { token })).json()).toEqual({
      alreadyConfirmed: false,
    });
    expect((await get(`/api/v1/suggestions/${id}`)).json().supports).toBe(1);
    // The support row keeps no address.
    const row = await test.database.db
      .selectFrom('suggestion_supports')
      .selectAll()
      .where('id', '=', supportId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/example\.org/i);
    // Demand layer: weight 1 + supports.
    const demand = (await staff(planner, 'GET', '/api/v1/staff/suggestions/demand')).json();
    expect(demand.points).toContainEqual({ lat: place.lat, lon: place.lon, weight: 2 });
    expect((await post(`/api/v1/supports/${supportId}/withdraw`, { token })).json()).toEqual({
      status: 'withdrawn',
    });
    expect((await get(`/api/v1/suggestions/${id}`)).json().supports).toBe(0);
  });

  it('comments: too long refused on body; first-time pre-moderated, then post-moderated; report; official answer', async () => {
    const before = await count('comments');
    const tooLong = await post('/api/v1/comments', {
      body: 'x'.repeat(2001),
      email: 'writer@example.org',
      captcha: await captcha(),
    });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json()).toMatchObject({ code: 'comment_too_long', field: 'body' });
    expect(await count('comments')).toBe(before);

    const first = await post('/api/v1/comments', {
      body: 'Gute Idee, bitte auch samstags.',
      email: 'writer@example.org',
      captcha: await captcha(),
    });
    const firstId = first.json().commentId as string;
    let mail = await tokenFromLatestMail(test.database.db, 'writer@example.org', 'comment.confirm');
    expect((await post(`/api/v1/comments/${firstId}/confirm`, { token: mail.token })).json()).toMatchObject({
      status: 'pending',
    });
    expect((await get('/api/v1/comments')).json().items.map((c: { id: string }) => c.id)).not.toContain(
      firstId,
    );
    const queue = (await staff(planner, 'GET', '/api/v1/staff/moderation')).json();
    expect(queue.comments.map((c: { id: string }) => c.id)).toContain(firstId);
    // A clerk may not moderate.
    const byClerk = await staff(clerk, 'POST', '/api/v1/staff/moderation/decisions', {
      contentType: 'comment',
      contentId: firstId,
      decision: 'publish',
      reasonCode: 'fits_rules',
    });
    expect(byClerk.statusCode).toBe(403);
    await staff(planner, 'POST', '/api/v1/staff/moderation/decisions', {
      contentType: 'comment',
      contentId: firstId,
      decision: 'publish',
      reasonCode: 'fits_rules',
    });
    expect((await get('/api/v1/comments')).json().items.map((c: { id: string }) => c.id)).toContain(firstId);

    // The second comment from the same address is published at confirmation (post-moderation).
    const second = await post('/api/v1/comments', {
      body: 'Noch ein Gedanke.',
      email: 'writer@example.org',
      captcha: await captcha(),
    });
    const secondId = second.json().commentId as string;
    mail = await tokenFromLatestMail(test.database.db, 'writer@example.org', 'comment.confirm');
    expect((await post(`/api/v1/comments/${secondId}/confirm`, { token: mail.token })).json()).toMatchObject({
      status: 'published',
    });

    // Report: to the queue; a second report from the same client refused.
    const report = await post(`/api/v1/comments/${secondId}/reports`, { reason: 'off_topic' });
    expect(report.statusCode).toBe(201);
    const again = await post(`/api/v1/comments/${secondId}/reports`, { reason: 'spam' });
    expect(again.json()).toMatchObject({ code: 'comment_already_reported', field: 'commentId' });
    const reported = (await staff(planner, 'GET', '/api/v1/staff/moderation')).json();
    expect(reported.comments).toContainEqual(
      expect.objectContaining({ id: secondId, reports: ['off_topic'] }),
    );
    const hidden = await staff(planner, 'POST', '/api/v1/staff/moderation/decisions', {
      contentType: 'comment',
      contentId: secondId,
      decision: 'hide',
      reasonCode: 'off_topic',
    });
    expect(hidden.json()).toEqual({ status: 'hidden' });
    const told = await tokenFromLatestMail(
      test.database.db,
      'writer@example.org',
      'moderation.decided',
    ).catch(() => undefined);
    expect(told).toBeUndefined(); // the decision mail has no link
    const decisionMails = await test.database.db
      .selectFrom('mails')
      .select('text_body')
      .where('to_address', '=', 'writer@example.org')
      .where('purpose', '=', 'moderation.decided')
      .execute();
    expect(decisionMails.some((m) => m.text_body.includes('ausgeblendet'))).toBe(true);

    // An official answer, marked as such.
    const answer = await staff(planner, 'POST', `/api/v1/staff/comments/${firstId}/official-answers`, {
      body: 'Danke, wir prüfen Samstage.',
    });
    expect(answer.statusCode).toBe(201);
    const items = (await get('/api/v1/comments')).json().items;
    expect(items).toContainEqual(expect.objectContaining({ official: true, replyTo: firstId }));
    expect(items.map((c: { id: string }) => c.id)).not.toContain(secondId);
  });

  it('planner: coverage by the plan and the answer; not planned needs a reason; anonymiser drops addresses', async () => {
    const id = await publishedSuggestion('plan@example.org');
    const list = (await staff(planner, 'GET', '/api/v1/staff/suggestions')).json();
    const mine = list.items.find((s: { id: string }) => s.id === id);
    expect(mine.coverage.why).toMatch(/stop_within_radius|no_stop_within_radius/);
    expect(mine.coverage.covered).toBe(mine.coverage.why === 'stop_within_radius');
    const noReason = await staff(planner, 'PUT', `/api/v1/staff/suggestions/${id}/answer`, {
      answer: 'not_planned',
    });
    expect(noReason.json()).toMatchObject({ field: 'reason' });
    const answered = await staff(planner, 'PUT', `/api/v1/staff/suggestions/${id}/answer`, {
      answer: 'not_planned',
      reason: 'Zu nah am Halt am Rathaus.',
    });
    expect(answered.statusCode).toBe(204);
    expect((await get(`/api/v1/suggestions/${id}`)).json()).toMatchObject({
      answer: 'not_planned',
      answerReason: 'Zu nah am Halt am Rathaus.',
    });
    const project = (await get('/api/v1/project')).json();
    expect(project.publishedSuggestions).toBeGreaterThan(0);
    const counts = await anonymisePersonalData(
      test.database.db,
      new Date(Date.now() + 400 * 86_400_000),
      180,
    );
    expect(counts.participation).toBeGreaterThan(0);
    const row = await test.database.db
      .selectFrom('suggestions')
      .select(['email'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.email).toBeNull();
  });
});
