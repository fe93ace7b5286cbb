import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine } from '../helpers/app.js';
import { countStatements, statementsOf } from '../helpers/statements.js';
import { INVOICE_DETAILS, pub, publishedOffer, sign } from './recipient-support.js';

describeEachEngine('measure', (ctx) => {
  it('measures', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const counter = countStatements(ctx().db);
    const { tokens } = await publishedOffer(ctx(), apiToken, {
      acceptanceMode: 'esignature',
      recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
    });
    await pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS); await pub(ctx(), 'GET', tokens['a@example.com']!, '/document');
    const a = await statementsOf(counter, () => sign(ctx(), tokens['a@example.com']!, 'Anna A'));
    console.log(
      'first',
      a.statements.length,
      a.transactions,
      a.statements.map((s) => s.slice(0, 70).replace(/\s+/g, ' ')),
    );
    const b = await statementsOf(counter, () => sign(ctx(), tokens['b@example.com']!, 'Bert B'));
    console.log(
      'last',
      b.statements.length,
      b.transactions,
      b.statements.map((s) => s.slice(0, 70).replace(/\s+/g, ' ')),
      b.result.statusCode,
    );
    const c1 = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'a@example.com' }] });
    const c = await statementsOf(counter, () => pub(ctx(), 'POST', c1.tokens['a@example.com']!, '/accept', { consent: true }));
    console.log(
      'accept',
      c.statements.length,
      c.transactions,
      c.statements.map((s) => s.slice(0, 70).replace(/\s+/g, ' ')),
      c.result.statusCode,
    );
    const d = await statementsOf(counter, () => pub(ctx(), 'POST', c1.tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS));
    console.log(
      'details',
      d.statements.length,
      d.transactions,
      d.statements.map((s) => s.slice(0, 70).replace(/\s+/g, ' ')),
      d.result.statusCode,
    );
    assert.ok(true);
  });
});
