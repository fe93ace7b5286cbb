// The organisation chooser through HTTP: one address with accounts in several organisations gets a
// choice only after a correct password, lists only the accounts whose password matched, creates the
// session for the chosen one (and ends the browser's previous session); the choice cannot be forged,
// widened, replayed after expiry or used without its CSRF token; switching from the preferences page
// asks for the password again and is throttled like sign-in.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ManualClock, describeEachEngine } from '../helpers/app.js';
import { addUser, cookieOf, csrfOf, PASSWORD, post, signIn, uniqueEmail } from './support.js';

const OTHER_PASSWORD = 'amber-Falcon-Meadow-77';
const clock = new ManualClock(new Date());

function setCookies(response: { headers: Record<string, unknown> }): string[] {
  const header = response.headers['set-cookie'];
  return (Array.isArray(header) ? header : [String(header ?? '')]).map(String);
}
const choiceCookieOf = (response: { headers: Record<string, unknown> }) => {
  const found = setCookies(response).find((c) => c.startsWith('offerpay_choice='));
  assert.ok(found, 'the chooser sets its cookie');
  return found.split(';')[0]!;
};
const choiceCsrfIn = (html: string) => /name="_choice" value="([^"]+)"/.exec(html)![1]!;
const accountsIn = (html: string) => [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => m[1]!);

