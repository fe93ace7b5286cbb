// The editor writes every field of an offer: blocks (added, moved, removed without JavaScript; a kind
// it does not edit kept as stored), custom variables, customer and contact person (clearable), the
// locale (the preview speaks it). A refusal stands next to its own field. Saving an offer written
// through the API unchanged writes nothing: same version hash, no activity, the approval still waiting.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { organisationWithPolicy } from '../offers/approval-support.js';
import { createOffer, getOffer, publish } from '../offers/support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

const unescapeHtml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
const attr = (tag: string, name: string) => /\s/.test(tag) && new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Every field of the editor form as a browser would post it (no button). */
function formFields(html: string): Record<string, string> {
  const form = /<form class="card editor"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (name) fields[unescapeHtml(name)] = unescapeHtml(attr(tag, 'value') || '');
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g))
    fields[unescapeHtml(attr(m[1]!, 'name') || '')] = unescapeHtml(m[2]!);
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? '';
    fields[unescapeHtml(attr(m[1]!, 'name') || '')] = unescapeHtml(selected);
  }
  return fields;
}

const errorOf = (html: string, field: string) =>
  new RegExp(`id="f-${field.replace(/[^A-Za-z0-9]+/g, '-')}-error">([^<]*)<`).exec(html)?.[1] ?? null;

