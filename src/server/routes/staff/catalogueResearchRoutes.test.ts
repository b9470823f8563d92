import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { signInAs } from '../../../../test/support/staffSession.ts';

describe.each(testDatabaseKinds)('the research behind the catalogue, for staff, on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(async () => test?.close());

  const research = async (role: 'admin' | 'planner' | 'department' | 'clerk') => {
    const { headers } = await signInAs(test.app, role);
    return test.app.inject({ url: '/api/v1/staff/catalogue/research', headers });
  };

  it('gives planners confidence, sources, notes and verification hints of every service, site and district', async () => {
    const response = await research('planner');
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      services: {
        id: string;
        name: string;
        confidence: string;
        sources: string[];
        minutesBasis: string | null;
      }[];
      sites: { id: string; coordinateNote: string | null; facts: string[]; confidence: string }[];
      districts: { id: string; populationNote: string | null; sources: string[]; confidence: string }[];
    };
    expect(body.services).toHaveLength(21);
    expect(body.sites).toHaveLength(17);
    expect(body.districts).toHaveLength(14);
    const idCard = body.services.find((service) => service.id === 'personalausweis-beantragen')!;
    expect(idCard).toMatchObject({ name: 'Personalausweis beantragen' });
    expect(['high', 'medium', 'low']).toContain(idCard.confidence);
    expect(idCard.sources.length).toBeGreaterThan(0);
    const avenwedde = body.districts.find((district) => district.id === 'avenwedde')!;
    expect(avenwedde).toMatchObject({ confidence: 'high' });
    expect(avenwedde.sources.length).toBeGreaterThan(0);
    expect(body.sites.some((site) => site.coordinateNote)).toBe(true);
    // German order, like the public lists.
    const names = body.services.map((service) => service.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('de', { sensitivity: 'base' }).compare));
  });

  it('is for admins, planners and department leads; clerks and citizens get nothing', async () => {
    expect((await research('admin')).statusCode).toBe(200);
    expect((await research('department')).statusCode).toBe(200);
    expect((await research('clerk')).statusCode).toBe(403);
    expect((await test.app.inject({ url: '/api/v1/staff/catalogue/research' })).statusCode).toBe(401);
  });
});
