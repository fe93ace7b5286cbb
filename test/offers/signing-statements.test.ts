// Issue 17: a recipient's signature costs at most 6 SQL statements, the one that completes the offer
// too (its documents rendered and stored in the same request), and click acceptance likewise. The
// statements are counted by a wrapper around the test app's Database (test/helpers/statements.ts);
// BEGIN/COMMIT are the engine's and counted as transactions. The rest checks that nothing else
// changed: statuses, signing logs, activities, events, documents, jobs, e-mails, repeated requests,
// and two last signatures at once completing the offer exactly once.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { bearer, describeEachEngine, json, type TestApp } from '../helpers/app.js';
import { countStatements, statementsOf, type StatementCounter } from '../helpers/statements.js';
import { INVOICE_DETAILS, pub, publishedOffer, sign, topics } from './recipient-support.js';
import { getOffer } from './support.js';

const BUDGET = 6;

async function activityTypes(t: TestApp, apiToken: string, offerId: string): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/offers/${offerId}/activities`, headers: bearer(apiToken) });
  assert.equal(res.statusCode, 200, res.body);
  return json(res).data.map((a: { type: string }) => a.type);
}

async function countRows(t: TestApp, table: string, offerId: string): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE offer_id = $1`, [offerId]);
  return rows[0]!.n;
}

async function emails(t: TestApp): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM email_messages');
  return rows[0]!.n;
}

/** A published offer whose published PDF is rendered already (publishing starts that render in the background). */
async function ready(t: TestApp, apiToken: string, body: Record<string, unknown>) {
  const published = await publishedOffer(t, apiToken, body);
  const first = Object.values(published.tokens)[0]!;
  assert.equal((await pub(t, 'GET', first, '/document')).statusCode, 200);
  return published;
}

/** Runs one request with the statements counted; asserts the budget and returns the response. */
async function measured(counter: StatementCounter, label: string, run: () => ReturnType<typeof sign>) {
  const { result, statements, transactions } = await statementsOf(counter, run);
  assert.equal(result.statusCode, 200, result.body);
  assert.ok(statements.length <= BUDGET, `${label}: ${statements.length} statements\n${statements.join('\n---\n')}`);
  assert.ok(transactions <= 1, `${label}: ${transactions} transactions`);
  return { response: json(result), statements: statements.length, transactions };
}

