// The offer editor: create (from scratch and from a template), edit, add and remove line items and
// recipients without JavaScript, refusals shown as typed (422) with nothing changed, the roles that
// may not write, another organisation's offer or template (404), a missing CSRF token (403), and the
// preview rendering the recipient page's own line items and totals.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { createOffer, getOffer, publish } from '../offers/support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail, signedInOrganisation } from './support.js';

const line = (i: number, fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`lineItems[${i}].${k}`, v]));

const hosting = line(0, {
  name: 'Hosting',
  description: 'Managed',
  quantity: '2',
  unitPrice: '49.99',
  taxRate: '19',
  discount: '',
  interval: '1M',
  priceType: 'per_unit',
});

describeEachEngine('console offer editor', (ctx) => {
  let org: string;
  let token: string;
  let cookie: string;
  let csrf: string;
  let otherOfferId: string;
  let otherTemplateId: string;
  before(async () => {
    ({ org, token, cookie, csrf } = await signedInOrganisation(ctx(), 'Editor AG'));
    const other = await ctx().newOrganisation('Other Editor AG');
    otherOfferId = (await createOffer(ctx(), other.apiToken)).id;
    const tpl = await ctx().app.inject({
      method: 'POST',
      url: '/offer-templates',
      headers: bearer(other.apiToken),
      payload: { name: 'Foreign' },
    });
    assert.equal(tpl.statusCode, 201, tpl.body);
    otherTemplateId = json(tpl).id;
  });
  const get = (url: string, c = cookie) => ctx().app.inject({ method: 'GET', url, headers: { cookie: c } });
  const send = (url: string, fields: Record<string, string>, c = cookie) => post(ctx().app, url, { _csrf: csrf, ...fields }, c);
  const offerCount = async () =>
    (await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM offers WHERE organisation_id = $1', [org])).rows[0]!.n;

  it('creates an offer with a line item and a recipient through the create use case', async () => {
    const page = await get('/app/offers/new');
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /name="lineItems\[0\]\.name"/);
    assert.match(page.body, /value="add-line"/);
    const res = await send('/app/offers/new', {
      name: 'Console offer',
      validUntil: '2099-12-31',
      acceptanceMode: 'esignature',
      dealType: 'renewal',
      currency: 'EUR',
      'sections[0]': 'Dear customer,\r\nhere is our offer.',
      ...hosting,
      'recipients[0].firstName': 'Bea',
      'recipients[0].lastName': 'Buyer',
      'recipients[0].email': 'bea@example.com',
      'recipients[0].role': 'sign',
      _op: 'save',
    });
    assert.equal(res.statusCode, 303, res.body);
    const id = /^\/app\/offers\/([^?]+)\?done=saved$/.exec(String(res.headers.location))![1]!;
    const offer = await getOffer(ctx(), token, id);
    assert.equal(offer.name, 'Console offer');
    assert.equal(offer.acceptanceMode, 'esignature');
    assert.equal(offer.dealType, 'renewal');
    assert.equal(offer.validUntil.slice(0, 10), '2099-12-31');
    assert.deepEqual(offer.sections, ['Dear customer,\nhere is our offer.']);
    assert.equal(offer.lineItems.length, 1);
    assert.deepEqual(
      { ...offer.lineItems[0] },
      {
        name: 'Hosting',
        description: 'Managed',
        quantity: 2,
        unitAmountCents: 4999,
        currency: 'EUR',
        interval: '1M',
        priceType: 'per_unit',
        taxRate: 19,
      },
    );
    assert.deepEqual(
      offer.recipients.map((r: { email: string; role: string; firstName: string }) => [r.email, r.role, r.firstName]),
      [['bea@example.com', 'sign', 'Bea']],
    );
    const detail = await get(`/app/offers/${id}?done=saved`);
    assert.match(detail.body, /The offer is saved\./);
    assert.match(detail.body, new RegExp(`href="/app/offers/${id}/edit"`));
    assert.match(detail.body, new RegExp(`href="/app/offers/${id}/preview"`));
  });

  it('adds and removes line and recipient rows without saving, keeping every value typed', async () => {
    const before = await offerCount();
    const typed = {
      name: 'Draft kept',
      currency: 'EUR',
      ...hosting,
      'recipients[0].email': 'keep@example.com',
      'recipients[0].role': 'read',
    };
    const added = await send('/app/offers/new', { ...typed, _op: 'add-line' });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, /name="lineItems\[1\]\.name"/);
    assert.match(added.body, /value="Draft kept"/);
    assert.match(added.body, /name="lineItems\[0\]\.unitPrice" value="49.99"/);
    assert.match(added.body, /value="keep@example.com"/);
    const removed = await send('/app/offers/new', { ...typed, ...line(1, { name: 'Second' }), _op: 'remove-line:0' });
    assert.doesNotMatch(removed.body, /value="Hosting"/);
    assert.match(removed.body, /name="lineItems\[0\]\.name" value="Second"/);
    const plusRecipient = await send('/app/offers/new', { ...typed, _op: 'add-recipient' });
    assert.match(plusRecipient.body, /name="recipients\[1\]\.email"/);
    const minusRecipient = await send('/app/offers/new', { ...typed, _op: 'remove-recipient:0' });
    assert.doesNotMatch(minusRecipient.body, /keep@example.com/);
    assert.equal(await offerCount(), before, 'no row button saves anything');
  });

  it('shows refusals next to the fields, keeps the values and changes nothing (422)', async () => {
    const before = await offerCount();
    const bad = await send('/app/offers/new', {
      name: 'Refused offer',
      currency: 'EUR',
      ...line(0, { name: 'Consulting', quantity: 'two', unitPrice: 'lots', priceType: 'per_unit' }),
      _op: 'save',
    });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.match(bad.body, /role="alert"/);
    assert.match(bad.body, /value="Refused offer"/);
    assert.match(bad.body, /name="lineItems\[0\]\.quantity" aria-invalid="true"[^>]*value="two"/);
    assert.match(bad.body, /name="lineItems\[0\]\.unitPrice" aria-invalid="true"[^>]*value="lots"/);
    // The use case's own rule (one currency per offer) and the schema's (a recipient's e-mail).
    const schema = await send('/app/offers/new', {
      currency: 'EURO',
      ...line(0, { name: 'Consulting', quantity: '1', unitPrice: '10', priceType: 'per_unit' }),
      'recipients[0].email': 'not-an-address',
      'recipients[0].role': 'sign',
      _op: 'save',
    });
    assert.equal(schema.statusCode, 422);
    assert.match(schema.body, /name="currency" aria-invalid="true"/);
    assert.match(schema.body, /name="recipients\[0\]\.email" aria-invalid="true"[^>]*value="not-an-address"/);
    const tax = await send('/app/offers/new', {
      currency: 'EUR',
      ...line(0, { name: 'X', quantity: '1', unitPrice: '1', taxRate: '19.123', priceType: 'per_unit' }),
      _op: 'save',
    });
    assert.equal(tax.statusCode, 422, 'percentages with three decimals are refused by the use case');
    assert.match(tax.body, /name="lineItems\[0\]\.taxRate" aria-invalid="true"/);
    assert.equal(await offerCount(), before);
  });

  it('applies the content cap of the API (256 KB) to the form', async () => {
    const before = await offerCount();
    const sections = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`sections[${i}]`, 'x'.repeat(19_900)]));
    const res = await send('/app/offers/new', { name: 'Too big', currency: 'EUR', ...sections, _op: 'save' });
    assert.equal(res.statusCode, 422, res.body.slice(0, 300));
    assert.match(res.body, /at most 256 KB/);
    assert.equal(await offerCount(), before);
  });

  it('edits an open offer through the update use case, adds and removes recipients, and refuses once it is signing', async () => {
    const offer = await createOffer(ctx(), token, {
      name: 'To edit',
      acceptanceMode: 'esignature',
      validUntil: '2099-06-30T00:00:00+00:00',
      lineItems: [{ name: 'Setup', quantity: 1, unitAmountCents: 10000, currency: 'EUR', interval: null, priceType: 'flat_fee' }],
    });
    const form = await get(`/app/offers/${offer.id}/edit`);
    assert.equal(form.statusCode, 200, form.body);
    assert.match(form.body, /name="lineItems\[0\]\.unitPrice" value="100.00"/);
    assert.match(form.body, /name="validUntil" value="2099-06-30"/);
    const saved = await send(`/app/offers/${offer.id}/edit`, {
      name: 'Edited',
      validUntil: '2099-06-30',
      acceptanceMode: 'esignature',
      dealType: 'expansion',
      currency: 'EUR',
      ...line(0, { name: 'Setup', quantity: '1', unitPrice: '100.00', taxRate: '19', priceType: 'flat_fee' }),
      ...line(1, { name: 'Training', quantity: '3', unitPrice: '1.250,50', discount: '10', priceType: 'per_unit' }),
      _op: 'save',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    let after = await getOffer(ctx(), token, offer.id);
    assert.equal(after.name, 'Edited');
    assert.equal(after.dealType, 'expansion');
    assert.equal(after.validUntil, offer.validUntil, 'an unchanged date keeps its exact time');
    assert.deepEqual(
      after.lineItems.map((l: { name: string; unitAmountCents: number; discountPercent?: number }) => [
        l.name,
        l.unitAmountCents,
        l.discountPercent,
      ]),
      [
        ['Setup', 10000, undefined],
        ['Training', 125050, 10],
      ],
    );
    const invalid = await send(`/app/offers/${offer.id}/edit`, {
      name: '',
      currency: 'EUR',
      acceptanceMode: 'esignature',
      dealType: 'expansion',
      _op: 'save',
    });
    assert.equal(invalid.statusCode, 422);
    assert.equal((await getOffer(ctx(), token, offer.id)).name, 'Edited', 'nothing changed');

    const added = await send(`/app/offers/${offer.id}/recipients`, {
      'recipients[0].email': 'sam@example.com',
      'recipients[0].firstName': 'Sam',
      'recipients[0].role': 'sign',
    });
    assert.equal(added.statusCode, 303, added.body);
    const twice = await send(`/app/offers/${offer.id}/recipients`, {
      'recipients[0].email': 'sam@example.com',
      'recipients[0].role': 'sign',
    });
    assert.equal(twice.statusCode, 422, 'the use case refuses the same address twice');
    assert.match(twice.body, /value="sam@example.com"/);
    after = await getOffer(ctx(), token, offer.id);
    assert.equal(after.recipients.length, 1);
    const recipientId = after.recipients[0].id;
    const editPage = await get(`/app/offers/${offer.id}/edit`);
    assert.match(editPage.body, new RegExp(`action="/app/offers/${offer.id}/recipients/${recipientId}/remove"`));
    const removed = await send(`/app/offers/${offer.id}/recipients/${recipientId}/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.equal((await getOffer(ctx(), token, offer.id)).recipients.length, 0);

    await send(`/app/offers/${offer.id}/recipients`, { 'recipients[0].email': 'sam@example.com', 'recipients[0].role': 'sign' });
    assert.equal((await publish(ctx(), token, offer.id)).statusCode, 200);
    const locked = await get(`/app/offers/${offer.id}/edit`);
    assert.equal(locked.statusCode, 409);
    assert.match(locked.body, /cannot be edited now/);
    assert.doesNotMatch((await get(`/app/offers/${offer.id}`)).body, /\/edit"/, 'no Edit link while signing');
    const refused = await send(`/app/offers/${offer.id}/edit`, {
      name: 'Sneaky',
      currency: 'EUR',
      acceptanceMode: 'click',
      dealType: 'renewal',
      _op: 'save',
    });
    assert.equal(refused.statusCode, 409);
    assert.equal((await getOffer(ctx(), token, offer.id)).name, 'Edited');
  });

  it('writes an offer from a template through the from-template use case', async () => {
    const tpl = await ctx().app.inject({
      method: 'POST',
      url: '/offer-templates',
      headers: bearer(token),
      payload: {
        name: 'Standard',
        title: 'Standard package',
        validForDays: 30,
        sections: ['From the template'],
        customVariables: { product: 'Widget' },
        lineItems: [{ name: 'License', quantity: 5, unitAmountCents: 2000, currency: 'EUR', interval: '1Y', priceType: 'per_unit' }],
      },
    });
    assert.equal(tpl.statusCode, 201, tpl.body);
    const templateId = json(tpl).id;
    const page = await get(`/app/offers/new?template=${templateId}`);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /value="Standard package"/);
    assert.match(page.body, /name="lineItems\[0\]\.name" value="License"/);
    assert.match(page.body, /name="sections\[0\]"[^>]*>From the template</);
    assert.match(page.body, new RegExp(`name="offerTemplateId" value="${templateId}"`));
    assert.match(page.body, /name="customVariables\[0\]\.key" value="product"/);
    const res = await send('/app/offers/new', {
      'customVariables[0].key': 'product',
      'customVariables[0].value': 'Widget',
      offerTemplateId: templateId,
      name: 'Standard package',
      acceptanceMode: 'click',
      dealType: 'new_business',
      currency: 'EUR',
      'sections[0]': 'From the template',
      ...line(0, { name: 'License', quantity: '6', unitPrice: '20.00', interval: '1Y', priceType: 'per_unit' }),
      _op: 'save',
    });
    assert.equal(res.statusCode, 303, res.body);
    const id = /^\/app\/offers\/([^?]+)/.exec(String(res.headers.location))![1]!;
    const offer = await getOffer(ctx(), token, id);
    assert.equal(offer.lineItems[0].quantity, 6);
    assert.deepEqual(offer.customVariables, { product: 'Widget' }, 'the template’s variables, as the form showed them');
    const activities = json(await ctx().app.inject({ method: 'GET', url: `/api/offers/${id}/activities`, headers: bearer(token) }));
    assert.equal(activities.data[0].data.offerTemplateId, templateId);
    assert.equal((await get(`/app/offers/new?template=${otherTemplateId}`)).statusCode, 404);
    assert.equal((await get('/app/offers/new?template=not-a-uuid')).statusCode, 404);
  });

  it('previews exactly the line items and totals the recipient page shows after publishing', async () => {
    const offer = await createOffer(ctx(), token, {
      name: 'Previewed',
      sections: ['Hello {{who}}'],
      blocks: [
        { type: 'heading', text: 'For {{who}}' },
        { type: 'text', text: 'Terms for {{who}}' },
      ],
      customVariables: { who: 'Bea' },
      customer: { companyName: 'Bea GmbH' },
      locale: 'en',
      recipients: [{ email: 'pre@example.com', firstName: 'Pia', lastName: 'Preview', role: 'sign' }],
      lineItems: [
        {
          name: 'Hosting',
          quantity: 2,
          unitAmountCents: 4999,
          currency: 'EUR',
          interval: '1M',
          priceType: 'per_unit',
          discountPercent: 10,
        },
        { name: 'Setup', quantity: 1, unitAmountCents: 50000, currency: 'EUR', interval: null, priceType: 'flat_fee', taxRate: 7 },
      ],
    });
    const preview = await get(`/app/offers/${offer.id}/preview`);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.match(preview.body, /id="preview-banner"/);
    assert.match(preview.body, /Preview — not sent/);
    assert.match(preview.body, /Hello Bea/);
    assert.doesNotMatch(preview.body, /<form/, 'nothing to accept or decline');
    assert.doesNotMatch(preview.body, /\/o\/preview\//);
    const csp = String(preview.headers['content-security-policy']);
    const nonce = /nonce-([^']+)'/.exec(csp)![1]!;
    assert.match(preview.body, new RegExp(`<style nonce="${nonce.replace(/[+/=]/g, '\\$&')}">`));
    assert.equal((await getOffer(ctx(), token, offer.id)).status, 'open', 'a preview changes nothing');

    assert.equal((await publish(ctx(), token, offer.id)).statusCode, 200);
    const link = new URL((await getOffer(ctx(), token, offer.id)).recipients[0].link);
    const real = await ctx().app.inject({ method: 'GET', url: link.pathname });
    assert.equal(real.statusCode, 200, real.body);
    const part = (html: string) => {
      const items = /<table class="items" id="line-items">[\s\S]*?<\/table>/.exec(html)?.[0];
      const totals = html.match(/<table class="totals"[\s\S]*?<\/table>/g);
      assert.ok(items && totals, 'line items and totals are on the page');
      return { items, totals };
    };
    assert.deepEqual(part(preview.body), part(real.body));
    assert.match(part(real.body).items, /Hosting/);
    const texts = (html: string) => /<p>Hello Bea<\/p>[\s\S]*?<p>Terms for Bea<\/p>/.exec(html)?.[0];
    assert.ok(texts(real.body), 'blocks and variables on the recipient page');
    assert.equal(texts(preview.body), texts(real.body));
    assert.match(preview.body, /<html lang="en"/, 'the preview speaks the offer’s locale');
  });

  it('refuses viewers and approvers (403), another organisation’s offer (404) and a post without CSRF token (403)', async () => {
    const offer = await createOffer(ctx(), token, { name: 'Guarded' });
    for (const role of ['viewer', 'approver']) {
      const email = uniqueEmail(role);
      await addUser(ctx(), org, { email, role });
      const c = (await signIn(ctx().app, email)).cookie;
      const token_ = await csrfOf(ctx().app, c);
      assert.equal((await get('/app/offers/new', c)).statusCode, 403);
      assert.equal((await get(`/app/offers/${offer.id}/edit`, c)).statusCode, 403);
      assert.equal((await post(ctx().app, '/app/offers/new', { _csrf: token_, name: 'No', _op: 'save' }, c)).statusCode, 403);
      assert.equal((await post(ctx().app, `/app/offers/${offer.id}/edit`, { _csrf: token_, name: 'No', _op: 'save' }, c)).statusCode, 403);
      assert.equal((await get(`/app/offers/${offer.id}/preview`, c)).statusCode, 200, 'readers may preview');
      assert.doesNotMatch((await get('/app/offers', c)).body, /href="\/app\/offers\/new"/);
    }
    assert.equal((await get(`/app/offers/${otherOfferId}/edit`)).statusCode, 404);
    assert.equal((await get(`/app/offers/${otherOfferId}/preview`)).statusCode, 404);
    assert.equal((await send(`/app/offers/${otherOfferId}/edit`, { name: 'Mine', _op: 'save' })).statusCode, 404);
    assert.equal((await send(`/app/offers/${otherOfferId}/recipients`, { 'recipients[0].email': 'x@example.com' })).statusCode, 404);
    const before = await offerCount();
    const noCsrf = await post(ctx().app, '/app/offers/new', { name: 'No token', currency: 'EUR', _op: 'save' }, cookie);
    assert.equal(noCsrf.statusCode, 403);
    const noCsrfEdit = await post(ctx().app, `/app/offers/${offer.id}/edit`, { name: 'No token', _op: 'save' }, cookie);
    assert.equal(noCsrfEdit.statusCode, 403);
    assert.equal(await offerCount(), before);
    assert.equal((await getOffer(ctx(), token, offer.id)).name, 'Guarded');
    assert.match((await get('/app/offers')).body, /href="\/app\/offers\/new"/);
  });
});
