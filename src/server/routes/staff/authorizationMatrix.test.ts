import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.ts';
import type { DatabaseHandle } from '../../../db/connection.ts';
import { authPlugin } from '../../auth/authPlugin.ts';
import { tenancyPlugin } from '../../plugins/tenancy.ts';
import { registerProblemHandlers } from '../../problem.ts';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { runStaffRouteMatrix } from '../../../../test/support/staffRouteMatrix.ts';
import { signInAs } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('authorisation of every staff route on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(async () => test?.close());

  it('every route under /api/v1/staff declares its roles, and answers exactly as declared', async () => {
    const matrix = await runStaffRouteMatrix(test.app);
    expect(matrix.undeclared, 'routes under /api/v1/staff without config.staffRoles').toEqual([]);
    expect(matrix.unseen, 'routes registered before the auth plugin').toEqual([]);
    expect(matrix.mismatches).toEqual([]);
    const routes = matrix.routes.map((route) => `${route.method} ${route.url}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/staff/session',
        'GET /api/v1/staff/session',
        'DELETE /api/v1/staff/session',
        'POST /api/v1/staff/sessions/revoke-all',
        'POST /api/v1/staff/password',
        'GET /api/v1/staff/users',
        'POST /api/v1/staff/users',
        'PATCH /api/v1/staff/users/:userId',
        'POST /api/v1/staff/users/:userId/password-reset',
        'POST /api/v1/staff/password-reset',
        'GET /api/v1/staff/audit',
        'GET /api/v1/staff/mails/failed',
        'GET /api/v1/staff/evaluation',
        'GET /api/v1/staff/evaluation/export',
        'GET /api/v1/staff/evaluation/online-candidates',
        'PUT /api/v1/staff/evaluation/assumptions',
        'POST /api/v1/staff/evaluation/town-hall-counts',
        'GET /api/v1/staff/evaluation/town-hall-counts/imports',
        'POST /api/v1/staff/planning/gtfs-feeds',
        'GET /api/v1/staff/planning/gtfs-feeds',
        'GET /api/v1/staff/planning/scenarios/:scenarioId/report',
        'GET /api/v1/staff/evaluation/town-hall',
        'GET /api/v1/staff/test-phases',
        'POST /api/v1/staff/test-phases',
        'GET /api/v1/staff/test-phases/:testPhaseId/report',
        'POST /api/v1/staff/mails/:mailId/retry',
        'GET /api/v1/staff/oidc/login',
        'GET /api/v1/staff/oidc/callback',
        'GET /api/v1/staff/departments',
        'PUT /api/v1/staff/services/:serviceId/release',
        'POST /api/v1/staff/departments/:departmentId/demand-estimates',
        'POST /api/v1/staff/units',
        'PATCH /api/v1/staff/units/:unitId',
        'GET /api/v1/staff/equipment-items',
        'POST /api/v1/staff/equipment-items',
        'PATCH /api/v1/staff/equipment-items/:itemId',
        'GET /api/v1/staff/controlled-item-kinds',
        'POST /api/v1/staff/controlled-item-kinds',
        'PATCH /api/v1/staff/controlled-item-kinds/:kindId',
        'GET /api/v1/staff/stock',
        'GET /api/v1/staff/stock/movements',
        'POST /api/v1/staff/stock/movements',
        'POST /api/v1/staff/station/stops/:stopId/bookings',
        'GET /api/v1/staff/station/bookings/:bookingId/confirmation',
        'GET /api/v1/staff/staff-members',
        'POST /api/v1/staff/staff-members',
        'PATCH /api/v1/staff/staff-members/:staffMemberId',
        'GET /api/v1/staff/roster',
        'POST /api/v1/staff/roster/proposals',
        'PUT /api/v1/staff/stops/:stopId/staff',
        'GET /api/v1/staff/schedules',
        'PATCH /api/v1/staff/schedules/:scheduleId',
        'POST /api/v1/staff/schedules/:scheduleId/end',
        'POST /api/v1/staff/stops/check',
        'GET /api/v1/staff/station/stops/:stopId/checklist',
        'PUT /api/v1/staff/station/stops/:stopId/checklist',
        'GET /api/v1/staff/stop-checklists/problems',
        'GET /api/v1/staff/devices',
        'POST /api/v1/staff/devices/:deviceId/lost',
        'PATCH /api/v1/staff/devices/:deviceId',
        'GET /api/v1/staff/process-definitions',
        'POST /api/v1/staff/process-definitions/import',
        'POST /api/v1/staff/process-definitions',
        'GET /api/v1/staff/process-figures',
        'GET /api/v1/staff/process-log',
        'GET /api/v1/staff/webhooks',
        'POST /api/v1/staff/webhooks',
        'PATCH /api/v1/staff/webhooks/:webhookId',
        'DELETE /api/v1/staff/webhooks/:webhookId',
        'GET /api/v1/staff/webhooks/deliveries',
        'POST /api/v1/staff/webhooks/deliveries/:deliveryId/redeliver',
        'GET /api/v1/staff/cases',
        'GET /api/v1/staff/cases/:caseId',
        'POST /api/v1/staff/cases',
        'POST /api/v1/staff/cases/:caseId/step-completions',
        'GET /api/v1/staff/tasks',
        'PATCH /api/v1/staff/tasks/:taskId',
        'GET /api/v1/staff/venues',
        'PUT /api/v1/staff/venues/:siteId',
        'GET /api/v1/staff/home-visits',
        'POST /api/v1/staff/home-visits/:homeVisitId/triage',
        'POST /api/v1/staff/home-visit-days',
        'GET /api/v1/staff/home-visit-days/:dayId',
        'GET /api/v1/staff/station/home-visits',
      ]),
    );
    expect(matrix.checked).toBeGreaterThanOrEqual(routes.length);
    const declared = Object.fromEntries(
      matrix.routes.map((route) => [`${route.method} ${route.url}`, route.staffRoles]),
    );
    expect(declared['GET /api/v1/staff/users']).toEqual(['admin']);
    expect(declared['GET /api/v1/staff/venues']).toEqual(['planner', 'admin']);
    expect(declared['PUT /api/v1/staff/venues/:siteId']).toEqual(['planner', 'admin']);
    expect(declared['GET /api/v1/staff/audit']).toEqual(['admin']);
    expect(declared['GET /api/v1/staff/mails/failed']).toEqual(['admin']);
    expect(declared['POST /api/v1/staff/mails/:mailId/retry']).toEqual(['admin']);
    expect(declared['POST /api/v1/staff/users/:userId/password-reset']).toEqual(['admin']);
    expect(declared['POST /api/v1/staff/password-reset']).toBe('public');
    expect(declared['GET /api/v1/staff/departments']).toEqual(['admin', 'planner', 'department']);
    expect(declared['PUT /api/v1/staff/services/:serviceId/release']).toEqual(['admin', 'department']);
    expect(declared['POST /api/v1/staff/station/stops/:stopId/bookings']).toEqual(['clerk', 'admin']);
    expect(declared['GET /api/v1/staff/station/bookings/:bookingId/confirmation']).toEqual([
      'clerk',
      'admin',
    ]);
    for (const route of [
      'GET /api/v1/staff/staff-members',
      'POST /api/v1/staff/staff-members',
      'PATCH /api/v1/staff/staff-members/:staffMemberId',
      'GET /api/v1/staff/roster',
      'POST /api/v1/staff/roster/proposals',
      'PUT /api/v1/staff/stops/:stopId/staff',
    ])
      expect(declared[route], route).toEqual(['admin', 'planner']);
    for (const route of [
      'GET /api/v1/staff/schedules',
      'PATCH /api/v1/staff/schedules/:scheduleId',
      'POST /api/v1/staff/schedules/:scheduleId/end',
      'POST /api/v1/staff/stops/check',
    ]) {
      expect(declared[route], route).toEqual(['admin', 'planner']);
    }
    expect(declared['GET /api/v1/staff/stop-checklists/problems']).toEqual(['admin', 'planner']);
    // Home visits: the coordinator's right is the planner role (and admin); the assigned staff read their
    // day's route sheet (the command refuses a clerk who is not one of the day's two).
    for (const route of [
      'GET /api/v1/staff/home-visits',
      'POST /api/v1/staff/home-visits/:homeVisitId/triage',
      'POST /api/v1/staff/home-visit-days',
    ])
      expect(declared[route], route).toEqual(['admin', 'planner']);
    expect(declared['GET /api/v1/staff/home-visit-days/:dayId']).toEqual(['admin', 'planner', 'clerk']);
    // The passes for the QR code at the door: any role may be one of a day's two staff, but the command gives
    // passes only for the days the signed-in person is assigned to (homeVisitPasses.test.ts).
    expect(declared['GET /api/v1/staff/station/home-visits']).toEqual(['admin', 'planner', 'clerk']);
    // Participation: moderation, official answers and the planner's answers are the planner role (and admin);
    // clerks and department leads get none of them.
    for (const route of [
      'GET /api/v1/staff/moderation',
      'POST /api/v1/staff/moderation/decisions',
      'POST /api/v1/staff/comments/:commentId/official-answers',
      'GET /api/v1/staff/suggestions',
      'PUT /api/v1/staff/suggestions/:suggestionId/answer',
      'GET /api/v1/staff/suggestions/demand',
    ])
      expect(declared[route], route).toEqual(['admin', 'planner']);
    // Their pages (/verwaltung/moderation, /verwaltung/vorschlaege) open for the same roles: staffAreas.test.ts.
    // The town hall's counts: planners and admins import them; a department lead reads the own services.
    expect(declared['POST /api/v1/staff/evaluation/town-hall-counts']).toEqual(['admin', 'planner']);
    expect(declared['GET /api/v1/staff/evaluation/town-hall-counts/imports']).toEqual(['admin', 'planner']);
    expect(declared['POST /api/v1/staff/planning/gtfs-feeds']).toEqual(['admin', 'planner']);
    expect(declared['GET /api/v1/staff/planning/gtfs-feeds']).toEqual(['admin', 'planner']);
    // The council report of a scenario (its map, or the PDF): planners and admins, like the scenarios.
    expect(declared['GET /api/v1/staff/planning/scenarios/:scenarioId/report']).toEqual(['planner', 'admin']);
    expect(declared['GET /api/v1/staff/evaluation/town-hall']).toEqual(['admin', 'planner', 'department']);
    expect(declared['POST /api/v1/staff/controlled-item-kinds']).toEqual(['admin', 'planner']);
    expect(declared['PATCH /api/v1/staff/controlled-item-kinds/:kindId']).toEqual(['admin', 'planner']);
    for (const route of [
      'GET /api/v1/staff/controlled-item-kinds',
      'GET /api/v1/staff/stock',
      'GET /api/v1/staff/stock/movements',
      'POST /api/v1/staff/stock/movements',
    ])
      expect(declared[route], route).toEqual(['admin', 'planner', 'clerk']);
    expect(declared['GET /api/v1/staff/station/stops/:stopId/checklist']).toEqual([
      'clerk',
      'admin',
      'planner',
    ]);
    expect(declared['PUT /api/v1/staff/station/stops/:stopId/checklist']).toEqual(['clerk', 'admin']);
    expect(declared['GET /api/v1/staff/test-phases']).toEqual(['admin', 'planner', 'department']);
    expect(declared['POST /api/v1/staff/test-phases']).toEqual(['admin', 'planner']);
    expect(declared['GET /api/v1/staff/test-phases/:testPhaseId/report']).toEqual([
      'admin',
      'planner',
      'department',
    ]);
    // Processes (issue 11): admins and planners for every service, a department lead for the own departments'
    // services (the commands check the scope); clerks work the steps at the stop and need none of these.
    for (const route of [
      'GET /api/v1/staff/process-definitions',
      'POST /api/v1/staff/process-definitions/import',
      'POST /api/v1/staff/process-definitions',
      'GET /api/v1/staff/process-figures',
      'GET /api/v1/staff/process-log',
    ])
      expect(declared[route], route).toEqual(['admin', 'planner', 'department']);
    for (const route of [
      'GET /api/v1/staff/devices',
      'POST /api/v1/staff/devices/:deviceId/lost',
      'PATCH /api/v1/staff/devices/:deviceId',
    ]) {
      expect(declared[route], route).toEqual(['admin']);
    }
    // Webhooks to specialist procedures: admins all, a department lead those of the own departments.
    for (const route of [
      'GET /api/v1/staff/webhooks',
      'POST /api/v1/staff/webhooks',
      'PATCH /api/v1/staff/webhooks/:webhookId',
      'DELETE /api/v1/staff/webhooks/:webhookId',
      'GET /api/v1/staff/webhooks/deliveries',
      'POST /api/v1/staff/webhooks/deliveries/:deliveryId/redeliver',
      // Hand-offs to the e-file: admins all, a department lead those of the own departments' cases.
      'GET /api/v1/staff/efile-hand-offs',
      'POST /api/v1/staff/cases/:caseId/efile-hand-off',
    ]) {
      expect(declared[route], route).toEqual(['admin', 'department']);
    }
    // Cases hold personal data: clerks (stop work), department leads (own departments) and admins; planners
    // plan stops and read no cases. Tasks are the departments' inbox.
    for (const route of [
      'GET /api/v1/staff/cases',
      'GET /api/v1/staff/cases/:caseId',
      'POST /api/v1/staff/cases',
      'POST /api/v1/staff/cases/:caseId/step-completions',
      'POST /api/v1/staff/cases/:caseId/documents',
      'GET /api/v1/staff/cases/:caseId/documents/:documentId',
    ])
      expect(declared[route], route).toEqual(['admin', 'department', 'clerk']);
    for (const route of ['GET /api/v1/staff/tasks', 'PATCH /api/v1/staff/tasks/:taskId'])
      expect(declared[route], route).toEqual(['admin', 'department']);
  }, 600_000); // a sweep: every staff route with every role, hundreds of requests

  it('a department lead of one municipality is refused at another municipality’s address', async () => {
    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'matrixstadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'matrixstadt', name: 'Matrixstadt', hostnames: ['matrixstadt.example'] }),
      municipality: 'matrixstadt',
      actor: 'test',
    });
    const lead = await signInAs(test.app, 'department');
    for (const [method, url] of [
      ['GET', '/api/v1/staff/departments'],
      ['PUT', '/api/v1/staff/services/meldebescheinigung/release'],
      ['POST', '/api/v1/staff/departments/buergerbuero/demand-estimates'],
      ['GET', '/api/v1/staff/staff-members'],
      ['POST', '/api/v1/staff/roster/proposals'],
      ['GET', '/api/v1/staff/stock'],
      ['POST', '/api/v1/staff/stock/movements'],
      ['GET', '/api/v1/staff/process-definitions'],
      ['POST', '/api/v1/staff/process-definitions/import'],
      ['GET', '/api/v1/staff/process-log?format=csv'],
      ['GET', '/api/v1/staff/webhooks'],
      ['POST', '/api/v1/staff/webhooks'],
      ['GET', '/api/v1/staff/webhooks/deliveries'],
      ['GET', '/api/v1/staff/efile-hand-offs'],
      ['GET', '/api/v1/staff/cases'],
      ['GET', '/api/v1/staff/tasks'],
      ['POST', '/api/v1/staff/cases'],
    ] as const) {
      const response = await test.app.inject({
        method,
        url,
        headers: { ...lead.headers, host: 'matrixstadt.example' },
        ...(method === 'GET' ? {} : { payload: {} }),
      });
      expect([401, 403], `${method} ${url}`).toContain(response.statusCode);
    }
  });

  it('names the operations of the staff routes in the OpenAPI document', async () => {
    const document = test.app.swagger() as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operationIds = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/staff/'))
      .flatMap(([, operations]) => Object.values(operations).map((operation) => operation.operationId));
    expect(operationIds).toEqual(
      expect.arrayContaining([
        'signIn',
        'getSession',
        'signOut',
        'signOutEverywhere',
        'changePassword',
        'listStaffUsers',
        'createStaffUser',
        'updateStaffUser',
        'sendStaffPasswordReset',
        'resetStaffPassword',
        'searchAuditEvents',
        'listFailedMails',
        'retryFailedMail',
        'startSingleSignOn',
        'finishSingleSignOn',
        'listDepartments',
        'listProcessDefinitions',
        'importProcessDefinition',
        'saveProcessDefinition',
        'getProcessFigures',
        'exportProcessLog',
        'listEfileHandOffs',
        'handOffCaseToEfile',
        'addCaseDocument',
        'getCaseDocument',
        'updateServiceRelease',
        'submitDemandEstimate',
        'createStaffBooking',
        'getStaffBookingConfirmation',
        'listUnits',
        'createUnit',
        'updateUnit',
        'listEquipmentItems',
        'createEquipmentItem',
        'updateEquipmentItem',
        'listControlledItemKinds',
        'createControlledItemKind',
        'updateControlledItemKind',
        'listStock',
        'recordStockMovement',
        'listStockMovements',
        'createStop',
        'changeStop',
        'cancelStop',
        'createSchedule',
        'listStaffMembers',
        'createStaffMember',
        'updateStaffMember',
        'listRoster',
        'proposeRoster',
        'assignStaffToStop',
        'listSchedules',
        'updateSchedule',
        'endSchedule',
        'checkStopConflicts',
        'getStopChecklist',
        'signOffStopChecklist',
        'listChecklistProblems',
        'listDevices',
        'markDeviceLost',
        'updateDevice',
        'listTestPhases',
        'createTestPhase',
        'getTestPhaseReport',
        'listWebhooks',
        'createWebhook',
        'updateWebhook',
        'deleteWebhook',
        'listWebhookDeliveries',
        'redeliverWebhookDelivery',
        'listCases',
        'getCase',
        'createCase',
        'completeCaseStep',
        'listTasks',
        'updateTask',
      ]),
    );
  });
});

describe.each(testDatabaseKinds)('the route matrix itself on %s', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('reports undeclared routes, routes it cannot see, and guards that do not match the declaration', async () => {
    const app = Fastify();
    registerProblemHandlers(app);
    await app.register(swagger, {
      openapi: { openapi: '3.0.3', info: { title: 'matrix test', version: '1' } },
    });
    await app.register(tenancyPlugin, {
      db: database.db,
      defaultSlug: 'guetersloh',
      defaultPublicBaseUrl: 'http://localhost',
    });
    app.get('/api/v1/staff/early', async () => ({ ok: true }));
    await app.register(authPlugin, { db: database.db, config: loadConfig({ NODE_ENV: 'test' }) });
    await app.register(
      async (staff) => {
        staff.get('/forgotten', async () => ({ ok: true }));
        staff.get('/fine', { config: { staffRoles: ['planner', 'admin'] } }, async () => ({ ok: true }));
        staff.post('/fine', { config: { staffRoles: ['admin'] } }, async () => ({ ok: true }));
        staff.get(
          '/lying',
          { config: { staffRoles: ['admin'] }, preHandler: app.requireStaff(['admin', 'clerk']) },
          async () => ({ ok: true }),
        );
      },
      { prefix: '/api/v1/staff' },
    );
    await app.ready();
    try {
      const matrix = await runStaffRouteMatrix(app);
      expect(matrix.undeclared).toEqual(['GET /api/v1/staff/forgotten']);
      expect(matrix.unseen).toEqual(['GET /api/v1/staff/early']);
      expect(matrix.mismatches).toEqual([
        expect.objectContaining({
          route: 'GET /api/v1/staff/lying',
          caller: 'clerk',
          expected: '403',
          status: 200,
        }),
      ]);
      expect(matrix.checked).toBe(15);
    } finally {
      await app.close();
    }
  });
});
