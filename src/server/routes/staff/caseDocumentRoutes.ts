import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { caseAccessPurposes } from '../../../domain/caseProcess.ts';
import { DomainError } from '../../../domain/errors.ts';
import { addCaseDocument } from '../../commands/caseDocumentAdder.ts';
import { readDocument } from '../../commands/documentReader.ts';
import { staffActor } from '../../audit.ts';
import { caseScope } from './caseRoutes.ts';
import { signedIn, type StaffRouteOptions } from './staffRouteSupport.ts';
import { problem } from './staffSchemas.ts';

/** The types a document may have; the server checks the content, not only this header. */
export const documentMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const CaseDocumentDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileName: Type.Union([Type.String(), Type.Null()]),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  capturedAt: Type.String({ format: 'date-time' }),
  replayed: Type.Boolean({
    description: 'True when this offline upload (clientUploadId) was stored before: nothing new was written',
  }),
});

const CaseParams = Type.Object({ caseId: Type.String({ format: 'uuid' }) });
const problems = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  410: problem,
  413: problem,
  415: problem,
  422: problem,
};

/**
 * Documents of a case (tracker issue 11, item 2): staff at the stop (clerks) and in the back office (admins,
 * department leads for their departments' cases) add scans, photos and signed forms as the raw file
 * (Content-Type application/pdf, image/jpeg or image/png) and read them back; every read is audited with its
 * purpose.
 */
export const caseDocumentRoutes: FastifyPluginAsyncTypebox<StaffRouteOptions> = async (
  app,
  { db, config },
) => {
  // The file is the body, as it is: no multipart, no base64.
  app.addContentTypeParser([...documentMediaTypes], { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/cases/:caseId/documents',
    {
      config: { staffRoles: ['admin', 'department', 'clerk'] },
      // One byte over the limit still reaches the command, which names the problem (document_too_large).
      bodyLimit: config.documents.maxBytes + 1,
      schema: {
        operationId: 'addCaseDocument',
        tags: ['cases'],
        summary:
          'Adds a document (PDF, JPEG or PNG, checked by its content) to an open case; the body is the file itself',
        params: CaseParams,
        querystring: Type.Object(
          {
            fileName: Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'The file’s name, e.g. antrag.pdf',
            }),
            clientUploadId: Type.Optional(
              Type.String({
                maxLength: 100,
                description: 'The tablet’s id of an offline upload: sent again, it is stored once',
              }),
            ),
            channel: Type.Optional(Type.Union([Type.Literal('stop'), Type.Literal('back_office')])),
          },
          { additionalProperties: false },
        ),
        consumes: [...documentMediaTypes],
        response: { 201: CaseDocumentDto, 200: CaseDocumentDto, ...problems },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      if (!Buffer.isBuffer(request.body)) {
        throw new DomainError('document_type_not_allowed', {
          field: 'file',
          message: 'send the file itself',
        });
      }
      const { document, replayed } = await addCaseDocument(db, config, {
        municipalityId: staff.municipalityId,
        caseId: request.params.caseId,
        userId: staff.userId,
        departments: await caseScope(db, staff),
        fileName: request.query.fileName,
        declaredMediaType: request.headers['content-type']?.split(';')[0]?.trim(),
        bytes: request.body,
        clientUploadId: request.query.clientUploadId,
        channel: request.query.channel ?? (staff.role === 'clerk' ? 'stop' : 'back_office'),
      });
      return reply.code(replayed ? 200 : 201).send({
        id: document.id,
        fileName: document.fileName,
        mediaType: document.mediaType,
        sizeBytes: document.sizeBytes,
        capturedAt: document.capturedAt.toISOString(),
        replayed,
      });
    },
  );

  app.get(
    '/cases/:caseId/documents/:documentId',
    {
      config: { staffRoles: ['admin', 'department', 'clerk'] },
      schema: {
        operationId: 'getCaseDocument',
        tags: ['cases'],
        summary: 'A case’s document as its file; the read is audited with the purpose given',
        params: Type.Object({
          caseId: Type.String({ format: 'uuid' }),
          documentId: Type.String({ format: 'uuid' }),
        }),
        querystring: Type.Object(
          { purpose: Type.Enum(caseAccessPurposes, { description: 'Why the document is read (audited)' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG' }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { staff } = signedIn(request);
      const scope = await caseScope(db, staff);
      const [owned, kase] = await Promise.all([
        db
          .selectFrom('documents')
          .select('id')
          .where('municipality_id', '=', staff.municipalityId)
          .where('id', '=', request.params.documentId)
          .where('owner_kind', '=', 'case')
          .where('owner_id', '=', request.params.caseId)
          .executeTakeFirst(),
        db
          .selectFrom('cases')
          .select('department_id')
          .where('municipality_id', '=', staff.municipalityId)
          .where('id', '=', request.params.caseId)
          .executeTakeFirst(),
      ]);
      if (!owned || !kase || (scope && !scope.includes(kase.department_id ?? ''))) {
        throw new DomainError('not_found', { field: 'documentId' });
      }
      const { document, bytes } = await readDocument(db, config, {
        municipalityId: staff.municipalityId,
        documentId: request.params.documentId,
        actor: staffActor(staff.userId),
        purpose: `case_${request.query.purpose}`,
      });
      const asciiName = document.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return reply
        .header('content-type', document.mediaType)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
        )
        .send(bytes);
    },
  );
};
