import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadLogoBytes, logoUrl } from '../../src/organisations/logo.js';
import { loadProfile } from '../../src/organisations/profile.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { scopedToken } from '../offers/support.js';
import { jpeg, png } from './images.js';

const admin = bearer(ADMIN_TOKEN);
const PUBLIC_URL = 'http://offerpay.test';

describeEachEngine('organisation logo', (ctx) => {
  const put = (token: string, body: Buffer, type = 'image/png') =>
    ctx().app.inject({ method: 'PUT', url: '/organisation/logo', headers: { ...bearer(token), 'content-type': type }, payload: body });
  const fetchPublic = (url: string, headers: Record<string, string> = {}) =>
    ctx().app.inject({ method: 'GET', url: url.replace(PUBLIC_URL, ''), headers });

  it('stores a PNG, serves it at a public cacheable URL, and keeps the profile fields', async () => {
    const org = await ctx().newOrganisation('Logo GmbH');
    await ctx().app.inject({ method: 'PATCH', url: '/organisation', headers: bearer(org.apiToken), payload: { legalName: 'Logo GmbH' } });
    const image = png(240, 80);
    const res = await put(org.apiToken, image);
    assert.equal(res.statusCode, 200, res.body);
    const { logoMediaId, logoUrl: url } = json(res);
    assert.match(logoMediaId, /^[0-9a-f-]{36}$/);
    assert.equal(url, `${PUBLIC_URL}/media/logo/${org.organisation.id}/${logoMediaId}`);

    const profile = json(await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(org.apiToken) }));
    assert.equal(profile.logoMediaId, logoMediaId);
    assert.equal(profile.logoUrl, url);
    assert.equal(profile.legalName, 'Logo GmbH');

    const served = await fetchPublic(url);
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/png');
    assert.match(served.headers['cache-control'] as string, /public.*immutable/);
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(served.rawPayload, image);
    assert.equal((await fetchPublic(url, { 'if-none-match': served.headers.etag as string })).statusCode, 304);

    // The functions the pages and PDFs use.
    const seller = (await loadProfile(ctx().db, org.organisation.id))!;
    assert.equal(seller.logoMediaId, logoMediaId);
    assert.equal(Object.keys(seller).includes('logoImage'), false, 'the bytes stay out of the profile');
    assert.equal(logoUrl(seller), `/media/logo/${org.organisation.id}/${logoMediaId}`);
    const bytes = await loadLogoBytes(ctx().db, seller);
    assert.deepEqual(bytes?.bytes, image);
    assert.equal(bytes?.contentType, 'image/png');
    assert.equal(bytes?.width, 240);

    // A profile PATCH keeps the logo.
    await ctx().app.inject({
      method: 'PATCH',
      url: '/organisation',
      headers: bearer(org.apiToken),
      payload: { legalName: 'Renamed GmbH' },
    });
    assert.equal((await fetchPublic(url)).statusCode, 200);
  });

  it('replaces the logo under a new URL; the old URL and DELETE leave nothing behind', async () => {
    const org = await ctx().newOrganisation();
    const first = json(await put(org.apiToken, png(100, 100)));
    const second = await put(org.apiToken, jpeg(300, 100), 'application/octet-stream');
    assert.equal(second.statusCode, 200, second.body);
    const { logoUrl: url } = json(second);
    assert.notEqual(url, first.logoUrl);
    assert.equal((await fetchPublic(first.logoUrl)).statusCode, 404);
    assert.equal((await fetchPublic(url)).headers['content-type'], 'image/jpeg');

    const del = await ctx().app.inject({ method: 'DELETE', url: '/organisation/logo', headers: bearer(org.apiToken) });
    assert.equal(del.statusCode, 204);
    assert.equal((await fetchPublic(url)).statusCode, 404);
    const profile = json(await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(org.apiToken) }));
    assert.equal(profile.logoMediaId, null);
    assert.equal(profile.logoUrl, null);
    assert.equal((await ctx().app.inject({ method: 'DELETE', url: '/organisation/logo', headers: bearer(org.apiToken) })).statusCode, 204);
  });

  it('refuses what is not a PNG or JPEG of sensible size, whatever the Content-Type says, and keeps the old logo', async () => {
    const org = await ctx().newOrganisation();
    const kept = json(await put(org.apiToken, png(64, 64)));
    const svg = await put(org.apiToken, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    assert.equal(svg.statusCode, 422);
    assert.match(json(svg).detail, /PNG or JPEG/);
    assert.equal(json(svg).violations[0].propertyPath, 'logo');
    assert.equal((await put(org.apiToken, png(5000, 20))).statusCode, 422);
    const big = Buffer.concat([png(64, 64), Buffer.alloc(600 * 1024)]);
    assert.equal((await put(org.apiToken, big)).statusCode, 413);
    const asJson = await ctx().app.inject({
      method: 'PUT',
      url: '/organisation/logo',
      headers: bearer(org.apiToken),
      payload: { logo: 'x' },
    });
    assert.equal(asJson.statusCode, 415);
    assert.equal((await put(org.apiToken, png(64, 64), 'image/gif')).statusCode, 415);
    assert.equal((await put(org.apiToken, Buffer.alloc(0))).statusCode, 422);
    const profile = json(await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(org.apiToken) }));
    assert.equal(profile.logoMediaId, kept.logoMediaId);
  });

  it('needs offer:write to change; unknown or malformed public URLs are 404', async () => {
    const org = await ctx().newOrganisation();
    const readOnly = await scopedToken(ctx(), org.organisation.id, ['offer:read']);
    assert.equal((await put(readOnly, png(64, 64))).statusCode, 403);
    assert.equal((await ctx().app.inject({ method: 'DELETE', url: '/organisation/logo', headers: bearer(readOnly) })).statusCode, 403);
    assert.equal(
      (await ctx().app.inject({ method: 'PUT', url: '/organisation/logo', headers: { 'content-type': 'image/png' }, payload: png(64, 64) }))
        .statusCode,
      401,
    );
    const { logoMediaId } = json(await put(org.apiToken, png(64, 64)));
    const other = await ctx().newOrganisation();
    assert.equal((await fetchPublic(`/media/logo/${other.organisation.id}/${logoMediaId}`)).statusCode, 404);
    assert.equal((await fetchPublic(`/media/logo/not-a-uuid/${logoMediaId}`)).statusCode, 404);
    assert.equal((await fetchPublic(`/media/logo/${org.organisation.id}/x`)).statusCode, 404);
  });

  it('is set and removed through the admin API too', async () => {
    const org = await ctx().newOrganisation();
    const url = `/admin/organisations/${org.organisation.id}/profile/logo`;
    const res = await ctx().app.inject({ method: 'PUT', url, headers: { ...admin, 'content-type': 'image/jpeg' }, payload: jpeg(200, 50) });
    assert.equal(res.statusCode, 200, res.body);
    const profile = json(
      await ctx().app.inject({ method: 'GET', url: `/admin/organisations/${org.organisation.id}/profile`, headers: admin }),
    );
    assert.equal(profile.logoMediaId, json(res).logoMediaId);
    assert.equal((await ctx().app.inject({ method: 'DELETE', url, headers: admin })).statusCode, 204);
    assert.equal((await fetchPublic(json(res).logoUrl)).statusCode, 404);
    const unknown = '/admin/organisations/00000000-0000-4000-8000-000000000000/profile/logo';
    assert.equal(
      (await ctx().app.inject({ method: 'PUT', url: unknown, headers: { ...admin, 'content-type': 'image/png' }, payload: png(64, 64) }))
        .statusCode,
      404,
    );
    assert.equal(
      (await ctx().app.inject({ method: 'PUT', url, headers: { 'content-type': 'image/png' }, payload: png(64, 64) })).statusCode,
      401,
    );
  });
});
