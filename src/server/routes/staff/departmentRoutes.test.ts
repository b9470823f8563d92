import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { createTestStop, upcomingDate } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

const USERS = '/api/v1/staff/users';
const DEPARTMENTS = '/api/v1/staff/departments';
const release = (serviceId: string) => `/api/v1/staff/services/${serviceId}/release`;

describe.each(testDatabaseKinds)('departments, releases and demand estimates on %s', (kind) => {
  let test: TestApp;
  let admin: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    admin = await signInAs(test.app, 'admin');
  });
  afterAll(async () => test?.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, headers: object, payload?: object) =>
    test.app.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload ? { payload } : {}),
    });

  async function signInLead(departmentIds: string[]) {
    const lead = await signInAs(test.app, 'department');
    const assigned = await inject('PATCH', `${USERS}/${lead.user.id}`, admin.headers, { departmentIds });
    expect(assigned.statusCode, assigned.body).toBe(200);
    return lead;
  }

  it('seeds the departments owning Gütersloh’s services, with sources and confidence, all released', async () => {
    const response = await inject('GET', DEPARTMENTS, admin.headers);
    expect(response.statusCode).toBe(200);
    const items = response.json().items as {
      id: string;
      confidence: string;
      services: { id: string; released: boolean; efileLive: boolean; processReviewed: boolean }[];
    }[];
    expect(items.map((d) => d.id).sort()).toEqual(
      ['buergerbuero', 'finanzen', 'soziales', 'standesamt', 'strassenverkehr', 'wahlen'].sort(),
    );
    const owned = items.flatMap((d) => d.services.map((s) => s.id));
    const services = await test.database.db.selectFrom('services').select(['id', 'department_id']).execute();
    expect(services.every((service) => service.department_id !== null)).toBe(true);
    expect(owned.sort()).toEqual(services.map((s) => s.id).sort());
    expect(
      items.flatMap((d) => d.services).every((s) => s.released && s.efileLive && s.processReviewed),
    ).toBe(true);
    expect(items.find((d) => d.id === 'buergerbuero')?.services.map((s) => s.id)).toContain(
      'personalausweis-beantragen',
    );
  });

  it('a department lead is created with departments, sees only them, and may only release their services', async () => {
    const created = await inject('POST', USERS, admin.headers, {
      email: 'lead.soziales@guetersloh.example',
      name: 'Leitung Soziales',
      role: 'department',
      departmentIds: ['soziales'],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().user.departmentIds).toEqual(['soziales']);
    const clerkWithDepartment = await inject('POST', USERS, admin.headers, {
      email: 'clerk.dept@guetersloh.example',
      name: 'Sachbearbeitung',
      role: 'clerk',
      departmentIds: ['soziales'],
    });
    expect(clerkWithDepartment.statusCode).toBe(422);
    expect(clerkWithDepartment.json().field ?? clerkWithDepartment.json().errors?.[0]?.field).toBe(
      'departmentIds',
    );
    const unknown = await inject('POST', USERS, admin.headers, {
      email: 'lead.unknown@guetersloh.example',
      name: 'Unbekannt',
      role: 'department',
      departmentIds: ['gibt-es-nicht'],
    });
    expect(unknown.statusCode).toBe(422);
    const list = await inject('GET', USERS, admin.headers);
    const listed = (list.json().items as { email: string; departmentIds: string[] }[]).find(
      (user) => user.email === 'lead.soziales@guetersloh.example',
    );
    expect(listed?.departmentIds).toEqual(['soziales']);
    const refused = (
      await test.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'staff_user.created')
        .execute()
    ).filter((row) => JSON.stringify(row.details).includes('gibt-es-nicht'));
    expect(refused).toEqual([]);

    const lead = await signInLead(['wahlen']);
    const own = await inject('GET', DEPARTMENTS, lead.headers);
    expect(own.json().items.map((d: { id: string }) => d.id)).toEqual(['wahlen']);
    const foreign = await inject('PUT', release('personalausweis-beantragen'), lead.headers, {
      released: false,
      efileLive: true,
      processReviewed: true,
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().type).toMatch(/department-scope$/);
    const unchanged = await test.database.db
      .selectFrom('services')
      .select('released')
      .where('id', '=', 'personalausweis-beantragen')
      .executeTakeFirstOrThrow();
    expect(unchanged.released).toBe(true);
  });

  it('a stop offers a service only when released with open gates, and says which reason applies', async () => {
    const lead = await signInLead(['buergerbuero']);
    const stopId = await createTestStop(test.database.db, { unitId: 'rathausmobil', date: upcomingDate(9) });
    const offerAt = async () => {
      const stop = (await inject('GET', `/api/v1/stops/${stopId}`, {})).json() as {
        services: { id: string }[];
        unavailableServices: { id: string; reasons: string[] }[];
      };
      return {
        offered: stop.services.some((s) => s.id === 'meldebescheinigung'),
        reasons: stop.unavailableServices.find((s) => s.id === 'meldebescheinigung')?.reasons ?? [],
      };
    };
    expect(await offerAt()).toEqual({ offered: true, reasons: [] });

    const withdrawn = await inject('PUT', release('meldebescheinigung'), lead.headers, {
      released: false,
      efileLive: false,
      processReviewed: true,
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(await offerAt()).toEqual({ offered: false, reasons: ['not_released', 'efile_not_live'] });

    const badDate = await inject('PUT', release('meldebescheinigung'), lead.headers, {
      released: true,
      efileLive: false,
      efileLiveSince: '2026-01-01',
      processReviewed: true,
    });
    expect(badDate.statusCode).toBe(422);
    expect(badDate.json().field).toBe('efileLiveSince');

    const releasedOnly = await inject('PUT', release('meldebescheinigung'), lead.headers, {
      released: true,
      efileLive: false,
      processReviewed: true,
    });
    expect(releasedOnly.statusCode).toBe(200);
    expect(await offerAt()).toEqual({ offered: false, reasons: ['efile_not_live'] });

    const live = await inject('PUT', release('meldebescheinigung'), lead.headers, {
      released: true,
      efileLive: true,
      efileLiveSince: '2026-03-01',
      processReviewed: true,
    });
    expect(live.statusCode).toBe(200);
    expect(await offerAt()).toEqual({ offered: true, reasons: [] });

    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', '=', 'service.release_updated')
      .where('subject_id', '=', 'meldebescheinigung')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('takes demand estimates per district and service of the own department only', async () => {
    const lead = await signInLead(['buergerbuero']);
    const url = `${DEPARTMENTS}/buergerbuero/demand-estimates`;
    const districtId = (
      await test.database.db.selectFrom('districts').select('id').limit(1).executeTakeFirstOrThrow()
    ).id;
    const ok = await inject('POST', url, lead.headers, {
      serviceId: 'personalausweis-beantragen',
      districtId,
      contactsPerMonth: 40,
      comment: 'Erfahrung aus dem Bürgerbüro 2025',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const newer = await inject('POST', url, lead.headers, {
      serviceId: 'personalausweis-beantragen',
      districtId,
      contactsPerMonth: 55,
    });
    expect(newer.statusCode).toBe(201);
    const notOwn = await inject('POST', url, lead.headers, {
      serviceId: 'hundesteuer-anmeldung',
      districtId,
      contactsPerMonth: 5,
    });
    expect(notOwn.statusCode).toBe(422);
    expect(notOwn.json().field).toBe('serviceId');
    const noDistrict = await inject('POST', url, lead.headers, {
      serviceId: 'personalausweis-beantragen',
      districtId: 'atlantis',
      contactsPerMonth: 5,
    });
    expect(noDistrict.statusCode).toBe(422);
    expect(noDistrict.json().field).toBe('districtId');
    const otherDepartment = await inject('POST', `${DEPARTMENTS}/finanzen/demand-estimates`, lead.headers, {
      serviceId: 'hundesteuer-anmeldung',
      districtId,
      contactsPerMonth: 5,
    });
    expect(otherDepartment.statusCode).toBe(403);
    const listed = (await inject('GET', DEPARTMENTS, lead.headers)).json().items[0];
    expect(listed.demandEstimates).toEqual([
      expect.objectContaining({ serviceId: 'personalausweis-beantragen', districtId, contactsPerMonth: 55 }),
    ]);
  });

  it('keeps municipalities apart: another city’s admin sees none of Gütersloh’s departments', async () => {
    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'dorf.json',
      format: 'json',
      text: JSON.stringify({ slug: 'dorf', name: 'Dorf', hostnames: ['dorf.example'] }),
      municipality: 'dorf',
      actor: 'test',
    });
    const other = await signInAs(test.app, 'admin', { municipality: 'dorf' });
    const list = await inject('GET', DEPARTMENTS, other.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
    const foreign = await inject('PUT', release('meldebescheinigung'), other.headers, {
      released: false,
      efileLive: true,
      processReviewed: true,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('declares the security of staff operations in the OpenAPI document', async () => {
    const document = test.app.swagger() as unknown as {
      components: { securitySchemes: Record<string, { in: string; name: string }> };
      paths: Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>>;
    };
    expect(document.components.securitySchemes.staffSession).toMatchObject({
      in: 'cookie',
      name: 'mr_session',
    });
    expect(document.components.securitySchemes.csrfToken).toMatchObject({
      in: 'header',
      name: 'x-csrf-token',
    });
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/staff/'))
      .flatMap(([, ops]) => Object.entries(ops).map(([method, op]) => ({ method, ...op })));
    const byId = Object.fromEntries(operations.map((op) => [op.operationId, op]));
    expect(byId.listDepartments?.security).toEqual([{ staffSession: [] }]);
    expect(byId.updateServiceRelease?.security).toEqual([{ staffSession: [], csrfToken: [] }]);
    expect(byId.changePassword?.security).toEqual([{ staffSession: [], csrfToken: [] }]);
    expect(byId.signIn?.security).toBeUndefined();
    const unsecured = operations
      .filter(
        (op) =>
          !['signIn', 'startSingleSignOn', 'finishSingleSignOn', 'resetStaffPassword'].includes(
            op.operationId,
          ),
      )
      .filter((op) => !op.security)
      .map((op) => op.operationId);
    expect(unsecured).toEqual([]);
  });
});
