// Valid requests from an operation: path parameters from the seeded world (sometimes another
// tenant's id, an unknown one or garbage), query and body generated from the schemas.
import type { Operation } from './operations.js';
import type { Rng } from './random.js';
import type { FuzzRequest } from './request.js';
import { generate } from './schema.js';
import type { World } from './world.js';

const enc = encodeURIComponent;
const ULID = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A value for path parameter `name` of `template`: mostly real, sometimes unknown or odd. */
export function pathValue(template: string, name: string, rng: Rng, world: World): string {
  const [org, other] = world.orgs;
  const roll = rng.next();
  if (roll < 0.08) return rng.pick(['0', '-1', 'null', 'x'.repeat(rng.int(1, 300)), '%00', '..', 'é', '9007199254740993']);
  if (roll < 0.15) return rng.pick([crypto.randomUUID(), rng.string(26, ULID), rng.string(43)]);
  if (name === 'token') return rng.pick(world.recipients).token;
  if (name === 'recipientId') return rng.pick(world.recipients).id;
  if (name === 'foreign_id') return rng.pick(world.invoices);
  if (name === 'address') return world.addresses.length > 0 ? rng.pick(world.addresses) : rng.string(34);
  // Rotating the merchant key or turning invoices off would leave the rest of the run unsigned:
  // those two act on the second organisation only.
  if (/\/(merchant-keys|features)$/.test(template)) return other.id;
  if (template.startsWith('/admin/organisations')) return rng.chance(0.8) ? org.id : other.id;
  if (template.startsWith('/admin/api-tokens')) return rng.pick([...org.apiTokenIds, ...other.apiTokenIds]);
  if (template.startsWith('/offer-templates')) return rng.pick(world.templates);
  if (template.startsWith('/webhooks/deliveries')) return crypto.randomUUID();
  if (template.startsWith('/webhooks')) return rng.pick(world.webhooks);
  if (template.startsWith('/media')) return crypto.randomUUID();
  return rng.pick(world.offers);
}

function queryString(op: Operation, rng: Rng): string {
  const parts: string[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'query' || (!p.required && !rng.chance(0.4))) continue;
    const value = generate(p.schema, rng, op.resolve);
    for (const v of Array.isArray(value) ? value : [value])
      parts.push(`${enc(p.name).replaceAll('%5B', '[').replaceAll('%5D', ']')}=${enc(String(v))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export function fillPath(op: Operation, rng: Rng, world: World): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => enc(pathValue(op.path, name, rng, world)));
}

/** A request as a well-behaved client would send it (the body as the schema describes it). */
export function validRequest(op: Operation, rng: Rng, world: World, hostile = false): FuzzRequest {
  const headers: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in === 'header' && p.name.toLowerCase() === 'idempotency-key' && rng.chance(0.3))
      headers['idempotency-key'] = crypto.randomUUID();
  }
  const req: FuzzRequest = {
    kind: 'valid',
    route: `${op.method} ${op.path}`,
    method: op.method,
    path: fillPath(op, rng, world) + queryString(op, rng),
    headers,
    auth: rng.chance(0.05) ? 'other-tenant' : rng.chance(0.03) ? 'uppercase-signature' : 'valid',
  };
  const merchant = op.path.startsWith('/api/v2/');
  if (op.body || (merchant && op.method === 'POST')) {
    req.body = JSON.stringify(op.body ? generate(op.body, rng, op.resolve, 0, hostile) : {});
    req.headers['content-type'] = 'application/json';
  }
  return req;
}
