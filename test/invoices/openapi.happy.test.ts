// The published OpenAPI document covers the Merchant API and marks offerpay's additions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { sign } from '../../src/invoices/signature.js';
import { describeEachEngine, json } from '../helpers/app.js';
import { invoiceBody, merchantClient } from '../helpers/merchant.js';

const seed = YAML.parse(fs.readFileSync('openapi/seeds/merchant-invoices-cancel.openapi.yaml', 'utf8'));
const ajv = new Ajv({ strict: false });
const cancelOp = seed.paths['/invoices/{foreign_id}/cancel/'].post;
// The seed's oneOf branches declare no required fields, so every object matches both: read it as anyOf.
const error400 = ajv.compile({ anyOf: seed.components.schemas.ValidationOrMalformedJson.oneOf });
const error403 = ajv.compile(seed.components.responses.HeaderAuthorization.content['application/json'].schema);
const examples400 = cancelOp.responses['400'].content['text/html'].examples as Record<string, { value: unknown }>;
const examples403 = seed.components.responses.HeaderAuthorization.content['application/json'].examples as Record<
  string,
  { value: unknown }
>;

describeEachEngine('merchant api openapi', (ctx) => {
  it('documents the seed path and marks extensions with x-offerpay-extension', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(res.statusCode, 200);
    const doc = json(res);
    const paths = doc.paths as Record<string, Record<string, any>>;
    assert.ok(paths['/api/v2/invoices/{foreign_id}/cancel/']?.post, 'cancel documented');
    assert.ok(paths['/api/v2/invoices/create']?.post);
    for (const p of ['/api/v2/invoices/info', '/api/v2/invoices/list', '/api/v2/sandbox/invoices/{foreign_id}/payments']) {
      assert.equal(paths[p]?.post?.['x-offerpay-extension'], true, p);
    }
    assert.equal(paths['/api/v2/invoices/create']!.post['x-offerpay-extension'], undefined);
  });

  it('every documented cancel response is produced exactly, and validates against the seed', async () => {
    const org = await ctx().newOrganisation();
    const client = merchantClient(ctx().app, org.merchant);
    await client.post('/invoices/create', invoiceBody({ foreign_id: 'seed-1' }));
    const ok = await client.post('/invoices/seed-1/cancel/', {});
    assert.deepEqual(json(ok), cancelOp.responses['200'].content['application/json'].examples['Basic example'].value);

    const got400: Record<string, unknown> = {
      'Invoice not found': json(await client.post('/invoices/missing/cancel/', {})),
      'Invalid state': json(await client.post('/invoices/seed-1/cancel/', {})),
      'Malformed JSON': json(await client.post('/invoices/seed-1/cancel/', '{')),
    };
    await ctx().app.inject({
      method: 'PATCH',
      url: `/admin/organisations/${org.organisation.id}/features`,
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
      payload: { invoices_enabled: false },
    });
    got400['Feature not enabled'] = json(await client.post('/invoices/seed-1/cancel/', {}));
    for (const [name, example] of Object.entries(examples400)) {
      assert.deepEqual(got400[name], example.value, name);
      assert.ok(error400(got400[name]), name);
    }

    const url = '/api/v2/invoices/seed-1/cancel/';
    const signed = sign(org.merchant.secret, '{}');
    const got403: Record<string, unknown> = {
      'Bad signature header': json(
        await ctx().app.inject({
          method: 'POST',
          url,
          payload: '{}',
          headers: { 'content-type': 'application/json', 'x-processing-key': org.merchant.key, 'x-processing-signature': sign('x', '{}') },
        }),
      ),
      'No signature header': json(
        await ctx().app.inject({
          method: 'POST',
          url,
          payload: '{}',
          headers: { 'content-type': 'application/json', 'x-processing-key': org.merchant.key },
        }),
      ),
      'Bad key header': json(
        await ctx().app.inject({
          method: 'POST',
          url,
          payload: '{}',
          headers: { 'content-type': 'application/json', 'x-processing-key': 'x', 'x-processing-signature': signed },
        }),
      ),
      'No key header': json(
        await ctx().app.inject({
          method: 'POST',
          url,
          payload: '{}',
          headers: { 'content-type': 'application/json', 'x-processing-signature': signed },
        }),
      ),
    };
    for (const [name, example] of Object.entries(examples403)) {
      assert.deepEqual(got403[name], example.value, name);
      assert.ok(error403(got403[name]), name);
    }
  });

  it('the seed OpenAPI copy in the repository matches the cancel contract this server implements', () => {
    const seed = YAML.parse(fs.readFileSync('openapi/seeds/merchant-invoices-cancel.openapi.yaml', 'utf8'));
    const examples = seed.paths['/invoices/{foreign_id}/cancel/'].post.responses['400'].content['text/html'].examples;
    assert.deepEqual(examples['Invoice not found'].value, { errors: { foreign_id: 'Invoice not found.' } });
    assert.deepEqual(examples['Invalid state'].value, {
      error: 'Invoice cannot be failed in its current state.',
      code: 'invalid_invoice_state',
    });
  });
});