describeEachEngine(
  'console organisation chooser',
  (ctx) => {
    let email: string;
    const ids: Record<string, string> = {};
    before(async () => {
      email = uniqueEmail('many');
      for (const [name, role, password] of [
        ['Alpha GmbH', 'owner', PASSWORD],
        ['Beta AG', 'viewer', PASSWORD],
        ['Gamma KG', 'admin', OTHER_PASSWORD],
      ] as const) {
        const org = await ctx().newOrganisation(name);
        ids[name] = (await addUser(ctx(), org.organisation.id, { email, role, password })).user.id;
        clock.advance(1000);
      }
    });
    const login = (password = PASSWORD, cookie?: string, extra: Record<string, string> = {}) =>
      post(ctx().app, '/app/login', { email, password, ...extra }, cookie);
    const choose = (choice: string, fields: Record<string, string>) => post(ctx().app, '/app/login/choose', fields, choice);
    const whoAmI = async (cookie: string) => {
      const page = await ctx().app.inject({ method: 'GET', url: '/app/organisation', headers: { cookie } });
      return { status: page.statusCode, body: page.body };
    };

    it('reveals nothing before the password is right: a wrong one is the usual 401 without names', async () => {
      const wrong = await login('not-the-password-at-all');
      assert.equal(wrong.statusCode, 401);
      assert.doesNotMatch(wrong.body, /Alpha GmbH|Beta AG|Gamma KG/);
      assert.ok(!setCookies(wrong).some((c) => c.startsWith('offerpay_choice=')));
    });

    it('lists only the organisations whose password matched and signs in to the chosen one', async () => {
      const first = await login(PASSWORD, undefined, { next: '/app/organisation' });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.headers['cache-control'], 'no-store');
      assert.match(first.body, /Alpha GmbH/);
      assert.match(first.body, /Beta AG/);
      assert.doesNotMatch(first.body, /Gamma KG/, 'another password: not offered');
      assert.ok(!setCookies(first).some((c) => c.startsWith('offerpay_session=')), 'no session before the choice');
      const choice = choiceCookieOf(first);
      assert.match(
        setCookies(first).find((c) => c.startsWith('offerpay_choice='))!,
        /Path=\/app\/login; HttpOnly; SameSite=Lax; Max-Age=300/,
      );
      assert.deepEqual(accountsIn(first.body).sort(), [ids['Alpha GmbH'], ids['Beta AG']].sort());

      const chosen = await choose(choice, { _choice: choiceCsrfIn(first.body), account: ids['Beta AG']!, next: '/app/organisation' });
      assert.equal(chosen.statusCode, 303, chosen.body);
      assert.equal(chosen.headers.location, '/app/organisation');
      const session = cookieOf(chosen);
      assert.match(session, /^offerpay_session=/);
      assert.ok(
        setCookies(chosen).some((c) => /^offerpay_choice=;.*Max-Age=0/.test(c)),
        'the choice cookie is cleared',
      );
      // Beta AG's account is a viewer: the organisation page is refused, the offers list works.
      assert.equal((await whoAmI(session)).status, 403);
      const preferences = await ctx().app.inject({ method: 'GET', url: '/app/preferences', headers: { cookie: session } });
      assert.equal(preferences.statusCode, 200);

      // The other one, the owner of Alpha GmbH.
      const again = await login();
      const alpha = await choose(choiceCookieOf(again), { _choice: choiceCsrfIn(again.body), account: ids['Alpha GmbH']! });
      assert.equal(alpha.statusCode, 303);
      const owner = await whoAmI(cookieOf(alpha));
      assert.equal(owner.status, 200);
      assert.match(owner.body, /Alpha GmbH/);
    });

    it('refuses a forged, widened, CSRF-less or expired choice and never creates a session for it', async () => {
      const first = await login();
      const choice = choiceCookieOf(first);
      const csrf = choiceCsrfIn(first.body);
      const sessions = async () =>
        (
          await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_sessions WHERE user_id = ANY($1::uuid[])', [
            Object.values(ids),
          ])
        ).rows[0]!.n;
      const before = await sessions();
      const refused = async (response: Awaited<ReturnType<typeof choose>>, what: string) => {
        assert.equal(response.statusCode, 400, what);
        assert.match(response.body, /The choice has expired/, what);
        assert.ok(!setCookies(response).some((c) => c.startsWith('offerpay_session=')), what);
      };
      await refused(await choose(choice, { _choice: csrf, account: ids['Gamma KG']! }), 'an account whose password did not match');
      await refused(await choose(choice, { account: ids['Alpha GmbH']! }), 'no CSRF token');
      await refused(await choose(choice, { _choice: `${csrf}x`, account: ids['Alpha GmbH']! }), 'a wrong CSRF token');
      await refused(await choose('', { _choice: csrf, account: ids['Alpha GmbH']! }), 'no cookie');
      const [body, mac] = choice.slice('offerpay_choice='.length).split('.');
      const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
      payload.a.push([ids['Gamma KG'], payload.a[0][1]]);
      const widened = `offerpay_choice=${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
      await refused(await choose(widened, { _choice: csrf, account: ids['Gamma KG']! }), 'a widened token');
      const crossSite = await ctx().app.inject({
        method: 'POST',
        url: '/app/login/choose',
        payload: new URLSearchParams({ _choice: csrf, account: ids['Alpha GmbH']! }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: choice, 'sec-fetch-site': 'cross-site' },
      });
      assert.equal(crossSite.statusCode, 403);
      clock.advance(5 * 60_000 + 1000);
      await refused(await choose(choice, { _choice: csrf, account: ids['Alpha GmbH']! }), 'an expired choice');
      assert.equal(await sessions(), before);
    });

    it('spends the choice: the same cookie and form replayed start no second session', async () => {
      const first = await login();
      const choice = choiceCookieOf(first);
      const csrf = choiceCsrfIn(first.body);
      const chosen = await choose(choice, { _choice: csrf, account: ids['Alpha GmbH']! });
      assert.equal(chosen.statusCode, 303);
      const replayed = await choose(choice, { _choice: csrf, account: ids['Beta AG']! });
      assert.equal(replayed.statusCode, 400);
      assert.match(replayed.body, /The choice has expired/);
      assert.ok(!setCookies(replayed).some((c) => c.startsWith('offerpay_session=')));
      const again = await login();
      assert.equal((await choose(choiceCookieOf(again), { _choice: choiceCsrfIn(again.body), account: ids['Beta AG']! })).statusCode, 303);
    });

    it('voids an account of the choice whose password changed since', async () => {
      const first = await login();
      await ctx().db.query("UPDATE users SET password_hash = password_hash || 'x' WHERE id = $1", [ids['Beta AG']]);
      const response = await choose(choiceCookieOf(first), { _choice: choiceCsrfIn(first.body), account: ids['Beta AG']! });
      assert.equal(response.statusCode, 400);
      const restore = await ctx().db.query('UPDATE users SET password_hash = left(password_hash, -1) WHERE id = $1', [ids['Beta AG']]);
      assert.equal(restore.rowCount, 1);
    });

    it('ends the session the browser had before choosing (no fixation)', async () => {
      const first = await login();
      const old = await choose(choiceCookieOf(first), { _choice: choiceCsrfIn(first.body), account: ids['Alpha GmbH']! });
      const oldSession = cookieOf(old);
      const second = await login(PASSWORD, oldSession);
      const next = await choose(`${choiceCookieOf(second)}; ${oldSession}`, {
        _choice: choiceCsrfIn(second.body),
        account: ids['Beta AG']!,
      });
      assert.equal(next.statusCode, 303);
      assert.notEqual(cookieOf(next), oldSession);
      const stale = await ctx().app.inject({ method: 'GET', url: '/app/offers', headers: { cookie: oldSession } });
      assert.equal(stale.statusCode, 302, 'the old session is gone');
    });

    it('switches organisation from the preferences page after the password again, throttled like sign-in', async () => {
      const first = await login();
      const signed = cookieOf(await choose(choiceCookieOf(first), { _choice: choiceCsrfIn(first.body), account: ids['Alpha GmbH']! }));
      const prefs = await ctx().app.inject({ method: 'GET', url: '/app/preferences', headers: { cookie: signed } });
      assert.match(prefs.body, /action="\/app\/preferences\/switch-organisation"/);
      assert.doesNotMatch(prefs.body, /Beta AG/, 'no names before the password');
      const csrf = await csrfOf(ctx().app, signed, '/app/preferences');
      const noCsrf = await post(ctx().app, '/app/preferences/switch-organisation', { password: PASSWORD }, signed);
      assert.equal(noCsrf.statusCode, 403);
      const wrong = await post(ctx().app, '/app/preferences/switch-organisation', { _csrf: csrf, password: 'wrong-password-here' }, signed);
      assert.equal(wrong.statusCode, 401);
      assert.doesNotMatch(wrong.body, /Beta AG/);
      const right = await post(ctx().app, '/app/preferences/switch-organisation', { _csrf: csrf, password: PASSWORD }, signed);
      assert.equal(right.statusCode, 200, right.body);
      assert.match(right.body, /Beta AG/);
      const switched = await choose(`${choiceCookieOf(right)}; ${signed}`, {
        _choice: choiceCsrfIn(right.body),
        account: ids['Beta AG']!,
        next: '/app/offers',
      });
      assert.equal(switched.statusCode, 303);
      assert.equal(
        (await ctx().app.inject({ method: 'GET', url: '/app/offers', headers: { cookie: signed } })).statusCode,
        302,
        'the session it switched from ended',
      );
      assert.equal((await whoAmI(cookieOf(switched))).status, 403, 'now the viewer of Beta AG');

      // A single-organisation user is told there is nothing to switch to.
      const solo = await ctx().newOrganisation('Solo GmbH');
      const soloEmail = uniqueEmail('solo');
      await addUser(ctx(), solo.organisation.id, { email: soloEmail, role: 'viewer' });
      const soloCookie = (await signIn(ctx().app, soloEmail)).cookie;
      const soloCsrf = await csrfOf(ctx().app, soloCookie, '/app/preferences');
      const nothing = await post(ctx().app, '/app/preferences/switch-organisation', { _csrf: soloCsrf, password: PASSWORD }, soloCookie);
      assert.equal(nothing.statusCode, 200);
      assert.match(nothing.body, /No other organisation/);

      // Throttled with sign-in's counters: five failures lock the address out here too.
      for (let i = 0; i < 5; i++)
        await post(ctx().app, '/app/preferences/switch-organisation', { _csrf: soloCsrf, password: `wrong-${i}-password` }, soloCookie);
      const locked = await post(ctx().app, '/app/preferences/switch-organisation', { _csrf: soloCsrf, password: PASSWORD }, soloCookie);
      assert.equal(locked.statusCode, 429);
      assert.ok(locked.headers['retry-after']);
      assert.equal((await post(ctx().app, '/app/login', { email: soloEmail, password: PASSWORD })).statusCode, 429);
    });
  },
  { clock },
);
