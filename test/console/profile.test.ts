// The organisation profile screen through HTTP: the form saves through the same rules as the Offers
// API's PATCH /organisation (what it stores is what GET /organisation returns), refusals in words
// that change nothing, the logo uploaded as multipart (limits of PUT /organisation/logo) and removed,
// CSRF on both forms, and the organisation page's link.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearer, describeEachEngine, json } from '../helpers/app.js';
import { png } from '../organisations/images.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

const PAGE = '/app/organisation/profile';

const FULL = {
  legalName: 'Muster GmbH',
  registerEntry: 'Amtsgericht München, HRB 123456',
  vatId: 'de 123 456 789',
  'address.line1': 'Musterstraße 1',
  'address.line2': '',
  'address.postalCode': '80331',
  'address.city': 'München',
  'address.country': 'DE',
  email: 'vertrieb@muster.de',
  phone: '+49 89 1234567',
  website: 'https://muster.de',
  'bank.accountHolder': 'Muster GmbH',
  'bank.iban': 'DE89 3704 0044 0532 0130 00',
  'bank.bic': 'cobadeffxxx',
  'bank.bankName': '',
  defaultTaxRate: '7,5',
};

/** A multipart body with the CSRF field and one file part. */
function multipart(csrf: string | null, file: Buffer | null, filename = 'logo.png') {
  const boundary = '----offerpay-test-boundary';
  const parts: Buffer[] = [];
  if (csrf !== null) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`));
  if (file !== null) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
      ),
    );
    parts.push(file, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachEngine('console organisation profile', (ctx) => {
  let org: { organisation: { id: string }; apiToken: string };
  let cookie: string;
  let csrf: string;
  before(async () => {
    org = await ctx().newOrganisation('Profile AG');
    const email = uniqueEmail('profile-owner');
    await addUser(ctx(), org.organisation.id, { email, role: 'owner' });
    cookie = (await signIn(ctx().app, email)).cookie;
    csrf = await csrfOf(ctx().app, cookie, PAGE);
  });
  const get = (url = PAGE) => ctx().app.inject({ method: 'GET', url, headers: { cookie } });
  const apiProfile = async () => json(await ctx().app.inject({ method: 'GET', url: '/organisation', headers: bearer(org.apiToken) }));
  const upload = (file: Buffer | null, token: string | null = csrf) => {
    const body = multipart(token, file);
    return ctx().app.inject({ method: 'POST', url: `${PAGE}/logo`, payload: body.payload, headers: { ...body.headers, cookie } });
  };

  it('links from the organisation page, without the "not built" sentence', async () => {
    const page = await get('/app/organisation');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/app\/organisation\/profile"/);
    assert.doesNotMatch(page.body, /not built yet/);
  });

  it('saves the form through the API rules: normalised, readable by GET /organisation, shown again', async () => {
    const saved = await post(ctx().app, PAGE, { _csrf: csrf, ...FULL }, cookie);
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, `${PAGE}?done=saved`);
    const profile = await apiProfile();
    assert.equal(profile.legalName, 'Muster GmbH');
    assert.equal(profile.vatId, 'DE123456789');
    assert.deepEqual(profile.address, { line1: 'Musterstraße 1', line2: null, postalCode: '80331', city: 'München', country: 'DE' });
    assert.deepEqual(profile.bank, { accountHolder: 'Muster GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null });
    assert.equal(profile.defaultTaxRate, 7.5);
    const page = await get(`${PAGE}?done=saved`);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /The profile is saved/);
    assert.match(page.body, /value="DE89370400440532013000"/);
    assert.match(page.body, /value="Amtsgericht München, HRB 123456"/);

    // Blank clears: the bank account wholly blank is removed, one field blank is cleared.
    const cleared = { ...FULL, 'bank.accountHolder': '', 'bank.iban': '', 'bank.bic': '', phone: ' ' };
    assert.equal((await post(ctx().app, PAGE, { _csrf: csrf, ...cleared }, cookie)).statusCode, 303);
    const after = await apiProfile();
    assert.equal(after.bank, null);
    assert.equal(after.phone, null);
    assert.equal(after.legalName, 'Muster GmbH');
  });

  it('refuses an invalid profile in words, keeps what was typed and changes nothing', async () => {
    const before = await apiProfile();
    const badIban = await post(ctx().app, PAGE, { _csrf: csrf, ...FULL, 'bank.iban': 'DE00 1234', 'address.city': '' }, cookie);
    assert.equal(badIban.statusCode, 422);
    assert.match(badIban.body, /role="alert"/);
    assert.match(badIban.body, /IBAN: Not an IBAN/);
    assert.match(badIban.body, /City: This value is required/);
    assert.match(badIban.body, /value="DE00 1234"/);
    const badRate = await post(ctx().app, PAGE, { _csrf: csrf, ...FULL, defaultTaxRate: 'nineteen' }, cookie);
    assert.equal(badRate.statusCode, 400);
    assert.match(badRate.body, /Enter a number/);
    const tooHigh = await post(ctx().app, PAGE, { _csrf: csrf, ...FULL, defaultTaxRate: '150' }, cookie);
    assert.equal(tooHigh.statusCode, 422);
    const tooLong = await post(ctx().app, PAGE, { _csrf: csrf, ...FULL, legalName: 'x'.repeat(201) }, cookie);
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /Legal name: /);
    const noCsrf = await post(ctx().app, PAGE, { ...FULL, legalName: 'Forged GmbH' }, cookie);
    assert.equal(noCsrf.statusCode, 403);
    assert.deepEqual(await apiProfile(), before);
  });

  it('uploads the logo as multipart (shown on the page and public), refuses bad ones, removes it', async () => {
    const none = await upload(null);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose a PNG or JPEG file/);
    const notImage = await upload(Buffer.from('GIF89a not a logo at all, just text'));
    assert.equal(notImage.statusCode, 422);
    assert.match(notImage.body, /The logo was not saved/);
    const tiny = await upload(png(8, 8));
    assert.equal(tiny.statusCode, 422);
    const huge = await upload(Buffer.concat([png(64, 64), Buffer.alloc(600 * 1024)]));
    assert.equal(huge.statusCode, 413);
    const forged = await upload(png(64, 64), null);
    assert.equal(forged.statusCode, 403);
    const wrongToken = await upload(png(64, 64), 'x'.repeat(43));
    assert.equal(wrongToken.statusCode, 403);
    assert.equal((await apiProfile()).logoUrl, null, 'nothing stored so far');

    const ok = await upload(png(64, 32));
    assert.equal(ok.statusCode, 303, ok.body);
    const { logoUrl, logoMediaId } = await apiProfile();
    assert.ok(logoMediaId);
    const page = await get();
    assert.match(page.body, new RegExp(`<img class="logo-preview" src="/media/logo/${org.organisation.id}/${logoMediaId}"`));
    const image = await ctx().app.inject({ method: 'GET', url: new URL(logoUrl).pathname });
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-type'], 'image/png');

    const removed = await post(ctx().app, `${PAGE}/logo/remove`, { _csrf: csrf }, cookie);
    assert.equal(removed.statusCode, 303);
    assert.equal((await apiProfile()).logoUrl, null);
    assert.match((await get()).body, /No logo yet/);
  });
});
