import Type from 'typebox';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/passwords.ts';

export const StaffRoleSchema = Type.Union(
  [Type.Literal('admin'), Type.Literal('planner'), Type.Literal('department'), Type.Literal('clerk')],
  {
    description:
      'admin: users and settings; planner: plans stops and schedules; department: a department lead, ' +
      'releases its own services for the stations; clerk: serves at the station',
  },
);

export const StaffUserId = Type.String({ format: 'uuid', description: 'Id of a staff account' });

export const SignedInUserDto = Type.Object({
  id: StaffUserId,
  name: Type.String(),
  email: Type.String(),
  role: StaffRoleSchema,
  mustChangePassword: Type.Boolean({
    description: 'Until the password is changed, only the session and password routes answer',
  }),
});

export const SessionDto = Type.Object({
  user: SignedInUserDto,
  csrfToken: Type.String({
    description: 'Send it as header x-csrf-token with every POST, PUT, PATCH and DELETE',
  }),
});

export const NewPassword = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  description: `At least ${MIN_PASSWORD_LENGTH} characters`,
});

export const StaffUserDto = Type.Object({
  id: StaffUserId,
  email: Type.String(),
  name: Type.String(),
  role: StaffRoleSchema,
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  singleSignOn: Type.Boolean({ description: 'Linked to the identity provider' }),
  departmentIds: Type.Array(Type.String(), { description: 'For department leads: their departments' }),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description:
      'Set while sign-ins to the account are delayed after failed attempts (until then they get 429)',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AuditEventDto = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: "e.g. 'staff:<user id>', 'system', 'anonymous', 'oidc'" }),
  action: Type.String({ description: "e.g. 'staff.signed_in', 'staff_user.updated'" }),
  subjectType: Type.String(),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
});

export const problem = Type.Ref('Problem');
