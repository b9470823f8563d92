import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { recordAudit, staffActor } from '../../audit.ts';
import { importTownHallCounts } from '../../commands/townHallCountsImporter.ts';
import { MAX_TOWN_HALL_FILE_CHARS } from '../../import/townHallCsv.ts';
import { departmentScope } from '../../queries/departmentQueries.ts';
import { servicesOfDepartments } from '../../queries/evaluationOptions.ts';
import { townHallComparison, townHallImports } from '../../queries/townHallQuery.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
/** A count of 1 to 4 is null: too small to show. */
const ShownCount = Nullable(Type.Integer({ minimum: 0 }));
const Figure = Nullable(Type.Number());

const filterProperties = {
  from: IsoDate('First day'),
  to: IsoDate('Last day'),
  serviceId: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description: 'Only this service' }),
  ),
};

const figureProperties = {
  townHall: ShownCount,
  mobile: ShownCount,
  mobileShare: Figure,
  townHallBefore: ShownCount,
  change: Nullable(Type.Integer()),
  changeShare: Figure,
};
const Period = Type.Object({
  key: Type.String({ description: "'all' for the selected period, else the month YYYY-MM" }),
  from: Type.String(),
  to: Type.String(),
  baselineFrom: Type.String(),
  baselineTo: Type.String(),
  townHallDays: Type.Integer({ description: 'Days of the period with imported town-hall counts' }),
  baselineDays: Type.Integer({ description: 'Days of the baseline with imported town-hall counts' }),
});
const serviceNames = { serviceId: Type.String(), nameDe: Type.String(), nameEn: Type.String() };

export const TownHallComparisonDto = Type.Object({
  filter: Type.Object(filterProperties),
  suppressBelow: Type.Integer(),
  period: Period,
  months: Type.Array(Period),
  baselineOverlapsMobile: Type.Boolean({
    description: 'True when the baseline reaches a day the Mobiles Rathaus already held a stop',
  }),
  firstMobileDay: Nullable(Type.String()),
  total: Type.Object(figureProperties),
  byService: Type.Array(Type.Object({ ...serviceNames, ...figureProperties })),
  byMonth: Type.Array(Type.Object({ month: Type.String(), ...figureProperties })),
  byServiceMonth: Type.Array(Type.Object({ ...serviceNames, month: Type.String(), ...figureProperties })),
});

export const TownHallImportIssueDto = Type.Object({
  file: Type.String(),
  row: Type.Integer({ description: 'Line in the file (1: the header; 0: the file as a whole)' }),
  field: Type.String({ description: 'The column (datum, leistung, anzahl), (row) or (file)' }),
  code: Type.String(),
  message: Type.String(),
  value: Type.Optional(Type.String()),
  firstRow: Type.Optional(Type.Integer()),
});

export const TownHallImportResultDto = Type.Object({
  importId: Type.String({ format: 'uuid' }),
  fileName: Type.String(),
  rows: Type.Integer(),
  days: Type.Integer(),
  services: Type.Integer(),
  firstDay: Type.String(),
  lastDay: Type.String(),
  total: Type.Integer({ description: 'The sum of the counts imported' }),
  replacedRows: Type.Integer({ description: 'Counts of earlier imports on the same days, now replaced' }),
});

export const TownHallImportsDto = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Type.String(),
      importedAt: Type.String({ format: 'date-time' }),
      rows: Type.Integer(),
      days: Type.Integer(),
      firstDay: Type.String(),
      lastDay: Type.String(),
      replacedRows: Type.Integer(),
    }),
  ),
  coverage: Type.Object({
    days: Type.Integer(),
    firstDay: Nullable(Type.String()),
    lastDay: Nullable(Type.String()),
  }),
  services: Type.Array(Type.Object({ id: Type.String(), nameDe: Type.String(), nameEn: Type.String() }), {
    description: "The catalogue's services: a file names each by its id or German name",
  }),
});

const problems = { 400: problem, 401: problem, 403: problem, 422: problem };

/**
 * The comparison with the town hall (tracker issue 10): planners and admins import the central citizen
 * office's daily counts per service; the evaluation sets them against the Mobiles Rathaus' contacts.
 */
export const townHallRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.post(
    '/evaluation/town-hall-counts',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'importTownHallCounts',
        tags: ['evaluation'],
        summary:
          "Imports the town hall's daily counts per service from CSV (datum;leistung;anzahl): all rows or none; replaces the counts of the days the file covers",
        description:
          'A wrong file is refused with `import_invalid` (422): `field` names the column of the first problem, ' +
          '`details.issues` lists each problem with file, row (line), field (column) and code; nothing is written.',
        body: Type.Object(
          {
            fileName: Type.String({
              minLength: 1,
              maxLength: 255,
              description: 'The file name, for messages',
            }),
            content: Type.String({
              maxLength: MAX_TOWN_HALL_FILE_CHARS,
              description: 'The CSV text (UTF-8; semicolons, commas or tabs)',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: TownHallImportResultDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const fileName = request.body.fileName.split(/[\\/]/).at(-1)!.trim() || 'upload.csv';
      return importTownHallCounts(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        fileName,
        text: request.body.content,
      });
    },
  );

  app.get(
    '/evaluation/town-hall-counts/imports',
    {
      config: { staffRoles: ['admin', 'planner'] },
      schema: {
        operationId: 'listTownHallImports',
        tags: ['evaluation'],
        summary:
          "The latest imports of the town hall's counts, the days the counts cover, and the services a file may name",
        response: { 200: TownHallImportsDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return townHallImports(db, staff.municipalityId);
    },
  );

  app.get(
    '/evaluation/town-hall',
    {
      config: { staffRoles: ['admin', 'planner', 'department'] },
      schema: {
        operationId: 'getTownHallComparison',
        tags: ['evaluation'],
        summary:
          'The shift of contacts: town-hall contacts against the Mobiles Rathaus per service and month, the mobile share, and the change against the same number of days before (counts under 5 hidden)',
        querystring: Type.Object(filterProperties, { additionalProperties: false }),
        response: { 200: TownHallComparisonDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const departments = await departmentScope(db, staff);
      const scope =
        departments === undefined
          ? undefined
          : await servicesOfDepartments(db, staff.municipalityId, departments);
      const filter = { from: request.query.from, to: request.query.to, serviceId: request.query.serviceId };
      const result = await townHallComparison(db, staff.municipalityId, filter, scope);
      await recordAudit(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        action: 'evaluation.read',
        subjectType: 'evaluation',
        details: { ...filter, view: 'town_hall' },
      });
      return { ...result, suppressBelow: 5 };
    },
  );
};