describeEachEngine('recipient signing statements', (ctx) => {
  let counter: StatementCounter;
  before(() => {
    counter = countStatements(ctx().db);
  });
  after(() => counter.uninstall());

  it('e-signature: one of two signers, then the last one completing the offer with its documents, each ≤ 6 statements', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const { offer, tokens } = await ready(ctx(), apiToken, {
      acceptanceMode: 'esignature',
      recipients: [
        { email: 'a@example.com', firstName: 'Anna', lastName: 'Muster' },
        { email: 'b@example.com', firstName: 'Bert', lastName: 'Bauer' },
        { email: 'r@example.com', role: 'read' },
      ],
    });
    const a = tokens['a@example.com']!;
    const b = tokens['b@example.com']!;
    assert.equal((await pub(ctx(), 'POST', a, '/invoice-details', INVOICE_DETAILS)).statusCode, 200);
    const mailsBefore = await emails(ctx());

    const first = await measured(counter, 'first signature', () => sign(ctx(), a, 'Anna Muster'));
    assert.equal(first.response.offer.status, 'signing');
    assert.equal(first.response.recipient.signingStatus, 'signed');
    assert.deepEqual(first.response.actions, { accept: false, sign: false, submitInvoiceDetails: false, decline: false });
    let seller = await getOffer(ctx(), apiToken, offer.id);
    assert.deepEqual(
      seller.recipients.map((r: { signingStatus: string }) => r.signingStatus),
      ['signed', 'pending', 'not_started'],
    );
    assert.ok(seller.recipients[0].signingLog.at(-1).endsWith('signed as "Anna Muster"'));
    assert.equal(await countRows(ctx(), 'offer_document_jobs', offer.id), 0);

    // The same signer again: 409, and nothing written.
    const again = await sign(ctx(), a, 'Anna Muster');
    assert.equal(again.statusCode, 409, again.body);

    const last = await measured(counter, 'completing signature', () => sign(ctx(), b, 'Bert Bauer'));
    assert.equal(last.response.offer.status, 'signed');
    assert.equal(last.response.offer.signed, true);
    assert.match(last.response.documents.signed, /\/signed-document$/);
    assert.match(last.response.documents.auditLog, /\/audit-log$/);

    seller = await getOffer(ctx(), apiToken, offer.id);
    assert.equal(seller.status, 'signed');
    assert.deepEqual(
      seller.recipients.map((r: { signingStatus: string }) => r.signingStatus),
      ['signed', 'signed', 'not_started'],
    );
    assert.equal(seller.subscription.status, 'active');
    assert.equal(seller.subscription.poNumber, 'PO-4711');
    assert.match(seller.signedDocument, /^[0-9a-f-]{36}$/);
    assert.match(seller.auditLogDocument, /^[0-9a-f-]{36}$/);
    assert.deepEqual((await activityTypes(ctx(), apiToken, offer.id)).slice(-5), [
      'offer.invoice_details_captured',
      'recipient.signed',
      'recipient.signed',
      'offer.signing_completed',
      'offer.signed',
    ]);
    assert.deepEqual((await topics(ctx(), offer.id)).slice(-5), [
      'offer.invoice_details_captured',
      'offer.recipient.signed',
      'offer.recipient.signed',
      'offer.accepted',
      'offer.signed',
    ]);
    // The events carry the offer as it was at each step.
    const { rows } = await ctx().db.query<{ topic: string; status: string; signed: boolean; document: string | null }>(
      `SELECT topic, payload->'data'->>'status' AS status, (payload->'data'->>'signed')::boolean AS signed,
              payload->'data'->>'signedDocument' AS document
         FROM outbox WHERE payload->'data'->>'id' = $1 ORDER BY id DESC LIMIT 3`,
      [offer.id],
    );
    assert.deepEqual(
      rows.reverse().map((r) => [r.topic, r.status, r.signed, r.document]),
      [
        ['offer.recipient.signed', 'signing', false, null],
        ['offer.accepted', 'signed', false, null],
        ['offer.signed', 'signed', true, seller.signedDocument],
      ],
    );
    assert.equal(await countRows(ctx(), 'offer_document_jobs', offer.id), 0);
    assert.equal(await countRows(ctx(), 'subscriptions', offer.id), 1);
    assert.equal(await emails(ctx()), mailsBefore);
    const audit = await pub(ctx(), 'GET', b, '/audit-log');
    assert.equal(audit.statusCode, 200);
    assert.equal(audit.headers['content-type'], 'application/pdf');
    assert.equal((await sign(ctx(), b, 'Bert Bauer')).statusCode, 409);
    assert.equal((await topics(ctx(), offer.id)).filter((t) => t === 'offer.signed').length, 1);
  });

  it('e-signature without invoice details: the last signature → awaiting_invoice_details, then the details complete it, each ≤ 6', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const { offer, tokens } = await ready(ctx(), apiToken, {
      acceptanceMode: 'esignature',
      recipients: [
        { email: 'a@example.com', firstName: 'Anna', lastName: 'Muster' },
        { email: 'c@seller.example', firstName: 'Clara', lastName: 'Chef', role: 'countersigner' },
      ],
    });
    const signer = await measured(counter, 'signer before the countersigner', () => sign(ctx(), tokens['a@example.com']!, 'Anna Muster'));
    assert.equal(signer.response.offer.status, 'signing');
    let seller = await getOffer(ctx(), apiToken, offer.id);
    assert.deepEqual(
      seller.recipients.map((r: { signingStatus: string }) => r.signingStatus),
      ['signed', 'pending'],
    );
    assert.ok(seller.recipients[1].signingLog.at(-1).endsWith('asked to countersign'));
    const counter1 = await measured(counter, 'countersignature', () => sign(ctx(), tokens['c@seller.example']!, 'Clara Chef'));
    assert.equal(counter1.response.offer.status, 'awaiting_invoice_details');
    assert.equal(await countRows(ctx(), 'offer_document_jobs', offer.id), 0);
    const details = await measured(counter, 'invoice details completing', () =>
      pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS),
    );
    assert.equal(details.response.offer.status, 'signed');
    seller = await getOffer(ctx(), apiToken, offer.id);
    assert.ok(seller.signedDocument && seller.auditLogDocument && seller.subscription);
    assert.deepEqual((await topics(ctx(), offer.id)).slice(-5), [
      'offer.recipient.signed',
      'offer.recipient.signed',
      'offer.accepted',
      'offer.invoice_details_captured',
      'offer.signed',
    ]);
  });

  it('click acceptance ≤ 6 statements, and the invoice details that complete it', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const { offer, tokens } = await ready(ctx(), apiToken, { recipients: [{ email: 'a@example.com', firstName: 'Anna' }] });
    const token = tokens['a@example.com']!;
    const accepted = await measured(counter, 'click acceptance', () => pub(ctx(), 'POST', token, '/accept', { consent: true }));
    assert.equal(accepted.response.offer.status, 'awaiting_invoice_details');
    assert.deepEqual(accepted.response.actions, { accept: false, sign: false, submitInvoiceDetails: true, decline: false });
    let seller = await getOffer(ctx(), apiToken, offer.id);
    assert.equal(seller.status, 'awaiting_invoice_details');
    assert.ok(seller.recipients[0].signingLog.at(-1).endsWith('accepted'));
    assert.equal((await pub(ctx(), 'POST', token, '/accept', { consent: true })).statusCode, 409);
    const details = await measured(counter, 'invoice details after acceptance', () =>
      pub(ctx(), 'POST', token, '/invoice-details', INVOICE_DETAILS),
    );
    assert.equal(details.response.offer.status, 'signed');
    seller = await getOffer(ctx(), apiToken, offer.id);
    assert.equal(seller.signed, true);
    assert.ok(seller.signedDocument && seller.auditLogDocument);
    assert.deepEqual((await activityTypes(ctx(), apiToken, offer.id)).slice(-3), [
      'offer.accepted',
      'offer.invoice_details_captured',
      'offer.signed',
    ]);
    assert.deepEqual((await topics(ctx(), offer.id)).slice(-3), ['offer.accepted', 'offer.invoice_details_captured', 'offer.signed']);
  });

  it('two last signatures at once complete the offer exactly once', async () => {
    const { apiToken } = await ctx().newOrganisation();
    for (let round = 0; round < 3; round++) {
      const { offer, tokens } = await ready(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
      });
      assert.equal((await pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS)).statusCode, 200);
      const results = await Promise.all([sign(ctx(), tokens['a@example.com']!, 'Anna A'), sign(ctx(), tokens['b@example.com']!, 'Bert B')]);
      assert.deepEqual(
        results.map((r) => r.statusCode),
        [200, 200],
      );
      assert.deepEqual(results.map((r) => json(r).offer.status).sort(), ['signed', 'signing']);
      const seller = await getOffer(ctx(), apiToken, offer.id);
      assert.equal(seller.status, 'signed');
      assert.ok(seller.signedDocument && seller.auditLogDocument);
      const all = await topics(ctx(), offer.id);
      assert.equal(all.filter((t) => t === 'offer.recipient.signed').length, 2);
      assert.equal(all.filter((t) => t === 'offer.accepted').length, 1);
      assert.equal(all.filter((t) => t === 'offer.signed').length, 1);
      assert.equal(await countRows(ctx(), 'subscriptions', offer.id), 1);
      assert.equal(await countRows(ctx(), 'offer_document_jobs', offer.id), 0);
    }
  });
});
