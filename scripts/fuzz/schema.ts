// JSON Schema → a value that (mostly) satisfies it, for the schema-driven requests. Best effort:
// patterns are met through the schema's examples or a few known shapes; the server judges the rest.
import type { Rng } from './random.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON documents (OpenAPI, answers) of any shape, read by walking them
export type Schema = Record<string, any>;
export type Resolve = (ref: string) => Schema | undefined;

const KNOWN_PATTERNS: Record<string, string[]> = {
  '^[A-Z]{3}$': ['EUR', 'USD', 'CHF'],
  '^[1-9][0-9]{0,3}[HDWMY]$': ['1M', '1Y', '12M'],
};

const FORMATS: Record<string, (rng: Rng) => string> = {
  'date-time': (rng) => new Date(Date.UTC(2026, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23))).toISOString(),
  date: (rng) => `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
  email: (rng) => `${rng.string(6).toLowerCase()}@example.com`,
  uri: (rng) => `https://shop.example.com/${rng.string(5)}`,
  uuid: () => crypto.randomUUID(),
};

/** Strings a schema without a pattern or format still accepts, that databases and templates may not. */
const HOSTILE = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '💥',
  'Ä\u0308\u0301',
  '\u202e',
  '\ufeff',
  '\u2028',
  '<script>x</script>',
  "'; --",
  '%00',
  ' ',
  '\\',
  '"',
  '{{x}}',
  `\${x}`,
];

function hostileString(schema: Schema, rng: Rng): string {
  const max = schema.maxLength ?? 100_000;
  let out = '';
  while (out.length < (schema.minLength ?? 1)) out += rng.pick(HOSTILE);
  if (rng.chance(0.2)) out += 'x'.repeat(Math.min(max, 20_000));
  return [...out].slice(0, max).join('');
}

function stringFor(schema: Schema, rng: Rng, hostile: boolean): string {
  if (hostile && !schema.format && !schema.pattern && rng.chance(0.5)) return hostileString(schema, rng);
  const examples = schema.examples as unknown[] | undefined;
  if (Array.isArray(examples) && examples.length > 0 && rng.chance(0.7)) return String(rng.pick(examples));
  if (typeof schema.format === 'string' && FORMATS[schema.format]) return FORMATS[schema.format]!(rng);
  if (typeof schema.pattern === 'string') {
    const known = KNOWN_PATTERNS[schema.pattern];
    if (known) return rng.pick(known);
  }
  const min = schema.minLength ?? 1;
  const max = Math.min(schema.maxLength ?? 24, min + 24);
  return rng.string(rng.int(min, Math.max(min, max)));
}

function numberFor(schema: Schema, rng: Rng, integer: boolean): number {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : min + 1000);
  const n = min + rng.next() * (Math.min(max, min + 1e6) - min);
  return integer ? Math.floor(n) : Math.round(n * 100) / 100;
}

/**
 * A value for `schema`; `depth` stops recursive schemas. `hostile`: free strings (no pattern, no
 * format) are often null bytes, lone surrogates, control characters or long, within their lengths.
 */
export function generate(schema: Schema | undefined, rng: Rng, resolve: Resolve, depth = 0, hostile = false): unknown {
  if (!schema || depth > 6) return null;
  const gen = (sub: Schema | undefined) => generate(sub, rng, resolve, depth + 1, hostile);
  if (typeof schema.$ref === 'string') return gen(resolve(schema.$ref));
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return rng.pick(schema.enum);
  if (schema.default !== undefined && rng.chance(0.2)) return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) return gen(rng.pick(variants));
  if (Array.isArray(schema.allOf)) return gen(Object.assign({}, ...schema.allOf));
  let type = schema.type;
  if (Array.isArray(type))
    type = rng.pick(
      type.filter((t: string) => t !== 'null').length > 0 && rng.chance(0.9) ? type.filter((t: string) => t !== 'null') : type,
    );
  if (type === undefined) type = schema.properties ? 'object' : schema.items ? 'array' : 'string';
  switch (type) {
    case 'string':
      return stringFor(schema, rng, hostile);
    case 'integer':
      return numberFor(schema, rng, true);
    case 'number':
      return numberFor(schema, rng, false);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const min = schema.minItems ?? 0;
      const count = rng.int(min, Math.max(min, Math.min(schema.maxItems ?? 3, 3)));
      return Array.from({ length: count }, () => gen(schema.items));
    }
    default: {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        if (required.has(key) || rng.chance(0.4)) out[key] = gen(sub);
      }
      return out;
    }
  }
}
