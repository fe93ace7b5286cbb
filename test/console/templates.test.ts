// The templates screen: list, create, edit (rows added and removed without JavaScript), delete,
// "new offer from this template"; refusals as typed (422); readers see templates but cannot write
// them; another organisation's template is not there (404).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { addUser, csrfOf, form, post, signIn, uniqueEmail, signedInOrganisation } from './support.js';

describeEachEngine('console templates', (ctx) => {
  let org: string;
  let token: string;
  let cookie: string;
  let csrf: string;
  let otherTemplateId: string;
  before(async () => {
    ({ org, token, cookie, csrf } = await signedInOrganisation(ctx(), 'Templates AG'));
    const other = await ctx().newOrganisation('Other Templates AG');
    const tpl = await ctx().app.inject({
      method: 'POST',
      url: '/offer-templates',
      headers: bearer(other.apiToken),
      payload: { name: 'Foreign' },
    });
    otherTemplateId = json(tpl).id;
  });
  const get = (url: string, c = cookie) => ctx().app.inject({ method: 'GET', url, headers: { cookie: c } });
  const send = (url: string, fields: Record<string, string>, c = cookie) => post(ctx().app, url, { _csrf: csrf, ...fields }, c);
  const apiTemplate = async (id: string) => ctx().app.inject({ method: 'GET', url: `/offer-templates/${id}`, headers: bearer(token) });
  const count = async () =>
    (await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM offer_templates WHERE organisation_id = $1', [org])).rows[0]!.n;

  it('replaces the placeholder: an empty list with a button to make one', async () => {
    const page = await get('/app/templates');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No template yet\./);
    assert.match(page.body, /href="\/app\/templates\/new"/);
    assert.doesNotMatch(page.body, /not built yet/);
  });

  it('creates, lists, edits and deletes a template through the template use cases', async () => {
    const fields = {
      name: 'Starter',
      title: 'Starter package',
      validForDays: '14',
      acceptanceMode: 'click',
      dealType: 'new_business',
      currency: 'EUR',
      'sections[0]': 'Welcome',
      'lineItems[0].name': 'Seat',
      'lineItems[0].quantity': '3',
      'lineItems[0].unitPrice': '12,50',
      'lineItems[0].priceType': 'per_unit',
      'lineItems[0].interval': '1M',
      'blocks[0].type': 'heading',
      'blocks[0].text': 'Scope for {{client}}',
      'customVariables[0].key': 'client',
      'customVariables[0].value': 'you',
      locale: 'en',
    };
    const added = await send('/app/templates/new', { ...fields, _op: 'add-line' });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, /name="lineItems\[1\]\.name"/);
    assert.equal(await count(), 0, 'a row button saves nothing');
    const created = await send('/app/templates/new', { ...fields, _op: 'save' });
    assert.equal(created.statusCode, 303, created.body);
    const id = /^\/app\/templates\/([^?]+)\?done=saved$/.exec(String(created.headers.location))![1]!;
    const stored = json(await apiTemplate(id));
    assert.equal(stored.title, 'Starter package');
    assert.equal(stored.validForDays, 14);
    assert.deepEqual(stored.sections, ['Welcome']);
    assert.equal(stored.lineItems[0].unitAmountCents, 1250);
    assert.equal(stored.lineItems[0].taxRate, null, 'no tax rate: an offer takes the default of its day');
    assert.deepEqual(stored.blocks, [{ type: 'heading', text: 'Scope for {{client}}' }]);
    assert.deepEqual(stored.customVariables, { client: 'you' });
    assert.equal(stored.locale, 'en');

    const list = await get('/app/templates');
    assert.match(list.body, new RegExp(`href="/app/templates/${id}"`));
    assert.match(list.body, new RegExp(`href="/app/offers/new\\?template=${id}"`));
    const form = await get(`/app/templates/${id}?done=saved`);
    assert.match(form.body, /The template is saved\./);
    assert.match(form.body, /name="lineItems\[0\]\.unitPrice" value="12.50"/);
    assert.match(form.body, new RegExp(`action="/app/templates/${id}/delete"`));
    assert.match(form.body, /name="customVariables\[0\]\.key" value="client"/);
    assert.doesNotMatch(form.body, /name="customer\./, 'a template has no customer');

    const edited = await send(`/app/templates/${id}`, {
      ...fields,
      name: 'Starter v2',
      validForDays: '',
      'lineItems[0].quantity': '4',
      'blocks[1].type': 'text',
      'blocks[1].text': 'Details',
      _op: 'save',
    });
    assert.equal(edited.statusCode, 303, edited.body);
    const after = json(await apiTemplate(id));
    assert.equal(after.name, 'Starter v2');
    assert.equal(after.validForDays, null);
    assert.equal(after.lineItems[0].quantity, 4);
    assert.deepEqual(
      after.blocks.map((b: { type: string }) => b.type),
      ['heading', 'text'],
    );

    const removed = await send(`/app/templates/${id}/delete`, {});
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, '/app/templates?done=deleted');
    assert.equal((await apiTemplate(id)).statusCode, 404);
  });

  it('shows refusals next to the fields, keeps the values and changes nothing (422)', async () => {
    const before = await count();
    const bad = await send('/app/templates/new', {
      name: '',
      title: 'Kept title',
      validForDays: 'soon',
      currency: 'EUR',
      acceptanceMode: 'click',
      dealType: 'new_business',
      'lineItems[0].name': 'Seat',
      'lineItems[0].quantity': '1',
      'lineItems[0].unitPrice': '1',
      'lineItems[0].priceType': 'per_unit',
      _op: 'save',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /name="validForDays" aria-invalid="true"[^>]*value="soon"/);
    assert.match(bad.body, /value="Kept title"/);
    const schema = await send('/app/templates/new', {
      name: '',
      currency: 'EUR',
      acceptanceMode: 'click',
      dealType: 'new_business',
      _op: 'save',
    });
    assert.equal(schema.statusCode, 422);
    assert.match(schema.body, /name="name" aria-invalid="true"/);
    // The same refusal on a German page reads German; the API's own answer stays English.
    const { payload, ...headers } = form({
      _csrf: csrf,
      name: '',
      currency: 'EUR',
      acceptanceMode: 'click',
      dealType: 'new_business',
      _op: 'save',
    });
    const german = await ctx().app.inject({
      method: 'POST',
      url: '/app/templates/new',
      payload,
      headers: { ...headers, cookie, 'accept-language': 'de-DE' },
    });
    assert.equal(german.statusCode, 422);
    assert.match(german.body, /<p class="field-error" id="f-name-error">Darf nicht leer sein\.<\/p>/);
    assert.match(german.body, /<li>Name: Darf nicht leer sein\.<\/li>/);
    const api = await ctx().app.inject({ method: 'POST', url: '/offer-templates', headers: bearer(token), payload: { name: '' } });
    assert.equal(api.statusCode, 422);
    assert.equal(json(api).violations[0].message, 'Must NOT have fewer than 1 characters.');
    assert.equal(await count(), before);
  });

  it('lets viewers and approvers read templates only; another organisation’s template is 404', async () => {
    const tpl = json(
      await ctx().app.inject({
        method: 'POST',
        url: '/offer-templates',
        headers: bearer(token),
        payload: { name: 'Readable', sections: ['Read me'] },
      }),
    );
    for (const role of ['viewer', 'approver']) {
      const email = uniqueEmail(role);
      await addUser(ctx(), org, { email, role });
      const c = (await signIn(ctx().app, email)).cookie;
      const token_ = await csrfOf(ctx().app, c);
      const list = await get('/app/templates', c);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Readable/);
      assert.doesNotMatch(list.body, /href="\/app\/templates\/new"/);
      assert.doesNotMatch(list.body, /href="\/app\/offers\/new/);
      const one = await get(`/app/templates/${tpl.id}`, c);
      assert.equal(one.statusCode, 200);
      assert.match(one.body, /Read me/);
      assert.doesNotMatch(one.body, /<form[^>]*action="\/app\/templates/);
      assert.equal((await get('/app/templates/new', c)).statusCode, 403);
      assert.equal((await post(ctx().app, `/app/templates/${tpl.id}`, { _csrf: token_, name: 'No', _op: 'save' }, c)).statusCode, 403);
      assert.equal((await post(ctx().app, `/app/templates/${tpl.id}/delete`, { _csrf: token_ }, c)).statusCode, 403);
    }
    assert.equal(json(await apiTemplate(tpl.id)).name, 'Readable');
    assert.equal((await get(`/app/templates/${otherTemplateId}`)).statusCode, 404);
    assert.equal((await send(`/app/templates/${otherTemplateId}`, { name: 'Mine', _op: 'save' })).statusCode, 404);
    assert.equal((await send(`/app/templates/${otherTemplateId}/delete`, {})).statusCode, 404);
    assert.equal((await get('/app/templates/not-a-uuid')).statusCode, 404);
    const noCsrf = await post(ctx().app, `/app/templates/${tpl.id}/delete`, {}, cookie);
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await apiTemplate(tpl.id)).statusCode, 200);
  });
});
