// The console's session security through HTTP: redirects to sign-in, cookie flags, CSRF, session
// fixation, idle and absolute timeouts, signing out (here and everywhere), sign-in throttling
// without account enumeration.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, describeEachEngine, ManualClock, type TestApp } from '../helpers/app.js';
import { engines } from '../helpers/db.js';
import { addUser, cookieOf, csrfOf, post, PASSWORD, signIn, uniqueEmail } from './support.js';

const clock = new ManualClock();
const MINUTE = 60_000;

const loginError = (html: string) => /<p class="error" role="alert">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

describeEachEngine(
  'console security',
  (ctx) => {
    let org: string;
    before(async () => {
      org = (await ctx().newOrganisation('Security GmbH')).organisation.id;
    });

    it('sends a page without a session to sign-in with a same-origin next, and back there after it', async () => {
      const { app } = ctx();
      const email = uniqueEmail();
      await addUser(ctx(), org, { email, role: 'viewer' });
      const first = await app.inject({ method: 'GET', url: '/app/offers?status=open&sort=name' });
      assert.equal(first.statusCode, 302);
      assert.equal(first.headers.location, '/app/login?next=%2Fapp%2Foffers%3Fstatus%3Dopen%26sort%3Dname');
      const { response } = await signIn(app, email, PASSWORD, { next: '/app/offers?status=open&sort=name' });
      assert.equal(response.headers.location, '/app/offers?status=open&sort=name');
      for (const next of [
        'https://evil.example/app',
        '//evil.example/app',
        '/\\evil.example',
        '/app//evil.example',
        'javascript:alert(1)',
      ]) {
        const again = await signIn(app, email, PASSWORD, { next });
        assert.equal(again.response.headers.location, '/app/offers', next);
      }
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, Path=/app, without Secure on http, and stores only its hash', async () => {
      const { app, db } = ctx();
      const email = uniqueEmail();
      await addUser(ctx(), org, { email, role: 'viewer' });
      const { response, cookie } = await signIn(app, email);
      const header = String(response.headers['set-cookie']);
      assert.match(header, /^offerpay_session=[A-Za-z0-9_-]{43}; Path=\/app; HttpOnly; SameSite=Lax$/);
      const id = cookie.split('=')[1]!;
      const hash = crypto.createHash('sha256').update(id).digest();
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_sessions WHERE id_hash = $1', [hash]);
      assert.equal(rows[0]!.n, 1);
      const raw = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM user_sessions WHERE encode(id_hash, 'escape') LIKE $1", [
        `%${id}%`,
      ]);
      assert.equal(raw.rows[0]!.n, 0);
    });

    it('refuses a state-changing form without the CSRF token, with a wrong one, or from another site (403, nothing changes)', async () => {
      const { app, db } = ctx();
      const email = uniqueEmail();
      const { user } = await addUser(ctx(), org, { email, role: 'viewer' });
      const { cookie } = await signIn(app, email);
      const csrf = await csrfOf(app, cookie);
      const locale = async () =>
        (await db.query<{ locale: string | null }>('SELECT locale FROM users WHERE id = $1', [user.id])).rows[0]!.locale;

      const missing = await post(app, '/app/preferences', { locale: 'de' }, cookie);
      assert.equal(missing.statusCode, 403);
      assert.match(missing.headers['content-type'] as string, /text\/html/);
      const wrong = await post(app, '/app/preferences', { locale: 'de', _csrf: `${csrf.slice(0, -2)}xx` }, cookie);
      assert.equal(wrong.statusCode, 403);
      const otherSession = (await signIn(app, email)).cookie;
      const fromOtherSession = await post(app, '/app/preferences', { locale: 'de', _csrf: await csrfOf(app, otherSession) }, cookie);
      assert.equal(fromOtherSession.statusCode, 403, 'a token is bound to its session');
      const crossSite = await app.inject({
        method: 'POST',
        url: '/app/preferences',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        payload: `locale=de&_csrf=${encodeURIComponent(csrf)}`,
      });
      assert.equal(crossSite.statusCode, 403);
      const signOut = await post(app, '/app/logout', {}, cookie);
      assert.equal(signOut.statusCode, 403);
      assert.equal(await locale(), null);

      const ok = await post(app, '/app/preferences', { locale: 'de', _csrf: csrf }, cookie);
      assert.equal(ok.statusCode, 303);
      assert.equal(await locale(), 'de');
      const page = await app.inject({ method: 'GET', url: '/app/offers', headers: { cookie } });
      assert.match(page.body, /<html lang="de">/);
      assert.match(page.body, /Angebote/);
    });

    it('issues a new session id at sign-in: the id the browser had before is not valid after (fixation)', async () => {
      const { app } = ctx();
      const victim = uniqueEmail('victim');
      const attacker = uniqueEmail('attacker');
      await addUser(ctx(), org, { email: victim, role: 'owner' });
      await addUser(ctx(), org, { email: attacker, role: 'viewer' });
      // A planted session of the attacker's own, and a planted made-up id.
      const planted = (await signIn(app, attacker)).cookie;
      for (const before of [planted, 'offerpay_session=attacker-chosen-value-0123456789abcdef']) {
        const { cookie: after } = await signIn(app, victim, PASSWORD, {}, before);
        assert.notEqual(after, before);
        const old = await app.inject({ method: 'GET', url: '/app/organisation/users', headers: { cookie: before } });
        assert.equal(old.statusCode, 302, 'the id from before sign-in is not a session');
        const fresh = await app.inject({ method: 'GET', url: '/app/organisation/users', headers: { cookie: after } });
        assert.equal(fresh.statusCode, 200);
      }
    });

    it('ends a session after 30 idle minutes, and any session after 12 hours however active', async () => {
      const { app } = ctx();
      const email = uniqueEmail();
      await addUser(ctx(), org, { email, role: 'viewer' });
      const get = (cookie: string) => app.inject({ method: 'GET', url: '/app/offers', headers: { cookie } });

      const idle = (await signIn(app, email)).cookie;
      clock.advance(29 * MINUTE);
      assert.equal((await get(idle)).statusCode, 200);
      clock.advance(29 * MINUTE);
      assert.equal((await get(idle)).statusCode, 200, 'use keeps it alive');
      clock.advance(31 * MINUTE);
      const expired = await get(idle);
      assert.equal(expired.statusCode, 302);
      clock.advance(-31 * MINUTE);
      assert.equal((await get(idle)).statusCode, 302, 'an ended session stays ended');

      const busy = (await signIn(app, email)).cookie;
      for (let elapsed = 25; elapsed < 12 * 60; elapsed += 25) {
        clock.advance(25 * MINUTE);
        assert.equal((await get(busy)).statusCode, 200);
      }
      clock.advance(25 * MINUTE);
      assert.equal((await get(busy)).statusCode, 302, 'past 12 hours');
    });

    it('signs out one session, and everywhere: every session of the user ends, other users stay signed in', async () => {
      const { app } = ctx();
      const email = uniqueEmail();
      const other = uniqueEmail('other');
      await addUser(ctx(), org, { email, role: 'seller' });
      await addUser(ctx(), org, { email: other, role: 'seller' });
      const get = (cookie: string) => app.inject({ method: 'GET', url: '/app/offers', headers: { cookie } });

      const single = (await signIn(app, email)).cookie;
      const out = await post(app, '/app/logout', { _csrf: await csrfOf(app, single) }, single);
      assert.equal(out.statusCode, 303);
      assert.match(String(out.headers['set-cookie']), /offerpay_session=; Path=\/app; HttpOnly; SameSite=Lax; Max-Age=0/);
      assert.equal((await get(single)).statusCode, 302);

      const laptop = (await signIn(app, email)).cookie;
      const phone = (await signIn(app, email)).cookie;
      const colleague = (await signIn(app, other)).cookie;
      const everywhere = await post(app, '/app/logout-everywhere', { _csrf: await csrfOf(app, phone) }, phone);
      assert.equal(everywhere.statusCode, 303);
      assert.equal((await get(laptop)).statusCode, 302);
      assert.equal((await get(phone)).statusCode, 302);
      assert.equal((await get(colleague)).statusCode, 200);
    });

    it('throttles sign-in per account with "try again in N minutes", answering an unknown e-mail exactly alike', async () => {
      const { app } = ctx();
      const known = uniqueEmail('known');
      const unknown = uniqueEmail('nobody');
      await addUser(ctx(), org, { email: known, role: 'viewer' });
      const attempt = (email: string, password: string, remoteAddress: string) =>
        app.inject({
          method: 'POST',
          url: '/app/login',
          remoteAddress,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ email, password }).toString(),
        });
      const answers: Record<string, string[]> = { known: [], unknown: [] };
      for (let i = 0; i < 5; i++) {
        for (const [kind, email] of [
          ['known', known],
          ['unknown', unknown],
        ] as const) {
          const response = await attempt(email, `wrong-password-${i}`, `10.1.0.${i}`);
          assert.equal(response.statusCode, 401);
          answers[kind]!.push(loginError(response.body)!);
        }
      }
      assert.deepEqual(answers.known, answers.unknown);
      assert.equal(answers.known?.[0], 'The e-mail address or the password is wrong.');

      const lockedKnown = await attempt(known, PASSWORD, '10.1.1.1');
      const lockedUnknown = await attempt(unknown, PASSWORD, '10.1.1.2');
      for (const response of [lockedKnown, lockedUnknown]) {
        assert.equal(response.statusCode, 429);
        assert.equal(loginError(response.body), 'Too many failed sign-ins. Try again in 15 minutes.');
        assert.equal(response.headers['retry-after'], '900');
        assert.equal(response.headers['set-cookie'], undefined);
      }
      clock.advance(15 * MINUTE + 1000);
      const later = await attempt(known, PASSWORD, '10.1.1.1');
      assert.equal(later.statusCode, 303, 'the window passed');
    });

    it('throttles sign-in per client address across accounts', async () => {
      const { app } = ctx();
      const email = uniqueEmail('victim-ip');
      await addUser(ctx(), org, { email, role: 'viewer' });
      const attempt = (address: string, who: string, password: string) =>
        app.inject({
          method: 'POST',
          url: '/app/login',
          remoteAddress: address,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ email: who, password }).toString(),
        });
      for (let i = 0; i < 20; i++) assert.equal((await attempt('10.2.0.1', `spray-${i}@example.com`, 'wrong-password')).statusCode, 401);
      const blocked = await attempt('10.2.0.1', email, PASSWORD);
      assert.equal(blocked.statusCode, 429);
      assert.match(loginError(blocked.body)!, /Try again in 15 minutes/);
      assert.equal((await attempt('10.2.0.2', email, PASSWORD)).statusCode, 303, 'another address is not blocked');
    });
  },
  { clock },
);

for (const engine of engines) {
  describe(`console cookie over https [${engine}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { env: { PUBLIC_URL: 'https://offerpay.test' } });
    });
    after(() => t.close());

    it('adds Secure when PUBLIC_URL is https', async () => {
      const org = (await t.newOrganisation()).organisation.id;
      const email = uniqueEmail();
      await addUser(t, org, { email, role: 'viewer' });
      const response = await post(t.app, '/app/login', { email, password: PASSWORD });
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers['set-cookie']), /; Path=\/app; HttpOnly; SameSite=Lax; Secure$/);
      assert.ok(cookieOf(response).startsWith('offerpay_session='));
    });
  });
}
