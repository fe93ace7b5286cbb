// People through the admin API and one-time links: creating and listing users (never a hash),
// invitations (the link handed back without SMTP, e-mailed with it), choosing a password once,
// expired links, and the e-mailed password reset that ends every session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, bearer, createTestApp, describeEachEngine, json, ManualClock, type TestApp } from '../helpers/app.js';
import { engines } from '../helpers/db.js';
import { startInbox, type Inbox } from '../notifications/smtp.js';
import { addUser, csrfOf, PASSWORD, post, signIn, uniqueEmail } from '../console/support.js';

const clock = new ManualClock();
const createUser = (t: TestApp, org: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/admin/organisations/${org}/users`, headers: bearer(ADMIN_TOKEN), payload });
const pathOf = (link: string) => new URL(link).pathname;

describeEachEngine(
  'users through the admin API',
  (ctx) => {
    let org: string;
    before(async () => {
      org = (await ctx().newOrganisation('People GmbH')).organisation.id;
    });

    it('creates users with a password, lists them without any hash, and refuses a second account of one e-mail (any case)', async () => {
      const t = ctx();
      const created = await createUser(t, org, { email: 'Anna@Example.com', name: 'Anna Admin', role: 'admin', password: PASSWORD });
      assert.equal(created.statusCode, 201, created.body);
      const body = json(created);
      assert.equal(body.user.role, 'admin');
      assert.equal(body.user.active, true);
      assert.equal(body.invitation, null);
      const duplicate = await createUser(t, org, { email: 'anna@EXAMPLE.com', name: 'Anna Again', role: 'viewer', password: PASSWORD });
      assert.equal(duplicate.statusCode, 409);
      assert.match(duplicate.headers['content-type'] as string, /application\/problem\+json/);
      const other = (await t.newOrganisation()).organisation.id;
      assert.equal((await createUser(t, other, { email: 'anna@example.com', name: 'Anna Elsewhere', role: 'viewer' })).statusCode, 201);

      const list = await t.app.inject({ method: 'GET', url: `/admin/organisations/${org}/users`, headers: bearer(ADMIN_TOKEN) });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        json(list).data.map((u: { email: string }) => u.email),
        ['Anna@Example.com'],
      );
      assert.doesNotMatch(list.body, /argon2|password/i);
      const stored = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [body.user.id]);
      assert.match(stored.rows[0]!.password_hash, /^\$argon2id\$/);
    });

    it('answers bad input with problem+json violations and changes nothing', async () => {
      const t = ctx();
      const cases: [Record<string, unknown>, string][] = [
        [{ email: 'not-an-email', name: 'X Y', role: 'viewer' }, 'email'],
        [{ email: 'a@example.com', name: '  ', role: 'viewer' }, 'name'],
        [{ email: 'b@example.com', name: 'Bea', role: 'superuser' }, 'role'],
        [{ email: 'c@example.com', name: 'Cem', role: 'viewer', password: 'short' }, 'password'],
        [{ email: 'd@example.com', name: 'Dora', role: 'viewer', password: 'Password123456' }, 'password'],
        [{ email: 'e@example.com', name: 'Emil', role: 'viewer', extra: true }, 'extra'],
      ];
      for (const [payload, path] of cases) {
        const response = await createUser(t, org, payload);
        assert.equal(response.statusCode, 422, `${JSON.stringify(payload)}: ${response.body}`);
        assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
        assert.ok(
          json(response).violations.some((v: { propertyPath: string }) => v.propertyPath === path),
          response.body,
        );
      }
      const unknownOrg = await createUser(t, '00000000-0000-4000-8000-000000000000', {
        email: 'f@example.com',
        name: 'Fay',
        role: 'viewer',
      });
      assert.equal(unknownOrg.statusCode, 404);
      const noToken = await t.app.inject({
        method: 'POST',
        url: `/admin/organisations/${org}/users`,
        payload: { email: 'g@example.com', name: 'G', role: 'viewer' },
      });
      assert.equal(noToken.statusCode, 401);
      const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email LIKE '_@example.com'");
      assert.equal(rows[0]!.n, 0);
    });

    it('invites without a password: the one-time link (no SMTP) sets the password once, then sign-in works', async () => {
      const t = ctx();
      const email = uniqueEmail('invitee');
      const created = await createUser(t, org, { email, name: 'Ivo Invitee', role: 'seller' });
      assert.equal(created.statusCode, 201);
      const { user, invitation } = json(created);
      assert.equal(user.active, false);
      assert.equal(invitation.emailed, false);
      assert.match(invitation.link, /^http:\/\/offerpay\.test\/app\/invitations\/[A-Za-z0-9_-]{43}$/);
      const path = pathOf(invitation.link);

      const cannotYet = await post(t.app, '/app/login', { email, password: PASSWORD });
      assert.equal(cannotYet.statusCode, 401);
      const page = await t.app.inject({ method: 'GET', url: path });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /autocomplete="new-password"/);
      const weak = await post(t.app, path, { password: 'ivo-invitee-2026' });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /must not contain your name/);
      const set = await post(t.app, path, { password: PASSWORD });
      assert.equal(set.statusCode, 303);
      assert.equal(set.headers.location, '/app/login?done=password');
      assert.equal((await post(t.app, path, { password: `${PASSWORD}-again` })).statusCode, 410, 'the link works once');
      assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 410);
      await signIn(t.app, email);
    });

    it('lets an invitation expire after 7 days', async () => {
      const t = ctx();
      const { invitation } = json(await createUser(t, org, { email: uniqueEmail('late'), name: 'Lea Late', role: 'viewer' }));
      clock.advance(7 * 24 * 3_600_000 + 1000);
      const late = await post(t.app, pathOf(invitation.link), { password: PASSWORD });
      assert.equal(late.statusCode, 410);
      assert.match(late.body, /unknown, was used already or expired/);
      assert.equal((await t.app.inject({ method: 'GET', url: '/app/password/reset/made-up-token' })).statusCode, 410);
    });

    it('invites from the console too, showing the link once to the inviting admin', async () => {
      const t = ctx();
      const adminEmail = uniqueEmail('console-admin');
      await addUser(t, org, { email: adminEmail, role: 'admin' });
      const { cookie } = await signIn(t.app, adminEmail);
      const invitee = uniqueEmail('console-invitee');
      const response = await post(
        t.app,
        '/app/organisation/users',
        { email: invitee, name: 'Cora Console', role: 'viewer', _csrf: await csrfOf(t.app, cookie) },
        cookie,
      );
      assert.equal(response.statusCode, 201);
      const link = /<code>(http:\/\/offerpay\.test\/app\/invitations\/[^<]+)<\/code>/.exec(response.body)?.[1];
      assert.ok(link, 'the link is on the page');
      assert.equal((await post(t.app, pathOf(link), { password: PASSWORD })).statusCode, 303);
      await signIn(t.app, invitee);
      const listed = await t.app.inject({ method: 'GET', url: '/app/organisation/users', headers: { cookie } });
      assert.doesNotMatch(listed.body, /app\/invitations\//, 'shown only once');
    });
  },
  { clock },
);

for (const engine of engines) {
  describe(`users with SMTP [${engine}]`, () => {
    let t: TestApp;
    let inbox: Inbox;
    let org: string;
    before(async () => {
      inbox = await startInbox();
      t = await createTestApp(engine, { env: { SMTP_URL: inbox.url, MAIL_FROM: 'offerpay <no-reply@offerpay.test>' } });
      org = (await t.newOrganisation('Mail GmbH')).organisation.id;
    });
    after(async () => {
      await t.close();
      await inbox.close();
    });

    it('e-mails the invitation and does not hand the link to the inviter', async () => {
      const email = uniqueEmail('mailed');
      const { invitation } = json(await createUser(t, org, { email, name: 'Mia Mailed', role: 'viewer' }));
      assert.deepEqual({ emailed: invitation.emailed, link: invitation.link }, { emailed: true, link: null });
      const [mail] = await inbox.waitFor(1);
      assert.equal(mail!.to && 'text' in mail!.to ? mail!.to.text : '', email);
      assert.match(mail!.text ?? '', /\/app\/invitations\/[A-Za-z0-9_-]{43}/);
    });

    it('resets a password by an e-mailed one-time link that ends every session; the form never tells whether an account exists', async () => {
      const email = uniqueEmail('forgetful');
      await addUser(t, org, { email, role: 'seller' });
      const { cookie } = await signIn(t.app, email);
      const before = inbox.messages.length;
      const unknown = await post(t.app, '/app/password/forgot', { email: uniqueEmail('nobody') });
      const known = await post(t.app, '/app/password/forgot', { email: email.toUpperCase() });
      assert.equal(unknown.statusCode, 200);
      assert.equal(known.statusCode, 200);
      const notice = (html: string) => /<p class="notice" role="status">([^<]*)<\/p>/.exec(html)?.[1];
      assert.equal(notice(unknown.body), notice(known.body));
      const mails = await inbox.waitFor(before + 1);
      assert.equal(mails.length, before + 1, 'one e-mail, to the account that exists');
      const link = /http:\/\/offerpay\.test(\/app\/password\/reset\/[A-Za-z0-9_-]{43})/.exec(mails[before]!.text ?? '')?.[1];
      assert.ok(link);

      assert.equal((await post(t.app, link, { password: 'too-short' })).statusCode, 400);
      assert.equal((await post(t.app, link, { password: 'Harbour-Violet-Kestrel-77' })).statusCode, 303);
      assert.equal((await t.app.inject({ method: 'GET', url: '/app/offers', headers: { cookie } })).statusCode, 302, 'sessions ended');
      assert.equal((await post(t.app, link, { password: 'Another-Harbour-Kestrel-78' })).statusCode, 410, 'single use');
      assert.equal((await post(t.app, '/app/login', { email, password: PASSWORD })).statusCode, 401);
      await signIn(t.app, email, 'Harbour-Violet-Kestrel-77');
    });
  });
}
