import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Fastify compiles every route's request validators and response serialisers while the routes are registered:
 * with a few hundred routes, each answer schema checked and compiled again with the shared schemas, that was
 * a large part of the server's start (bench:startup). These compilers do the same work on a route's first
 * request (its first answer with a given status), once; the result is the same function Fastify would have built.
 * `eager` compiles at registration as before (a test does, so a schema that cannot compile still fails there).
 */
type SerializerFactory = ReturnType<typeof SerializerSelector>;

export function serializerFactory(eager = false): SerializerFactory {
  const factory = SerializerSelector();
  if (eager) return factory;
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, options);
    return (routeDefinition) => {
      let serialize: ReturnType<typeof compile> | undefined;
      return (document: unknown) => (serialize ??= compile(routeDefinition))(document);
    };
  };
}

export function validatorCompiler(eager = false): FastifySchemaCompiler<unknown> {
  if (eager) return TypeBoxValidatorCompiler as FastifySchemaCompiler<unknown>;
  return (routeSchema) => {
    let validate: ReturnType<typeof TypeBoxValidatorCompiler> | undefined;
    return (data: unknown) =>
      (validate ??= TypeBoxValidatorCompiler(routeSchema as Parameters<typeof TypeBoxValidatorCompiler>[0]))(
        data,
      );
  };
}
