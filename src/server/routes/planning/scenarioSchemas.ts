import Type from 'typebox';
import { DEMAND_LAYER_KINDS } from '../../../planning/demandLayers.ts';

export const problems = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};

const PlaceId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100 });
const Weight = Type.Number({ minimum: 0, maximum: 100 });

export const ScenarioIdParams = Type.Object({
  scenarioId: Type.String({ format: 'uuid', description: 'Scenario id' }),
});

export const ScenarioBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    objective: Type.Union([Type.Literal('mclp'), Type.Literal('pmedian'), Type.Literal('setcover')], {
      description:
        'mclp: most demand within the threshold with p sites; pmedian: shortest mean travel with p sites; setcover: fewest sites covering all reachable demand',
    }),
    units: Type.Integer({ minimum: 1, maximum: 20, description: 'Mobile units to plan with' }),
    staffDaysPerWeek: Type.Integer({ minimum: 1, maximum: 5, description: 'Staffed days per unit and week' }),
    p: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Sites to open' })),
    budgetPerMonth: Type.Optional(
      Type.Number({ minimum: 0, maximum: 10_000_000, description: 'EUR a month, instead of p' }),
    ),
    coverageThresholdMinutes: Type.Number({ minimum: 1, maximum: 240 }),
    travelMode: Type.Union([
      Type.Literal('walk'),
      Type.Literal('bike'),
      Type.Literal('bus'),
      Type.Literal('car'),
      Type.Literal('transit'),
    ]),
    transit: Type.Optional(
      Type.Object(
        {
          date: Type.Optional(
            Type.String({
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              description: 'Service date; default: the next Wednesday',
            }),
          ),
          windowStart: Type.String({
            pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
            description: 'Departures from, HH:MM',
          }),
          windowEnd: Type.String({
            pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
            description: 'Departures until, HH:MM',
          }),
          olderWalkShare: Type.Number({
            minimum: 0,
            maximum: 1,
            description: 'Share of residents 65+ who walk',
          }),
        },
        { additionalProperties: false, description: "Public transport (travelMode 'transit')" },
      ),
    ),
    weights: Type.Optional(
      Type.Object(
        {
          residents: Weight,
          residents65plus: Weight,
          limitedMobility: Weight,
          pastBookings: Weight,
        },
        { additionalProperties: false },
      ),
    ),
    costPerStaffHour: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    costPerUnitDay: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
    shareLimitedMobility: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    siteIds: Type.Optional(Type.Array(PlaceId, { minItems: 1, maxItems: 500 })),
    districtIds: Type.Optional(Type.Array(PlaceId, { minItems: 1, maxItems: 500 })),
    timeLimitSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
    layerWeights: Type.Optional(
      Type.Array(
        Type.Object(
          {
            kind: Type.Union(
              DEMAND_LAYER_KINDS.map((kind) => Type.Literal(kind)),
              {
                description:
                  "districts: residents per district; grid: the Zensus grid; points: an uploaded points CSV; pastContacts: the last year's contacts by district; departmentEstimates: the departments' estimates; suggestions: citizens' published suggestions for a stop, each weighing 1 plus its confirmed supports",
              },
            ),
            layerId: Type.Optional(
              Type.String({
                format: 'uuid',
                description: 'The stored grid or points layer (default: newest grid, all points)',
              }),
            ),
            weight: Type.Number({
              minimum: 0,
              maximum: 100,
              description: 'The layer’s weight; they must not sum to 0',
            }),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 20,
          description:
            'Demand layers and their weights. Absent: the newest Zensus grid when one is stored, else the districts.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const Json = Type.Unknown();
const NullableDate = Type.Union([Type.String(), Type.Null()]);

export const ScenarioDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([
    Type.Literal('draft'),
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('done'),
    Type.Literal('failed'),
  ]),
  inputs: Json,
  progress: Json,
  result: Json,
  error: Json,
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  startedAt: NullableDate,
  finishedAt: NullableDate,
  approvedAt: NullableDate,
  coverageRadiusMetres: Type.Union([Type.Number(), Type.Null()], {
    description: 'straight-line radius reachable within the threshold by the travel mode (for the map)',
  }),
  approvedSchedules: Type.Array(
    Type.Object({
      id: Type.String(),
      unitId: Type.String(),
      siteId: Type.String(),
      status: Type.String(),
      rule: Json,
      stops: Type.Integer(),
    }),
  ),
});

// x and y; written as an array of two numbers (OpenAPI 3.0 has no tuples), typed as the pair it is.
const Point = Type.Unsafe<[number, number]>(
  Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: 'x and y in the map drawing' }),
);

/** The report's map (src/planning/reportMap.ts), projected once for the page's SVG and the PDF. */
export const ReportMapDto = Type.Object({
  width: Type.Number(),
  height: Type.Number(),
  sites: Type.Array(
    Type.Object({
      siteId: Type.String(),
      name: Type.String(),
      number: Type.Integer({ description: 'the number in the marker, the legend and the table' }),
      x: Type.Number(),
      y: Type.Number(),
      colour: Type.String(),
      robustness: Type.Union([Type.Literal('robust'), Type.Literal('sometimes'), Type.Null()], {
        description: 'chosen in every variant of the robustness check, in some, or no check ran',
      }),
      demandPoints: Type.Integer(),
      coveredResidents: Type.Number(),
      uncoveredResidents: Type.Number(),
      meanMinutes: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  catchments: Type.Array(
    Type.Object({ number: Type.Integer(), colour: Type.String(), hull: Type.Array(Point) }),
  ),
  points: Type.Array(
    Type.Object({
      x: Type.Number(),
      y: Type.Number(),
      r: Type.Number(),
      site: Type.Integer(),
      covered: Type.Boolean(),
    }),
  ),
  outlines: Type.Array(Type.Array(Point)),
  uncovered: Type.Object({
    points: Type.Integer(),
    residents: Type.Number(),
    names: Type.Array(Type.String()),
  }),
  scale: Type.Object({ metres: Type.Number(), length: Type.Number() }),
});

export const ScenarioReportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('pdf')], { default: 'json' })),
    lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