describeEachEngine('console offer editor: blocks, variables, parties, locale', (ctx) => {
  let token: string;
  let cookie: string;
  let csrf: string;
  let orgId: string;
  let lead: string;
  before(async () => {
    const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Lead', approvers: ['Lead'] }] });
    orgId = org.organisationId;
    token = org.rep;
    lead = org.tokens.Lead!.token;
    const email = uniqueEmail('content');
    await addUser(ctx(), orgId, { email, role: 'seller' });
    cookie = (await signIn(ctx().app, email)).cookie;
    csrf = await csrfOf(ctx().app, cookie);
  });
  const get = (url: string) => ctx().app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (url: string, fields: Record<string, string>) => post(ctx().app, url, { _csrf: csrf, ...fields }, cookie);
  const activities = async (id: string) =>
    json(await ctx().app.inject({ method: 'GET', url: `/api/offers/${id}/activities`, headers: bearer(token) })).data.length as number;

  it('adds, moves and removes blocks and variables without saving, then writes them with the customer, contact and locale', async () => {
    const start = formFields((await get('/app/offers/new')).body);
    assert.equal(start.locale, 'de');
    let page = await send('/app/offers/new', { ...start, name: 'Blocks', _op: 'add-heading' });
    assert.equal(page.statusCode, 200);
    page = await send('/app/offers/new', { ...formFields(page.body), 'blocks[0].text': 'Scope', _op: 'add-text' });
    page = await send('/app/offers/new', { ...formFields(page.body), 'blocks[1].text': 'We build {{thing}}.', _op: 'add-variable' });
    assert.match(page.body, /name="blocks\[1\]\.text"[^>]*>We build \{\{thing\}\}\.</, 'typed text kept');
    assert.match(page.body, /value="up-block:1"/);
    assert.doesNotMatch(page.body, /value="up-block:0"/, 'the first block cannot move up');
    // Move the text above the heading, and back down.
    page = await send('/app/offers/new', { ...formFields(page.body), _op: 'up-block:1' });
    let fields = formFields(page.body);
    assert.deepEqual(
      [fields['blocks[0].type'], fields['blocks[0].text'], fields['blocks[1].type']],
      ['text', 'We build {{thing}}.', 'heading'],
    );
    page = await send('/app/offers/new', { ...fields, _op: 'down-block:0' });
    page = await send('/app/offers/new', { ...formFields(page.body), _op: 'add-heading' });
    page = await send('/app/offers/new', { ...formFields(page.body), _op: 'remove-block:2' });
    fields = formFields(page.body);
    assert.equal(fields['blocks[2].type'], undefined);
    const res = await send('/app/offers/new', {
      ...fields,
      'customVariables[0].key': 'thing',
      'customVariables[0].value': 'a shop',
      'customer.companyName': 'Kunde GmbH',
      'customer.firstName': 'Kai',
      'customer.customerNumber': 'K-100',
      'contactPerson.firstName': 'Sam',
      'contactPerson.lastName': 'Seller',
      'contactPerson.email': 'sam@example.com',
      'contactPerson.phone': '+49 30 1',
      locale: 'en',
      _op: 'save',
    });
    assert.equal(res.statusCode, 303, res.body);
    const id = /^\/app\/offers\/([^?]+)/.exec(String(res.headers.location))![1]!;
    const offer = await getOffer(ctx(), token, id);
    assert.deepEqual(offer.blocks, [
      { type: 'heading', text: 'Scope' },
      { type: 'text', text: 'We build {{thing}}.' },
    ]);
    assert.deepEqual(offer.customVariables, { thing: 'a shop' });
    assert.equal(offer.locale, 'en');
    assert.deepEqual(
      [offer.customer.companyName, offer.customer.firstName, offer.customer.lastName, offer.customer.customerNumber],
      ['Kunde GmbH', 'Kai', null, 'K-100'],
    );
    assert.deepEqual(
      [offer.contactPerson.email, offer.contactPerson.phone, offer.contactPerson.position],
      ['sam@example.com', '+49 30 1', null],
    );

    // Cleared: every field of a party empty is null.
    const edit = formFields((await get(`/app/offers/${id}/edit`)).body);
    assert.equal(edit['customer.companyName'], 'Kunde GmbH');
    assert.equal(edit.locale, 'en');
    const cleared = Object.fromEntries(
      Object.entries(edit).map(([k, v]) => [k, k.startsWith('customer.') || k.startsWith('contactPerson.') ? '' : v]),
    );
    assert.equal((await send(`/app/offers/${id}/edit`, { ...cleared, _op: 'save' })).statusCode, 303);
    const after = await getOffer(ctx(), token, id);
    assert.equal(after.customer, null);
    assert.equal(after.contactPerson, null);
    assert.deepEqual(after.blocks, offer.blocks);
  });

  it('puts each refusal next to its own field (422) and changes nothing', async () => {
    const offer = await createOffer(ctx(), token, { name: 'Refused' });
    const base = formFields((await get(`/app/offers/${offer.id}/edit`)).body);
    const cases: [Record<string, string>, string, RegExp, string?][] = [
      [{ 'blocks[0].type': 'x'.repeat(101), 'blocks[0].text': 'Scope' }, 'blocks[0].type', /100 characters/],
      [
        { 'blocks[0].type': 'image', 'blocks[0].kept': `${'{"a":'.repeat(40)}1${'}'.repeat(40)}` },
        'blocks[0].text',
        /not a JSON object/,
        'blocks[0].kept',
      ],
      [{ 'customVariables[0].key': 'no spaces', 'customVariables[0].value': 'v' }, 'customVariables[0].key', /letters, digits/],
      [{ 'customVariables[0].key': 'long', 'customVariables[0].value': 'v'.repeat(2001) }, 'customVariables[0].value', /2000/],
      [{ 'customer.firstName': 'K' }, 'customer.firstName', /2 characters/],
      [{ 'contactPerson.firstName': 'Sam', 'contactPerson.email': 'not-an-email' }, 'contactPerson.email', /e-?mail/i],
      [{ locale: 'english' }, 'locale', /pattern|match/i],
    ];
    for (const [fields, field, message, shown = field] of cases) {
      const res = await send(`/app/offers/${offer.id}/edit`, { ...base, ...fields, _op: 'save' });
      assert.equal(res.statusCode, 422, `${field}: ${res.body.slice(0, 200)}`);
      const text = errorOf(res.body, field);
      assert.ok(text, `${field}: the message stands next to the field`);
      assert.match(text, message, field);
      assert.match(res.body, new RegExp(`name="${shown.replace(/[[\].]/g, '\\$&')}"`), `${field}: the value is shown again`);
    }
    const after = await getOffer(ctx(), token, offer.id);
    assert.equal(after.currentVersionHash, offer.currentVersionHash, 'nothing changed');
  });

  it('keeps a block kind it does not edit as stored, movable and removable', async () => {
    const image = { type: 'image', url: 'https://example.com/a.png', caption: 'A' };
    const offer = await createOffer(ctx(), token, {
      name: 'Kept',
      blocks: [image, { type: 'text', text: 'Body' }, { type: 'heading', text: 'With extra', level: 2 }],
    });
    const page = await get(`/app/offers/${offer.id}/edit`);
    assert.match(page.body, /Kept as stored/);
    const fields = formFields(page.body);
    assert.deepEqual(JSON.parse(fields['blocks[0].kept']!), image);
    assert.deepEqual(
      JSON.parse(fields['blocks[2].kept']!),
      { type: 'heading', text: 'With extra', level: 2 },
      'a heading with more than a text is kept too',
    );
    const moved = await send(`/app/offers/${offer.id}/edit`, { ...fields, _op: 'down-block:0' });
    const res = await send(`/app/offers/${offer.id}/edit`, { ...formFields(moved.body), 'blocks[0].text': 'Body!', _op: 'save' });
    assert.equal(res.statusCode, 303, res.body);
    assert.deepEqual((await getOffer(ctx(), token, offer.id)).blocks, [
      { type: 'text', text: 'Body!' },
      image,
      { type: 'heading', text: 'With extra', level: 2 },
    ]);
  });

  it('saving an API-written offer unchanged writes nothing: same hash, no activity, the approval still waiting', async () => {
    const offer = await createOffer(ctx(), token, {
      name: 'Everything',
      sections: ['Hello {{who}}'],
      blocks: [
        { type: 'heading', text: 'Scope' },
        { type: 'text', text: 'Body' },
        { type: 'quote', content: 'Kept' },
      ],
      customVariables: { who: 'Bea' },
      locale: 'en-GB',
      acceptanceMode: 'esignature',
      dealType: 'renewal',
      validUntil: '2099-06-30T12:00:00Z',
      customer: { companyName: 'Kunde GmbH', firstName: 'Kai', currencyCode: 'USD', timeZone: 'Europe/Vienna', datevId: 'D-1' },
      contactPerson: { firstName: 'Sam', lastName: 'Seller', email: 'sam@example.com', position: 'Sales' },
      recipients: [{ email: 'bea@example.com', role: 'sign' }],
      lineItems: [
        { name: 'Hosting', quantity: 2, unitAmountCents: 4999, currency: 'EUR', interval: '1M', priceType: 'per_unit' },
        {
          name: 'Setup',
          description: 'Once',
          quantity: 1,
          unitAmountCents: 50000,
          currency: 'EUR',
          interval: null,
          priceType: 'flat_fee',
          taxRate: 7,
          discountPercent: 10,
        },
      ],
    });
    const published = await publish(ctx(), token, offer.id);
    assert.equal(json(published).outcome, 'PENDING_APPROVAL', published.body);
    const before = await getOffer(ctx(), token, offer.id);
    const count = await activities(offer.id);
    const page = await get(`/app/offers/${offer.id}/edit`);
    assert.equal(page.statusCode, 200, page.body);
    const res = await send(`/app/offers/${offer.id}/edit`, { ...formFields(page.body), _op: 'save' });
    assert.equal(res.statusCode, 303, res.body);
    const after = await getOffer(ctx(), token, offer.id);
    assert.equal(after.currentVersionHash, before.currentVersionHash);
    assert.equal(after.updatedAt, before.updatedAt);
    assert.equal(await activities(offer.id), count, 'no activity');
    const approval = json(await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}/approval`, headers: bearer(lead) }));
    assert.equal(approval.versionApprovalStatus, 'pending');
  });

  it('previews blocks, variables, customer and locale exactly as the recipient page shows them after publishing', async () => {
    const offer = await createOffer(ctx(), token, { name: 'Preview me', recipients: [{ email: 'pre@example.com', role: 'sign' }] });
    const fields = formFields((await get(`/app/offers/${offer.id}/edit`)).body);
    const res = await send(`/app/offers/${offer.id}/edit`, {
      ...fields,
      'blocks[0].type': 'heading',
      'blocks[0].text': 'For {{who}}',
      'blocks[1].type': 'text',
      'blocks[1].text': 'Dear {{who}}, here it is.',
      'customVariables[0].key': 'who',
      'customVariables[0].value': 'Kunde GmbH',
      'customer.companyName': 'Kunde GmbH',
      'lineItems[0].name': 'Setup',
      'lineItems[0].quantity': '1',
      'lineItems[0].unitPrice': '1250.00',
      'lineItems[0].priceType': 'flat_fee',
      locale: 'en',
      _op: 'save',
    });
    assert.equal(res.statusCode, 303, res.body);
    const preview = await get(`/app/offers/${offer.id}/preview`);
    assert.match(preview.body, /<html lang="en"/);
    assert.match(preview.body, /<h2>For Kunde GmbH<\/h2>/);
    assert.match(preview.body, /<p>Dear Kunde GmbH, here it is\.<\/p>/);
    assert.match(preview.body, /€1,250\.00/, 'amounts in the English format');
    // The organisation's approval policy holds the publish; the lead approves, and the page goes live.
    assert.equal(json(await publish(ctx(), token, offer.id)).outcome, 'PENDING_APPROVAL');
    const approved = await ctx().app.inject({ method: 'POST', url: `/api/offers/${offer.id}/approval/approve`, headers: bearer(lead) });
    assert.equal(approved.statusCode, 200, approved.body);
    const link = new URL((await getOffer(ctx(), token, offer.id)).recipients[0].link);
    const real = await ctx().app.inject({ method: 'GET', url: link.pathname });
    assert.equal(real.statusCode, 200, real.body);
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
    const strip = (html: string) =>
      main(html)
        .replace(/<div class="notice[\s\S]*?<\/div>/g, '')
        .replace(/<form[\s\S]*?<\/form>/g, '');
    const text = (html: string) => /<h2>For[\s\S]*?<\/p>/.exec(strip(html))?.[0];
    assert.ok(text(preview.body));
    assert.equal(text(preview.body), text(real.body));
    assert.match(real.body, /<html lang="en"/);
  });
});
