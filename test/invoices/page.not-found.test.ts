// The 404s a browser sees are pages (styled, a viewport meta, German or English by Accept-Language):
// an unknown payment link and any path without a route. A client asking for JSON keeps its surface's
// JSON: the payer page's {error, code}, the Offers API's problem+json, the Merchant API's vendor error.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describeEachEngine('404 pages', (ctx) => {
  const get = (url: string, headers: Record<string, string> = {}) => ctx().app.inject({ method: 'GET', url, headers });

  it('an unknown payment link: a styled page in the browser language, with the page security headers', async () => {
    for (const [headers, lang, title] of [
      [BROWSER, 'en', 'Invoice not found'],
      [{ ...BROWSER, 'accept-language': 'de-AT,de;q=0.9' }, 'de', 'Rechnung nicht gefunden'],
      [{}, 'en', 'Invoice not found'],
    ] as const) {
      const res = await get('/invoice/no-such-slug', headers);
      assert.equal(res.statusCode, 404);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.ok(res.body.includes(`<html lang="${lang}">`));
      assert.ok(res.body.includes('<meta name="viewport" content="width=device-width,initial-scale=1">'));
      assert.ok(res.body.includes(`<h1>${title}</h1>`));
      assert.match(res.body, /<style nonce="[^"]+">/);
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'; script-src 'nonce-/);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
  });

  it("an unknown payment link asked for as JSON: the page's JSON 404", async () => {
    const res = await get('/invoice/no-such-slug', { accept: 'application/json' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(json(res), { error: 'Invoice not found.', code: 'not_found' });
    assert.equal((await get('/invoice/no-such-slug/status', BROWSER)).statusCode, 404);
  });

  it('any path without a route: a page for a browser, problem+json for an API client', async () => {
    const page = await get('/no/such/page', { ...BROWSER, 'accept-language': 'de' });
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.ok(page.body.includes('<html lang="de">') && page.body.includes('<h1>Seite nicht gefunden</h1>'));
    assert.ok(page.body.includes('name="viewport"'));
    assert.ok(!page.body.includes('/no/such/page'), 'the path is not echoed');
    assert.ok((await get('/no/such/page', BROWSER)).body.includes('<h1>Page not found</h1>'));

    for (const headers of [
      {} as Record<string, string>,
      { accept: 'application/json' },
      { accept: '*/*' },
      { accept: 'application/json, text/html;q=0.5' },
    ]) {
      const res = await get('/no/such/page', headers);
      assert.equal(res.statusCode, 404);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(json(res).status, 404);
    }
    const post = await ctx().app.inject({ method: 'POST', url: '/no/such/page', headers: BROWSER });
    assert.match(String(post.headers['content-type']), /application\/problem\+json/, 'only GET and HEAD get a page');
  });

  it("the Merchant API keeps the vendor's answer for an unknown URL, even from a browser", async () => {
    const res = await get('/api/v2/nope', BROWSER);
    assert.equal(res.statusCode, 403);
    assert.deepEqual(json(res), { error: 'No key header', code: 'required_header_key' });
  });
});
