// The operations to fuzz: every path and method of the server's own OpenAPI document (GET
// /openapi.json) and of the vendors' seeds (openapi/seeds/*.yaml, whose paths sit under their
// server URL's path, e.g. /api/v2), each with its parameters and JSON body schema.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Resolve, Schema } from './schema.js';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The path template, e.g. /offers/{id}. */
  path: string;
  source: 'server' | 'seed';
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body?: Schema;
  resolve: Resolve;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function resolverFor(doc: Schema): Resolve {
  return (ref) => {
    if (!ref.startsWith('#/')) return doc.components?.schemas?.[ref.replace(/#$/, '')];
    let node: Schema | undefined = doc;
    for (const part of ref.slice(2).split('/')) node = node?.[part];
    return node;
  };
}

export function operationsOf(doc: Schema, source: Operation['source']): Operation[] {
  const resolve = resolverFor(doc);
  const prefix = source === 'seed' && doc.servers?.[0]?.url ? new URL(doc.servers[0].url).pathname.replace(/\/$/, '') : '';
  const out: Operation[] = [];
  for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Schema>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = ([...(item.parameters ?? []), ...(op.parameters ?? [])] as Schema[])
        .map((p) => (p.$ref ? resolve(p.$ref) : p))
        .filter((p): p is Schema => !!p && ['path', 'query', 'header'].includes(p.in))
        .map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? { type: 'string' } }));
      const body = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      out.push({ method: method.toUpperCase(), path: prefix + template, source, parameters, ...(body ? { body } : {}), resolve });
    }
  }
  return out;
}

/** The server's document and every seed copied into the project. */
export async function loadOperations(baseUrl: string, root: string): Promise<Operation[]> {
  const own = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Schema;
  const seedsDir = path.join(root, 'openapi', 'seeds');
  const seeds = fs
    .readdirSync(seedsDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => operationsOf(YAML.parse(fs.readFileSync(path.join(seedsDir, f), 'utf8')) as Schema, 'seed'));
  return [...operationsOf(own, 'server'), ...seeds];
}

/**
 * The methods each path template's URLs answer (for wrong-method requests): its own and those of
 * every other template matching them, e.g. PATCH /webhooks/{id} for /webhooks/deliveries.
 */
export function methodsByPath(operations: Operation[]): Map<string, Set<string>> {
  const pattern = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  const map = new Map<string, Set<string>>();
  for (const op of operations) {
    if (!map.has(op.path)) map.set(op.path, new Set());
    for (const other of operations) if (pattern(other.path).test(op.path)) map.get(op.path)!.add(other.method);
  }
  return map;
}
