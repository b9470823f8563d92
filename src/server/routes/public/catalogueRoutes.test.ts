import SwaggerParser from '@apidevtools/swagger-parser';
import { check as checkGeoJson } from '@placemarkio/check-geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { createTestStop, upcomingDate } from '../../../../test/support/booking.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('public catalogue API on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(async () => test?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    test.app.inject({ method: 'GET', url, headers });

  it('lists every seeded service of Gütersloh in German alphabetical order', async () => {
    const response = await get('/api/v1/services');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(21);
    const names: string[] = body.items.map((s: { nameDe: string }) => s.nameDe);
    expect(names).toEqual([...names].sort(new Intl.Collator('de').compare));
    const idCard = body.items.find((s: { id: string }) => s.id === 'personalausweis-beantragen');
    expect(idCard.presence).toBe('required');
    expect(idCard.fees).toContainEqual(expect.objectContaining({ variant: 'age_24_plus', eur: 46 }));
    expect(idCard.equipment.map((e: { id: string }) => e.id)).toContain('fingerprint_scanner');
  });

  it('searches names and filters by channel and presence', async () => {
    const search = (await get('/api/v1/services?q=ausweis')).json();
    expect(search.items.map((s: { id: string }) => s.id)).toContain('personalausweis-beantragen');
    expect(
      search.items.every((s: { nameDe: string; nameEn: string; id: string }) =>
        /ausweis/i.test(s.nameDe + s.nameEn + s.id),
      ),
    ).toBe(true);

    const online = (await get('/api/v1/services?channel=online')).json();
    expect(online.total).toBeGreaterThan(0);
    expect(
      online.items.every((s: { onlineAvailable: string }) => ['yes', 'partial'].includes(s.onlineAvailable)),
    ).toBe(true);
    expect(online.items.map((s: { id: string }) => s.id)).not.toContain('personalausweis-beantragen');

    const required = (await get('/api/v1/services?presence=required')).json();
    expect(required.items.every((s: { presence: string }) => s.presence === 'required')).toBe(true);

    const wildcard = (await get('/api/v1/services?q=%25')).json();
    expect(wildcard.total).toBe(0);
  });

  it('shows one service with documents, fees and the reasons for a visit', async () => {
    const response = await get('/api/v1/services/reisepass-beantragen');
    expect(response.statusCode).toBe(200);
    const passport = response.json();
    expect(passport.documents.length).toBeGreaterThan(0);
    expect(passport.presenceReasons.length).toBeGreaterThan(0);
    expect(passport.fees.map((f: { eur: number }) => f.eur)).toEqual(expect.arrayContaining([70, 37.5]));
  });

  it('answers unknown ids with 404 and malformed input with 400, as problem+json naming the field', async () => {
    const missing = await get('/api/v1/services/gibt-es-nicht');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ status: 404, field: 'serviceId', title: 'Not Found' });

    for (const [url, field] of [
      ['/api/v1/services/NOT%20VALID', 'serviceId'],
      ['/api/v1/sites/%E2%9C%93', 'siteId'],
      ['/api/v1/districts/a..b!', 'districtId'],
      ['/api/v1/services?channel=fax', 'channel'],
      ['/api/v1/services?unknown=1', 'unknown'],
      [`/api/v1/services?q=${'x'.repeat(101)}`, 'q'],
      ['/api/v1/sites?districtId=%00', 'districtId'],
    ] as const) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().field, url).toBe(field);
    }
    const unknownSite = await get('/api/v1/sites/nirgendwo');
    expect(unknownSite.json()).toMatchObject({ status: 404, field: 'siteId' });
    const unknownDistrict = await get('/api/v1/districts/nirgendwo');
    expect(unknownDistrict.json()).toMatchObject({ status: 404, field: 'districtId' });
    const unknownRoute = await get('/api/v1/nothing-here');
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists sites, filters them by district and serves them as valid GeoJSON', async () => {
    const sites = (await get('/api/v1/sites')).json();
    expect(sites.total).toBe(17);
    const library = sites.items.find((s: { id: string }) => s.id === 'stadtbibliothek');
    expect(library).toMatchObject({ address: 'Blessenstätte 1, 33330 Gütersloh', districtId: 'innenstadt' });

    const avenwedde = (await get('/api/v1/sites?districtId=avenwedde')).json();
    expect(avenwedde.items.map((s: { id: string }) => s.id)).toEqual(['bahnhof-avenwedde']);

    const geo = await get('/api/v1/sites.geojson');
    expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
    const collection = checkGeoJson(geo.body);
    expect(collection.type).toBe('FeatureCollection');
    if (collection.type !== 'FeatureCollection') throw new Error('not a collection');
    expect(collection.features).toHaveLength(17);
    const libraryFeature = collection.features.find((f) => f.id === 'stadtbibliothek');
    expect(libraryFeature?.geometry).toEqual({ type: 'Point', coordinates: [8.3795, 51.9045] });
  });

  it('lists districts with their population and date, also as GeoJSON', async () => {
    const districts = (await get('/api/v1/districts')).json();
    expect(districts.total).toBe(14);
    const avenwedde = districts.items.find((d: { id: string }) => d.id === 'avenwedde');
    expect(avenwedde).toMatchObject({ population: 17476, populationDate: '2022-01-01' });

    const geo = checkGeoJson((await get('/api/v1/districts.geojson')).body);
    if (geo.type !== 'FeatureCollection') throw new Error('not a collection');
    expect(geo.features).toHaveLength(14);
    // The seed has no outlines: every district is its reference point, and says it has no outline.
    expect(geo.features.every((f) => f.geometry?.type === 'Point')).toBe(true);
    expect(districts.items.every((d: { outline: unknown }) => d.outline === null)).toBe(true);
  });

  it("gives a district's outline where the data has one, in the list and as its GeoJSON geometry", async () => {
    const outline = {
      type: 'Polygon',
      coordinates: [
        [
          [8.4, 51.9],
          [8.42, 51.9],
          [8.42, 51.92],
          [8.4, 51.92],
          [8.4, 51.9],
        ],
      ],
    };
    await test.database.db
      .updateTable('districts')
      .set({ outline: JSON.stringify(outline) })
      .where('id', '=', 'isselhorst')
      .execute();
    try {
      expect((await get('/api/v1/districts/isselhorst')).json().outline).toEqual(outline);
      const geo = checkGeoJson((await get('/api/v1/districts.geojson')).body);
      if (geo.type !== 'FeatureCollection') throw new Error('not a collection');
      const isselhorst = geo.features.find((f) => f.id === 'isselhorst');
      expect(isselhorst?.geometry).toEqual(outline);
      expect(isselhorst?.properties).toMatchObject({ name: 'Isselhorst' });
    } finally {
      await test.database.db
        .updateTable('districts')
        .set({ outline: null })
        .where('id', '=', 'isselhorst')
        .execute();
    }
  });

  it("gives a site's access information in the further languages the city wrote", async () => {
    const avenwedde = (await get('/api/v1/sites/bahnhof-avenwedde')).json();
    expect(avenwedde).toMatchObject({
      accessibility: 'Mit Aufzug erreichbar.',
      accessibilityTranslations: { en: 'Step-free access by lift.', tr: 'Asansörle erişilebilir.' },
    });
    const stopId = await createTestStop(test.database.db, {
      siteId: 'bahnhof-avenwedde',
      date: upcomingDate(9, 2),
    });
    expect((await get(`/api/v1/stops/${stopId}`)).json().site.accessibilityTranslations).toMatchObject({
      ar: 'يمكن الوصول إليه بالمصعد.',
    });
  });

  it('gives citizens public facts only: no research notes, confidence, sources or verification hints', async () => {
    const internal = [
      'confidence',
      'sources',
      'facts',
      'leikaKeyStatus',
      'secondVisit',
      'minutesBasis',
      'feeNote',
      'onlineNote',
      'mobileSuitability',
      'coordinateQuality',
      'coordinateUncertaintyM',
      'coordinateNote',
      'populationStatus',
      'populationNote',
      'referencePointMethod',
      'item',
      'note',
    ];
    /** Every key anywhere in a JSON value. */
    const keysOf = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(keysOf)
        : value !== null && typeof value === 'object'
          ? Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)])
          : [];
    for (const url of [
      '/api/v1/services',
      '/api/v1/services/personalausweis-beantragen',
      '/api/v1/sites',
      '/api/v1/sites/berliner-platz-wochenmarkt',
      '/api/v1/sites.geojson',
      '/api/v1/districts',
      '/api/v1/districts/avenwedde',
      '/api/v1/districts.geojson',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      const keys = new Set(keysOf(response.json()));
      expect(
        internal.filter((key) => keys.has(key)),
        url,
      ).toEqual([]);
    }
    // Extra costs reach citizens in plain language only.
    const idCard = (await get('/api/v1/services/personalausweis-beantragen')).json();
    expect(idCard.feeExtras).toContainEqual(
      expect.objectContaining({ labelDe: 'digitales Foto, vor Ort gemacht', eur: 6 }),
    );
    // The OpenAPI document describes no research field on a public record.
    const document = (await get('/api/openapi.json')).json() as {
      paths: Record<
        string,
        {
          get: {
            responses: { 200: { content: { 'application/json': { schema: { properties: object } } } } };
          };
        }
      >;
    };
    for (const path of [
      '/api/v1/services/{serviceId}',
      '/api/v1/sites/{siteId}',
      '/api/v1/districts/{districtId}',
    ]) {
      const { properties } = document.paths[path]!.get.responses[200].content['application/json'].schema;
      expect(
        internal.filter((key) => key in properties),
        path,
      ).toEqual([]);
    }
  });

  it('keeps each municipality to its own data: a second tenant is set up by import alone', async () => {
    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'musterstadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'musterstadt', name: 'Musterstadt', hostnames: ['musterstadt.example'] }),
      municipality: 'musterstadt',
      actor: 'test',
    });
    await importCatalogue(test.database.db, {
      kind: 'districts',
      file: 'districts.csv',
      format: 'csv',
      text: 'id,name,type,lat,lon,population,confidence\nmitte,Mitte,stadtteil,50.1,8.1,1200,high\n',
      municipality: 'musterstadt',
      actor: 'test',
    });
    const host = { host: 'musterstadt.example' };
    expect((await get('/api/v1/districts', host)).json().items.map((d: { id: string }) => d.id)).toEqual([
      'mitte',
    ]);
    expect((await get('/api/v1/services', host)).json().total).toBe(0);
    expect((await get('/api/v1/services/personalausweis-beantragen', host)).statusCode).toBe(404);
    expect((await get('/api/v1/districts/mitte')).statusCode).toBe(404);
    expect((await get('/api/v1/municipality', host)).json()).toMatchObject({
      slug: 'musterstadt',
      name: 'Musterstadt',
    });
    expect((await get('/api/v1/municipality')).json()).toMatchObject({
      slug: 'guetersloh',
      map: { tileUrl: null },
    });
  });

  it('publishes a valid OpenAPI 3 document with a stable operationId on every operation', async () => {
    const response = await get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(document));
    const operationIds: string[] = [];
    for (const [path, methods] of Object.entries(
      document.paths as Record<string, Record<string, { operationId?: string }>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        operationIds.push(operation.operationId!);
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(operationIds).toEqual(
      expect.arrayContaining([
        'listServices',
        'getService',
        'listSites',
        'listDistricts',
        'listDistrictsGeoJson',
      ]),
    );
    const docs = await get('/api/docs');
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('reports health and readiness, and sends security headers with a strict CSP', async () => {
    expect((await get('/health')).json()).toEqual({ status: 'ok' });
    expect((await get('/ready')).json()).toEqual({ status: 'ready' });
    const response = await get('/api/v1/services');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });
});
