import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { isDatabaseUnavailable } from './dbErrors.ts';

/** Seconds a client should wait before repeating a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * RFC 9457 problem details. `code` is the snake_case error code clients switch on (the `type` URI ends
 * in the same code, kebab-case); `field` names the input that was wrong, where one was.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  field?: string;
  errors?: { field: string; message: string }[];
  /** Machine-readable facts of a domain error (e.g. the walk-in ticket a device holds already). */
  details?: Readonly<Record<string, unknown>>;
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'snake_case error code, stable: clients switch on it' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    field: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'machine-readable facts (ids, numbers)' }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const notFound = (what: string, field: string, id: string) =>
  new DomainError('not_found', { field, message: `No ${what} with id "${id}" exists here.` });

/** Sends a problem; `code` is snake_case (`slot_full`), the `type` URI ends in its kebab-case form. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Omit<ProblemDetails, 'title' | 'type'> & { title?: string },
) {
  const { title, ...rest } = problem;
  const body: ProblemDetails = {
    type: `https://mobiles-rathaus.de/problems/${problem.code.replaceAll('_', '-')}`,
    title: title ?? titles[problem.status] ?? 'Error',
    instance: request.url.split('?')[0],
    ...rest,
  };
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(body);
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const params = issue.params ?? {};
  const named =
    (params.missingProperty as string | undefined) ??
    (Array.isArray(params.requiredProperties) ? (params.requiredProperties[0] as string) : undefined) ??
    (params.additionalProperty as string | undefined) ??
    (Array.isArray(params.additionalProperties) ? (params.additionalProperties[0] as string) : undefined);
  const full = [path, named].filter(Boolean).join('.');
  return full || context || 'body';
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler(
    (
      error: FastifyError & { validation?: ValidationIssue[]; validationContext?: string },
      request,
      reply,
    ) => {
      if (isDatabaseUnavailable(error)) {
        request.log.warn(
          { err: { type: error.name, code: error.code, message: error.message } },
          'database unavailable',
        );
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        const unavailable = new DomainError('database_unavailable', {
          message: 'The service cannot reach its database right now. Please try again in a moment.',
        });
        return sendProblem(reply, request, {
          status: unavailable.status,
          code: unavailable.code,
          detail: unavailable.message,
        });
      }
      if (isDomainError(error)) {
        const retryAfter = error.details?.retryAfterSeconds;
        if (typeof retryAfter === 'number')
          reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
        return sendProblem(reply, request, {
          status: error.status,
          code: error.code,
          detail: error.message,
          ...(error.field ? { field: error.field } : {}),
          ...(error.details ? { details: error.details } : {}),
        });
      }
      if (error.validation) {
        const errors = error.validation.map((issue) => ({
          field: fieldOf(issue, error.validationContext),
          message: issue.message ?? 'is not valid',
        }));
        const first = errors[0]!;
        return sendProblem(reply, request, {
          status: 400,
          code: 'validation',
          detail: `${error.validationContext ?? 'input'} field "${first.field}" ${first.message}`,
          field: first.field,
          errors,
        });
      }
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) {
        request.log.error(
          { err: { type: error.name, code: error.code, message: error.message, stack: error.stack } },
          'request failed',
        );
        return sendProblem(reply, request, {
          status,
          code: 'internal',
          detail: 'Something went wrong on our side.',
        });
      }
      const field =
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'content-type'
          : status === 400
            ? 'body'
            : undefined;
      return sendProblem(reply, request, {
        status,
        code: (error.code ?? 'client_error').toLowerCase(),
        detail: error.message,
        ...(field ? { field } : {}),
      });
    },
  );
}
