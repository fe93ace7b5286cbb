// Validates response bodies against the seeds' OpenAPI (openapi/seeds/*.yaml, copied from the
// vendor docs): the wire-compatibility check of the Offers API, used by the tests on both engines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SEEDS = new URL('../../openapi/seeds/', import.meta.url);
const load = (file: string) => openApiToJsonSchema(YAML.parse(fs.readFileSync(new URL(file, SEEDS), 'utf8'))) as Record<string, any>;

/** OpenAPI 3.0's `nullable: true` → `type: [T, "null"]`; without a type it constrains nothing and is dropped. */
function openApiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = openApiToJsonSchema(value);
  const source = node as Record<string, unknown>;
  if (source.nullable === true && typeof source.type === 'string') out.type = [source.type, 'null'];
  return out;
}

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
ajv.addFormat('ulid', /^[0-9A-HJKMNP-TV-Z]{26}$/);
// OpenAPI annotations that are not JSON Schema 2020-12 keywords: accepted, without effect
// (readOnly, deprecated and examples are 2020-12 annotations already).
for (const keyword of ['example', 'externalDocs', 'components']) ajv.addKeyword(keyword);

const list = load('offers-list.openapi.yaml');
const cancel = load('offers-cancel-signing.openapi.yaml');
const jsonBody = (doc: Record<string, any>, path: string, method: string) =>
  doc.paths[path][method].responses['200'].content['application/json'].schema;

ajv.addSchema({ $id: 'offers-list', components: list.components, $defs: { listResponse: jsonBody(list, '/offers', 'get') } });
ajv.addSchema({
  $id: 'offers-cancel-signing',
  components: cancel.components,
  $defs: { cancelResponse: jsonBody(cancel, '/offers/{id}/cancel-signing', 'post') },
});

const validators = {
  'Offer-OfferRead': ajv.getSchema('offers-list#/components/schemas/Offer-OfferRead')!,
  'GET /offers 200': ajv.getSchema('offers-list#/$defs/listResponse')!,
  'POST /offers/{id}/cancel-signing 200': ajv.getSchema('offers-cancel-signing#/$defs/cancelResponse')!,
} satisfies Record<string, ValidateFunction>;

export type SeedSchema = keyof typeof validators;

/** Fails the test with ajv's errors when `body` does not validate against the seed's schema. */
export function assertMatchesSeed(schema: SeedSchema, body: unknown): void {
  const validate = validators[schema];
  const ok = validate(body);
  assert.ok(ok, `${schema} does not match the seed: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

/** The property names a seed component declares (to check that no field is dropped on the way out). */
export function seedProperties(component: 'Offer-OfferRead' | 'OfferRecipient-OfferRead'): string[] {
  return Object.keys(list.components.schemas[component].properties);
}
