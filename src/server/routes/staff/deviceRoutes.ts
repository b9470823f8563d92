import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { staffActor } from '../../audit.ts';
import { markDeviceLost } from '../../commands/deviceLostMarker.ts';
import { updateDevice } from '../../commands/deviceUpdater.ts';
import { listDevices } from '../../queries/deviceQueries.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

// Devices and who used them are an admin's matter: planners and clerks need neither the list nor the switch.
const admins = ['admin'] as const;
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const DeviceId = Type.String({ format: 'uuid', description: 'Id of a registered device' });

const DeviceDto = Type.Object({
  id: DeviceId,
  label: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('lost')]),
  firstSeenAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time', description: 'Last signed-in contact from the device' }),
  lastUser: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], {
    description: 'Who used the device last',
  }),
  lostAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lostReason: Type.Union([Type.String(), Type.Null()]),
  activeSessions: Type.Integer({ description: 'Open sessions used from the device' }),
});

/**
 * Station tablets, registered at their first signed-in contact (header x-station-device). Reporting one lost
 * revokes its sessions and makes the app wipe its data at its next contact; reinstating lets it sign in again.
 */
export const deviceRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (app, { db }) => {
  app.get(
    '/devices',
    {
      config: { staffRoles: admins },
      schema: {
        operationId: 'listDevices',
        tags: ['devices'],
        summary: 'Registered station devices with label, status, last user and last contact',
        response: { 200: Type.Object({ items: Type.Array(DeviceDto) }), 401: problem, 403: problem },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return { items: await listDevices(db, staff.municipalityId) };
    },
  );

  app.post(
    '/devices/:deviceId/lost',
    {
      config: { staffRoles: admins },
      schema: {
        operationId: 'markDeviceLost',
        tags: ['devices'],
        summary: 'Report a device lost: revokes its sessions; the app wipes its data at its next contact',
        params: Type.Object({ deviceId: DeviceId }),
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (kept with the device)' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: DeviceId, revokedSessions: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return markDeviceLost(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        deviceId: request.params.deviceId,
        reason: request.body.reason,
      });
    },
  );

  app.patch(
    '/devices/:deviceId',
    {
      config: { staffRoles: admins },
      schema: {
        operationId: 'updateDevice',
        tags: ['devices'],
        summary: 'Name a device, or reinstate one reported lost (status active)',
        params: Type.Object({ deviceId: DeviceId }),
        body: Type.Object(
          {
            label: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            status: Type.Optional(Type.Literal('active', { description: 'Reinstates a lost device' })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ id: DeviceId }), ...problems },
      },
    },
    async (request) => {
      const { staff } = signedIn(request);
      return updateDevice(db, {
        municipalityId: staff.municipalityId,
        actor: staffActor(staff.userId),
        deviceId: request.params.deviceId,
        ...request.body,
      });
    },
  );
};
