// A Merchant API request body is declared once, as an ordered list of fields (requests.ts). From that
// one declaration come both the validation with the vendor's messages (validate.ts, in field order, so
// the error bodies keep their key order) and the body's JSON schema in /openapi.json: the published
// document cannot drift from what the server accepts. Ajv never validates these bodies (it cannot give
// the vendor's messages); the schema is only read by the OpenAPI generator.
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { bodyOf, rejectUnknown, Validator } from './validate.js';

type Rule =
  | { kind: 'string'; max?: number }
  | { kind: 'foreign_id'; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'amount' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'email' }
  | { kind: 'return_url' }
  | { kind: 'string_map'; max: number }
  | { kind: 'url_or_null'; max: number };

/** A field's own rule beyond its type (e.g. "a known currency"): the error message, or nothing. */
type Check<T> = (value: T, earlier: Readonly<Record<string, unknown>>) => string | undefined;

interface Options<T> {
  required?: boolean;
  /** The value when the field is absent (or null), also published as the schema's default. */
  default?: T;
  description?: string;
  /** Runs when the field itself is valid; sees the fields declared before it. */
  check?: Check<T>;
}

/** `Out` is what the parsed body holds: T when the field is required or has a default. */
export interface Field<T, Out> {
  rule: Rule;
  options: Options<T>;
  /** Type-level only. */
  readonly out?: Out;
}

type Out<T, O> = O extends { required: true }
  ? T
  : O extends { default: unknown }
    ? undefined extends O['default']
      ? T | undefined
      : T
    : T | undefined;

const field =
  <T, Extra extends object = object>(rule: (extra: Extra) => Rule) =>
  <O extends Options<T>>(options: O & Extra = {} as O & Extra): Field<T, Out<T, O>> => ({ rule: rule(options), options });

export const string = field<string, { max?: number }>(({ max }) => ({ kind: 'string', max }));
/** A merchant's id: a string, or a JSON integer read as its decimal string (12345 → "12345"). Use it for every `foreign_id`. */
export const foreignId = field<string, { max?: number }>(({ max }) => ({ kind: 'foreign_id', max: max ?? 255 }));
export const boolean = field<boolean>(() => ({ kind: 'boolean' }));
/** A decimal amount (JSON number or string, at most 8 decimals), parsed into 1e-8 units. */
export const amount = field<bigint>(() => ({ kind: 'amount' }));
export const integer = field<number, { min?: number; max?: number }>(({ min, max }) => ({ kind: 'integer', min, max }));
export const email = field<string>(() => ({ kind: 'email' }));
/** Where the payer is sent back (https with a domain name unless ALLOW_PRIVATE_WEBHOOK_TARGETS). */
export const returnUrl = field<string>(() => ({ kind: 'return_url' }));
export const stringMap = field<Record<string, unknown>, { max: number }>(({ max }) => ({ kind: 'string_map', max }));
/** null is a value (it removes a setting), not an absent field. */
export const urlOrNull = field<string | null, { max: number }>(({ max }) => ({ kind: 'url_or_null', max }));
// Overloads rather than inference from the options: V is inferred from `values` at the same time.
export function oneOf<V extends string>(
  values: readonly V[],
  options: Options<NoInfer<V>> & ({ required: true } | { default: NoInfer<V> }),
): Field<V, V>;
export function oneOf<V extends string>(values: readonly V[], options?: Options<NoInfer<V>>): Field<V, V | undefined>;
export function oneOf<V extends string>(values: readonly V[], options: Options<V> = {}): Field<V, V | undefined> {
  return { rule: { kind: 'enum', values }, options };
}

// biome-ignore lint/suspicious/noExplicitAny: a field of any input type; only its output type is read
type Fields = Record<string, Field<any, unknown>>;
// biome-ignore lint/suspicious/noExplicitAny: matches a field of any input type to infer its output
export type Values<S extends Fields> = { [K in keyof S]: S[K] extends Field<any, infer O> ? O : never };

export interface ReadOptions {
  /** ALLOW_PRIVATE_WEBHOOK_TARGETS: return URLs may be http and name private hosts. */
  relaxedUrls?: boolean;
}

export interface RequestBody<S extends Fields> {
  /** The body's schema for the OpenAPI document. */
  schema: TObject;
  /** Validates with the vendor's messages (throws every field's first error at once) and returns the typed values. */
  read(body: unknown, options?: ReadOptions): Values<S>;
}

