import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import YAML from 'yaml';
import { describeEachEngine, json } from '../helpers/app.js';

const SEEDS = path.resolve(import.meta.dirname, '../../openapi/seeds');

/** `/offers/{id}` → `/offers/{}` so that parameter names do not matter. */
const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');

describeEachEngine('OpenAPI document', (ctx) => {
  it('is OpenAPI 3.1 generated from the routes, with every security scheme', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = json(res);
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/healthz'].get);
    assert.ok(doc.paths['/admin/organisations'].post.requestBody);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['AdminToken', 'ApiToken', 'xProcessingKey']);
  });

  it('is a superset of every seed document: each seed path and method is present', async () => {
    const doc = json(await ctx().app.inject({ method: 'GET', url: '/openapi.json' }));
    const ours = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${shape(p)}`)),
    );
    const files = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 3, 'the seed OpenAPI files are in openapi/seeds');
    for (const file of files) {
      const seed = YAML.parse(fs.readFileSync(path.join(SEEDS, file), 'utf8'));
      const prefix = new URL(seed.servers[0].url).pathname.replace(/\/$/, '');
      for (const [p, ops] of Object.entries(seed.paths as Record<string, object>)) {
        for (const method of Object.keys(ops)) {
          assert.ok(ours.has(`${method} ${shape(prefix + p)}`), `${file}: ${method.toUpperCase()} ${prefix}${p} is missing`);
        }
      }
    }
  });
});
