import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { caseEventTypes } from '../../../domain/webhooks.ts';
import { staffActor } from '../../audit.ts';
import { createWebhook } from '../../commands/webhookCreator.ts';
import { deleteWebhook } from '../../commands/webhookDeleter.ts';
import { redeliverWebhookDelivery } from '../../commands/webhookRedeliverer.ts';
import { updateWebhook } from '../../commands/webhookUpdater.ts';
import { departmentScope } from '../../queries/departmentQueries.ts';
import { listWebhookDeliveries, listWebhooks } from '../../queries/webhookQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Slug = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 100, description });
const EventType = Type.String({
  maxLength: 100,
  description: `A case event type: ${caseEventTypes.join(', ')}`,
});

export const WebhookDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  departmentId: Nullable(Type.String({ description: 'Only cases of this department; null: all' })),
  serviceId: Nullable(Type.String({ description: 'Only cases of this service; null: all' })),
  eventTypes: Type.Array(Type.Enum(caseEventTypes)),
  description: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  pendingDeliveries: Type.Integer(),
  deadDeliveries: Type.Integer(),
});

const Named = Type.Object({ id: Type.String(), nameDe: Type.String(), nameEn: Type.String() });

export const WebhookListDto = Type.Object({
  items: Type.Array(WebhookDto),
  options: Type.Object({
    eventTypes: Type.Array(Type.Enum(caseEventTypes)),
    departments: Type.Array(Named, { description: 'The departments the caller may register webhooks for' }),
    services: Type.Array(Type.Object({ ...Named.properties, departmentId: Nullable(Type.String()) })),
    departmentRequired: Type.Boolean({
      description: 'True for a department lead: a department must be named',
    }),
  }),
});

export const CreatedWebhookDto = Type.Object({
  webhook: WebhookDto,
  secret: Type.String({
    description:
      'The signing secret (whsec_…, Standard Webhooks). Shown only in this answer: keep it in the specialist procedure',
  }),
});

export const WebhookDeliveryDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  webhookId: Type.String({ format: 'uuid' }),
  url: Type.String(),
  eventId: Type.String({ format: 'uuid', description: 'The CloudEvent id (also the webhook-id header)' }),
  eventType: Type.String(),
  caseId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
  attempts: Type.Integer(),
  lastError: Nullable(
    Type.String({
      description: 'http_status: <code>, timeout, network_error, redirect_not_followed: <code>',
    }),
  ),
  lastStatusCode: Nullable(Type.Integer()),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time' })),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const WebhookDeliveryListDto = Type.Object({ items: Type.Array(WebhookDeliveryDto) });

const CreateWebhookBody = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'https:// (http://localhost only in development)',
    }),
    eventTypes: Type.Array(EventType, { minItems: 1, maxItems: caseEventTypes.length }),
    departmentId: Type.Optional(
      Nullable(Slug('Only cases of this department (a department lead must name one of theirs)')),
    ),
    serviceId: Type.Optional(Nullable(Slug('Only cases of this service'))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);

const UpdateWebhookBody = Type.Object(
  {
    active: Type.Optional(Type.Boolean()),
    eventTypes: Type.Optional(Type.Array(EventType, { minItems: 1, maxItems: caseEventTypes.length })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

const WebhookParams = Type.Object({ webhookId: Type.String({ format: 'uuid' }) });
const DeliveryParams = Type.Object({ deliveryId: Type.String({ format: 'uuid' }) });

const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const roles = { staffRoles: ['admin', 'department'] as ('admin' | 'department')[] };

/**
 * Webhooks to specialist procedures (tracker issue 11, item 5): admins manage every webhook of the
 * municipality; a department lead those of the own departments (a webhook without a department is the
 * admins'). Changes are audited in the commands; the secret leaves the server once, in createWebhook's answer.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db, config }) => {
  app.get(
    '/webhooks',
    {
      config: roles,
      schema: {
        operationId: 'listWebhooks',
        tags: ['webhooks'],
        summary:
          'The webhooks to specialist procedures (without secrets), with counts of waiting and dead deliveries, and what a new one can name',
        response: { 200: WebhookListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const scope = await departmentScope(db, staff);
      const [items, departments, services] = await Promise.all([
        listWebhooks(db, staff.municipalityId, scope),
        db
          .selectFrom('departments')
          .select(['id', 'name_de', 'name_en'])
          .where('municipality_id', '=', staff.municipalityId)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('services')
          .select(['id', 'name_de', 'name_en', 'department_id'])
          .where('municipality_id', '=', staff.municipalityId)
          .orderBy('id')
          .execute(),
      ]);
      const inScope = (departmentId: string | null) =>
        scope === undefined || (departmentId !== null && scope.includes(departmentId));
      return {
        items,
        options: {
          eventTypes: [...caseEventTypes],
          departments: departments
            .filter((row) => inScope(row.id))
            .map((row) => ({ id: row.id, nameDe: row.name_de, nameEn: row.name_en })),
          services: services
            .filter((row) => inScope(row.department_id))
            .map((row) => ({
              id: row.id,
              nameDe: row.name_de,
              nameEn: row.name_en,
              departmentId: row.department_id,
            })),
          departmentRequired: scope !== undefined,
        },
      };
    },
  );

  app.post(
    '/webhooks',
    {
      config: roles,
      schema: {
        operationId: 'createWebhook',
        tags: ['webhooks'],
        summary:
          'Registers a specialist procedure’s endpoint for signed case CloudEvents; answers the secret once',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhookDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const created = await createWebhook(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        userId: staff.userId,
        scope: await departmentScope(db, staff),
        settings: config.webhooks,
        draft: request.body,
      });
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.patch(
    '/webhooks/:webhookId',
    {
      config: roles,
      schema: {
        operationId: 'updateWebhook',
        tags: ['webhooks'],
        summary: 'Deactivates or reactivates a webhook, or changes its event types or description',
        params: WebhookParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateWebhook(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        scope: await departmentScope(db, staff),
        webhookId: request.params.webhookId,
        changes: request.body,
      });
    },
  );

  app.delete(
    '/webhooks/:webhookId',
    {
      config: roles,
      schema: {
        operationId: 'deleteWebhook',
        tags: ['webhooks'],
        summary: 'Deletes a webhook and its deliveries',
        params: WebhookParams,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      await deleteWebhook(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        scope: await departmentScope(db, staff),
        webhookId: request.params.webhookId,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhooks/deliveries',
    {
      config: roles,
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: ['webhooks'],
        summary:
          'Deliveries of case events, the latest first; status=dead is the dead-letter view (no response bodies are kept)',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
            ),
            webhookId: Type.Optional(Type.String({ format: 'uuid' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: WebhookDeliveryListDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      const items = await listWebhookDeliveries(db, staff.municipalityId, await departmentScope(db, staff), {
        status: request.query.status,
        webhookId: request.query.webhookId,
        limit: request.query.limit ?? 100,
      });
      return { items };
    },
  );

  app.post(
    '/webhooks/deliveries/:deliveryId/redeliver',
    {
      config: roles,
      schema: {
        operationId: 'redeliverWebhookDelivery',
        tags: ['webhooks'],
        summary: 'Sends a dead delivery again: the same CloudEvent (same id), a fresh series of attempts',
        params: DeliveryParams,
        response: { 200: WebhookDeliveryDto, ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return redeliverWebhookDelivery(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        scope: await departmentScope(db, staff),
        deliveryId: request.params.deliveryId,
      });
    },
  );
};