function readField(v: Validator, name: string, rule: Rule, required: boolean, options: ReadOptions): unknown {
  switch (rule.kind) {
    case 'string':
      return v.string(name, { required, max: rule.max });
    case 'foreign_id':
      return v.foreignId(name, { required, max: rule.max });
    case 'enum':
      return v.oneOf(name, rule.values, { required });
    case 'boolean':
      return v.boolean(name, { required });
    case 'amount':
      return v.amount(name, { required });
    case 'integer':
      return v.integer(name, { required, min: rule.min, max: rule.max });
    case 'email':
      return v.email(name, { required });
    case 'return_url':
      return v.returnUrl(name, { required, relaxed: options.relaxedUrls ?? false });
    case 'string_map':
      return v.stringMap(name, rule.max);
    case 'url_or_null':
      return v.urlOrNull(name, rule.max, { required });
  }
}

const FOREIGN_ID_INTEGER = 'Read as its decimal string (12345 → "12345"); at most 2^53 − 1 in magnitude';
const AMOUNT_TEXT = 'A number or a decimal string, at most 8 decimals';

const docOf = (options: Options<unknown>) => ({
  ...(options.description !== undefined ? { description: options.description } : {}),
  ...(options.default !== undefined ? { default: options.default } : {}),
});

function schemaOf(rule: Rule, required: boolean, doc: ReturnType<typeof docOf>): TSchema {
  switch (rule.kind) {
    case 'string':
      return Type.String({ ...(required ? { minLength: 1 } : {}), ...(rule.max !== undefined ? { maxLength: rule.max } : {}), ...doc });
    case 'foreign_id':
      return Type.Union(
        [Type.String({ ...(required ? { minLength: 1 } : {}), maxLength: rule.max }), Type.Integer({ description: FOREIGN_ID_INTEGER })],
        doc,
      );
    case 'enum':
      return Type.Union(
        rule.values.map((value) => Type.Literal(value)),
        doc,
      );
    case 'boolean':
      return Type.Boolean(doc);
    case 'amount':
      return Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String()], { description: AMOUNT_TEXT, ...doc });
    case 'integer':
      return Type.Integer({
        ...(rule.min !== undefined ? { minimum: rule.min } : {}),
        ...(rule.max !== undefined ? { maximum: rule.max } : {}),
        ...doc,
      });
    case 'email':
      return Type.String({ format: 'email', maxLength: 255, ...doc });
    case 'return_url':
      return Type.String({ format: 'uri', maxLength: 2048, ...doc });
    case 'string_map':
      return Type.Record(Type.String(), Type.Union([Type.String({ maxLength: rule.max }), Type.Null()]), doc);
    case 'url_or_null':
      return Type.Union([Type.String({ format: 'uri', minLength: 1, maxLength: rule.max }), Type.Null()], doc);
  }
}

interface BodyOptions<S extends Fields> {
  /** Undeclared fields are errors ("The x field is prohibited."). Otherwise they are ignored, as the vendor does. */
  closed?: boolean;
  /** Rules across fields (e.g. "id or foreign_id"), run after every field; say them in `description` too. */
  after?: (v: Validator, values: Values<S>) => void;
  description?: string;
}

export function requestBody<S extends Fields>(fields: S, options: BodyOptions<S> = {}): RequestBody<S> {
  const entries = Object.entries(fields);
  const properties: Record<string, TSchema> = {};
  for (const [name, { rule, options: o }] of entries) {
    const required = o.required === true;
    // Every optional field may be sent as null (older clients do): the validator reads null as absent.
    // A URL-or-null field keeps null as a value, so its schema already has it.
    properties[name] = required
      ? schemaOf(rule, true, docOf(o))
      : rule.kind === 'url_or_null'
        ? Type.Optional(schemaOf(rule, false, docOf(o)))
        : Type.Optional(Type.Union([schemaOf(rule, false, {}), Type.Null()], docOf(o)));
  }
  const schema = Type.Object(properties, {
    ...(options.closed ? { additionalProperties: false } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
  return {
    schema,
    read(body, readOptions = {}) {
      const v = new Validator(bodyOf(body));
      const values: Record<string, unknown> = {};
      for (const [name, { rule, options: o }] of entries) {
        const value = readField(v, name, rule, o.required === true, readOptions);
        if (value !== undefined && o.check) {
          const message = o.check(value, values);
          if (message !== undefined) v.error(name, message);
        }
        values[name] = value === undefined ? o.default : value;
      }
      options.after?.(v, values as Values<S>);
      v.done();
      if (options.closed) rejectUnknown(v.body, Object.keys(fields));
      return values as Values<S>;
    },
  };
}
