import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { ImportError } from '../import/readRecords.ts';
import { importCatalogue, type CatalogueImportProps } from './catalogueImporter.ts';

describe.each(testDatabaseKinds)('catalogue import on %s', (kind) => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => database?.close());

  const importFile = (
    props: Partial<CatalogueImportProps> & Pick<CatalogueImportProps, 'kind' | 'file' | 'text' | 'format'>,
  ) => importCatalogue(database.db, { municipality: 'guetersloh', actor: 'test', ...props });

  async function importProblems(props: Parameters<typeof importFile>[0]) {
    const error = await importFile(props).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).issues;
  }

  const countSites = async () =>
    Number(
      (
        await database.db
          .selectFrom('sites')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('imports CSV rows, updating existing ids and adding new ones', async () => {
    const csv = [
      'id;name;category;address;districtId;lat;lon;confidence;facts',
      'stadtbibliothek;Stadtbibliothek Gütersloh;library;Blessenstätte 1, 33330 Gütersloh;innenstadt;51,9046;8.3796;high;Lift|Barrierefreier Eingang',
      'ev-gemeindehaus-spexard;Ev. Gemeindehaus Spexard;community_centre;;spexard;51.886;8.426;low;',
    ].join('\n');
    const result = await importFile({ kind: 'sites', file: 'sites.csv', format: 'csv', text: csv });
    expect(result).toMatchObject({ inserted: 1, updated: 1 });
    const library = await database.db
      .selectFrom('sites')
      .selectAll()
      .where('id', '=', 'stadtbibliothek')
      .executeTakeFirstOrThrow();
    expect(library).toMatchObject({
      lat: 51.9046,
      confidence: 'high',
      facts: ['Lift', 'Barrierefreier Eingang'],
    });
    const audit = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'catalogue.imported')
      .execute();
    expect(audit.at(-1)).toMatchObject({ actor: 'test', subject_type: 'sites' });
  });

  it('imports GeoJSON points, taking coordinates from the geometry', async () => {
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [8.41, 51.95] },
          properties: {
            id: 'isselhorst-kirchplatz',
            name: 'Kirchplatz Isselhorst',
            category: 'village_centre',
            districtId: 'isselhorst',
            confidence: 'medium',
          },
        },
      ],
    };
    await importFile({
      kind: 'sites',
      file: 'sites.geojson',
      format: 'geojson',
      text: JSON.stringify(geojson),
    });
    const site = await database.db
      .selectFrom('sites')
      .selectAll()
      .where('id', '=', 'isselhorst-kirchplatz')
      .executeTakeFirstOrThrow();
    expect(site).toMatchObject({ lat: 51.95, lon: 8.41, district_id: 'isselhorst' });
  });

  it("imports a district's outline from a GeoJSON polygon, its reference point from the outline's centre", async () => {
    const square = [
      [
        [8.4, 51.9],
        [8.42, 51.9],
        [8.42, 51.92],
        [8.4, 51.92],
        [8.4, 51.9],
      ],
    ];
    await importFile({
      kind: 'districts',
      file: 'stadtteile.geojson',
      format: 'geojson',
      text: JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            id: 'avenwedde',
            geometry: { type: 'Polygon', coordinates: square },
            properties: { name: 'Avenwedde', type: 'stadtteil', lat: 51.905, lon: 8.41, confidence: 'high' },
          },
          {
            type: 'Feature',
            geometry: { type: 'MultiPolygon', coordinates: [square] },
            properties: { id: 'neu-viereck', name: 'Neues Viereck', type: 'stadtteil', confidence: 'low' },
          },
        ],
      }),
    });
    const rows = await database.db
      .selectFrom('districts')
      .select(['id', 'outline', 'lat', 'lon'])
      .where('id', 'in', ['avenwedde', 'neu-viereck'])
      .orderBy('id')
      .execute();
    expect(rows[0]).toMatchObject({ id: 'avenwedde', lat: 51.905, lon: 8.41 });
    expect(rows[0]!.outline).toEqual({ type: 'Polygon', coordinates: square });
    expect(rows[1]!.outline).toEqual({ type: 'MultiPolygon', coordinates: [square] });
    expect(rows[1]!.lat).toBeCloseTo(51.91, 6);
    expect(rows[1]!.lon).toBeCloseTo(8.41, 6);
  });

  it('refuses an outline whose ring does not close, naming the row', async () => {
    const open = [
      [
        [8.4, 51.9],
        [8.42, 51.9],
        [8.42, 51.92],
        [8.4, 51.92],
      ],
    ];
    expect(
      await importProblems({
        kind: 'districts',
        file: 'offen.json',
        format: 'json',
        text: JSON.stringify([
          {
            id: 'offen',
            name: 'Offen',
            type: 'stadtteil',
            lat: 51.91,
            lon: 8.41,
            confidence: 'low',
            outline: { type: 'Polygon', coordinates: open },
          },
        ]),
      }),
    ).toEqual([expect.objectContaining({ file: 'offen.json', row: 1, field: 'outline' })]);
  });

  it("keeps a site's access information in further languages", async () => {
    await importFile({
      kind: 'sites',
      file: 'orte.json',
      format: 'json',
      text: JSON.stringify([
        {
          id: 'stadthalle-neu',
          name: 'Stadthalle',
          category: 'event_venue',
          lat: 51.9,
          lon: 8.38,
          confidence: 'medium',
          accessibility: 'Stufenloser Eingang an der Seite.',
          accessibilityTranslations: {
            en: 'Step-free entrance at the side.',
            tr: 'Yan tarafta basamaksız giriş.',
          },
        },
      ]),
    });
    const row = await database.db
      .selectFrom('sites')
      .select(['accessibility', 'accessibility_translations'])
      .where('id', '=', 'stadthalle-neu')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      accessibility: 'Stufenloser Eingang an der Seite.',
      accessibility_translations: {
        en: 'Step-free entrance at the side.',
        tr: 'Yan tarafta basamaksız giriş.',
      },
    });
  });

  it('names file, row and field of every problem and imports nothing when any row is wrong', async () => {
    const before = await countSites();
    const csv = [
      'id,name,category,address,districtId,lat,lon,confidence',
      'neu-eins,Neu Eins,library,Weg 1,innenstadt,51.9,8.3,high',
      'neu-zwei,Neu Zwei,library,Weg 2,innenstadt,151.9,8.3,high',
      'neu-drei,Neu Drei,library,Weg 3,atlantis,51.9,8.3,high',
      'Neu Vier,Neu Vier,library,Weg 4,innenstadt,51.9,8.3,sure',
      'neu-eins,Neu Eins doppelt,library,Weg 1,innenstadt,51.9,8.3,high',
    ].join('\n');
    const issues = await importProblems({ kind: 'sites', file: 'neue-orte.csv', format: 'csv', text: csv });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'neue-orte.csv', row: 3, field: 'lat' }),
        expect.objectContaining({ file: 'neue-orte.csv', row: 5, field: 'id' }),
        expect.objectContaining({ file: 'neue-orte.csv', row: 5, field: 'confidence' }),
        expect.objectContaining({
          file: 'neue-orte.csv',
          row: 6,
          field: 'id',
          message: expect.stringContaining('duplicate'),
        }),
      ]),
    );
    expect(await countSites()).toBe(before);

    const unknownDistrict = await importProblems({
      kind: 'sites',
      file: 'neue-orte.csv',
      format: 'csv',
      text: 'id,name,category,districtId,lat,lon,confidence\nneu-drei,Neu Drei,library,atlantis,51.9,8.3,high\n',
    });
    expect(unknownDistrict).toEqual([
      expect.objectContaining({ row: 2, field: 'districtId', message: 'unknown district "atlantis"' }),
    ]);
    expect(await countSites()).toBe(before);
  });

  it('reports missing required fields, unknown fields and unknown equipment by name', async () => {
    const services = [
      {
        id: 'kfz-ummeldung',
        nameDe: 'Kfz ummelden',
        presence: 'required',
        typicalMinutes: 10,
        onlineAvailable: 'no',
        confidence: 'low',
      },
      {
        id: 'test-b',
        nameDe: 'B',
        nameEn: 'B',
        presence: 'required',
        typicalMinutes: 0,
        onlineAvailable: 'no',
        confidence: 'low',
        colour: 'red',
      },
      {
        id: 'test-c',
        nameDe: 'C',
        nameEn: 'C',
        presence: 'required',
        typicalMinutes: 5,
        onlineAvailable: 'no',
        confidence: 'low',
        equipment: ['printer', 'teleporter'],
      },
    ];
    const issues = await importProblems({
      kind: 'services',
      file: 'services.json',
      format: 'json',
      text: JSON.stringify(services),
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, field: 'nameEn' }),
        expect.objectContaining({ row: 2, field: 'typicalMinutes' }),
        expect.objectContaining({ row: 2, field: 'colour' }),
      ]),
    );
    const valid = services.slice(2);
    const equipmentIssues = await importProblems({
      kind: 'services',
      file: 'services.json',
      format: 'json',
      text: JSON.stringify(valid),
    });
    expect(equipmentIssues).toEqual([
      expect.objectContaining({
        row: 1,
        field: 'equipment.1',
        message: 'unknown equipment kind "teleporter"',
      }),
    ]);
    const count = await database.db
      .selectFrom('services')
      .select('id')
      .where('id', 'like', 'test-%')
      .execute();
    expect(count).toEqual([]);
  });

  it('rejects broken files and unknown municipalities without writing', async () => {
    expect(
      await importProblems({ kind: 'sites', file: 'kaputt.json', format: 'json', text: '[{"id": ' }),
    ).toEqual([expect.objectContaining({ file: 'kaputt.json', row: 0, field: '(file)' })]);
    expect(
      await importProblems({
        kind: 'sites',
        file: 'punkte.geojson',
        format: 'geojson',
        text: JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: ['x', 1] }, properties: {} }],
        }),
      }),
    ).toEqual([expect.objectContaining({ row: 1, field: 'geometry' })]);
    expect(await importProblems({ kind: 'sites', file: 'leer.json', format: 'json', text: '[]' })).toEqual([
      expect.objectContaining({ field: '(file)', message: 'the file holds no records' }),
    ]);
    expect(
      await importProblems({
        kind: 'districts',
        file: 'd.json',
        format: 'json',
        municipality: 'atlantis',
        text: '[{"id":"x","name":"X","type":"t","lat":1,"lon":1,"confidence":"low"}]',
      }),
    ).toEqual([expect.objectContaining({ field: 'municipality' })]);
  });
});
