// Turns anything thrown while handling a request into an AppError, so each surface's mapper
// only ever formats AppErrors. Framework errors (validation, body parsing, limits) land here.
import type { FastifyError } from 'fastify';
import { AppError, type Violation } from './errors.js';
import type { Lang } from './locale-format.js';
import { describeIssue, type AjvIssue } from './violation-texts.js';

/** `/recipients/0/email` → `recipients[0].email`, the Symfony propertyPath style. */
export function toPropertyPath(instancePath: string, missing?: unknown): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (typeof missing === 'string') parts.push(missing);
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** A JSON Schema keyword → the violation's machine-readable `code`. */
const CODES: Record<string, string> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'invalid_type',
  enum: 'invalid_choice',
  const: 'invalid_choice',
  maxLength: 'too_long',
  minLength: 'too_short',
  maxItems: 'too_many_items',
  minItems: 'too_few_items',
  maxProperties: 'too_many_items',
  minProperties: 'too_few_items',
  maximum: 'too_large',
  exclusiveMaximum: 'too_large',
  minimum: 'too_small',
  exclusiveMinimum: 'too_small',
  format: 'invalid_format',
  pattern: 'invalid_format',
  uniqueItems: 'duplicate',
};

/** The violations of ajv's issues; their messages in English (the API's) unless `lang` asks for German. */
export function violationsFrom(issues: AjvIssue[], lang: Lang = 'en'): Violation[] {
  return issues.map((issue) => ({
    propertyPath: toPropertyPath(
      issue.instancePath,
      issue.keyword === 'required'
        ? issue.params.missingProperty
        : issue.keyword === 'additionalProperties'
          ? issue.params.additionalProperty
          : undefined,
    ),
    message: describeIssue(issue, lang),
    code: CODES[issue.keyword] ?? 'invalid',
  }));
}

export function classifyError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const violations = violationsFrom(e.validation);
    // A request body that is well-formed but breaks the schema is 422 (Symfony style); bad query/path parameters are 400.
    return e.validationContext === 'body'
      ? new AppError('unprocessable', 'The request body is invalid.', violations)
      : new AppError('validation', 'The request parameters are invalid.', violations);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'The request content type is not supported.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', 'The request body is empty but the content type says JSON.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', 'The request body is not valid JSON.');
  }
  if (e instanceof SyntaxError) return new AppError('bad_request', 'The request body is not valid JSON.');
  // SQLSTATE class 22 (data exception) comes from values a client sent that the database cannot take
  // (a NUL character in text, a number out of range …): a client error, never a 500.
  if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) {
    return new AppError('validation', 'A value is malformed or out of range (text must not contain NUL characters).', [
      { propertyPath: '', message: 'A value is malformed or out of range.', code: 'invalid' },
    ]);
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (status >= 400 && status < 500) return new AppError('bad_request', e.message || 'Bad request.');
  return new AppError('internal', 'An internal error occurred.');
}
