// A body checked against its wire schema outside a route (the console's forms build the same body
// the API takes): the same strict ajv and the same violations a route's 422 lists. The console
// passes its page's language, so a German page reads German messages; the default is the API's English.
import type { TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { violationsFrom } from './classify-error.js';
import { AppError } from './errors.js';
import type { Lang } from './locale-format.js';
import { MAX_VIOLATIONS, makeAjv } from './validation.js';

const ajv = makeAjv({ coerceTypes: false });
const compiled = new WeakMap<TSchema, ValidateFunction>();

const INVALID: Record<Lang, string> = { en: 'The request body is invalid.', de: 'Die Eingaben sind ungültig.' };

/** Throws the API's 422 when `body` breaks `schema`; messages in `lang` (default English). */
export function checkBody(schema: TSchema, body: unknown, lang: Lang = 'en'): void {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema as object);
    compiled.set(schema, validate);
  }
  if (validate(body)) return;
  const issues = (validate.errors ?? []).slice(0, MAX_VIOLATIONS);
  throw new AppError('unprocessable', INVALID[lang], violationsFrom(issues, lang));
}
