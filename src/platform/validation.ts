// Request validation. Query strings and path parameters arrive as text, so they are coerced to the
// schema's types; JSON bodies are not: `{"name": 42}` is an error, never silently a string.
// Validators compile on first use, so a restart does not pay for every route's schemas (the suite's
// fuzz test reaches every route, so a schema that does not compile still fails the tests).
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';

export function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, allErrors: true, useDefaults: true, strict: false, ...options });
  // ajv-formats is CommonJS: its default export is the plugin function itself.
  (formats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv;
}

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = makeAjv({ coerceTypes: 'array' });
  const strict = makeAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    const optional = httpPart === 'body' && (schema as Record<string, unknown>)[OPTIONAL_BODY] === true;
    return lazyValidator(() => (httpPart === 'body' ? strict : coercing).compile(schema as object), optional) as never;
  };
}

type Validator = ((data: unknown) => boolean) & { errors?: ValidateFunction['errors'] };

/** Fastify reads a failed validation's errors from the function itself, so the wrapper carries them. */
function lazyValidator(compile: () => ValidateFunction, optional: boolean): Validator {
  let validate: ValidateFunction | undefined;
  const wrapper: Validator = (data) => {
    // Fastify hands a missing body over as null.
    if (optional && (data === undefined || data === null)) {
      wrapper.errors = null;
      return true;
    }
    validate ??= compile();
    const ok = validate(data) as boolean;
    // A body of 60,000 unknown keys must not answer with 60,000 violations: the first ones suffice.
    wrapper.errors =
      validate.errors && validate.errors.length > MAX_VIOLATIONS ? validate.errors.slice(0, MAX_VIOLATIONS) : validate.errors;
    return ok;
  };
  return wrapper;
}

const OPTIONAL_BODY = 'x-optional-body';

/** The most violations one error answer lists. */
export const MAX_VIOLATIONS = 50;

/** Marks a body schema as optional: a request without a body passes, one with a body must match. */
export function optionalBody<T extends TSchema>(schema: T): T {
  return { ...schema, [OPTIONAL_BODY]: true };
}
