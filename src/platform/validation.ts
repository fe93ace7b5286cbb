// Request validation. Query strings and path parameters arrive as text, so they are coerced to the
// schema's types; JSON bodies are not: `{"name": 42}` is an error, never silently a string.
import { Ajv, type Options } from 'ajv';
import formats from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, allErrors: true, useDefaults: true, strict: false, ...options });
  // ajv-formats is CommonJS: its default export is the plugin function itself.
  (formats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv;
}

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = makeAjv({ coerceTypes: 'array' });
  const strict = makeAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object);
    if (httpPart !== 'body' || !(schema as Record<string, unknown>)[OPTIONAL_BODY]) return validate as never;
    return ((data: unknown) => data === undefined || validate(data)) as never;
  };
}

const OPTIONAL_BODY = 'x-optional-body';

/** Marks a body schema as optional: a request without a body passes, one with a body must match. */
export function optionalBody<T extends TSchema>(schema: T): T {
  return { ...schema, [OPTIONAL_BODY]: true };
}
