// Replayed signatures (issue 13): the vendor's scheme signs only the body, so a captured request works
// again; a merchant that opts into timestamped signatures is protected against replay.
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sign, signTimestamped } from '../../src/invoices/signature.js';
import { pruneOnce } from '../../src/operations/retention.js';
import { ADMIN_TOKEN, bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient, setFeatures, type MerchantCredentials } from '../helpers/merchant.js';

const clock = new ManualClock();
const T0 = new Date('2026-06-01T10:00:00Z');
const unix = (date: Date) => String(Math.floor(date.getTime() / 1000));
const newNonce = () => crypto.randomBytes(16).toString('base64url');

interface Signed {
  method: 'GET' | 'POST';
  url: string;
  payload: string;
  headers: Record<string, string>;
}

/** A request as an opted-in client builds it; `over` changes what is signed, not what is sent. */
function signed(
  creds: MerchantCredentials,
  url: string,
  body: unknown = {},
  options: { method?: 'GET' | 'POST'; timestamp?: string; nonce?: string; over?: { url?: string; payload?: string } } = {},
): Signed {
  const method = options.method ?? 'POST';
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? unix(clock.now());
  const nonce = options.nonce ?? newNonce();
  const path = `/api/v2${options.over?.url ?? url}`;
  const signature = signTimestamped(creds.secret, { timestamp, nonce, method, path, body: options.over?.payload ?? payload });
  return {
    method,
    url: `/api/v2${url}`,
    payload,
    headers: {
      'content-type': 'application/json',
      'x-processing-key': creds.key,
      'x-processing-signature': signature,
      'x-processing-timestamp': timestamp,
      'x-processing-nonce': nonce,
    },
  };
}

const without = (request: Signed, header: string): Signed => {
  const headers = { ...request.headers };
  delete headers[header];
  return { ...request, headers };
};

describeEachEngine(
  'replay protection',
  (ctx) => {
    const send = (request: Signed): Promise<LightMyRequestResponse> => ctx().app.inject(request);
    const refused = (res: LightMyRequestResponse, code: string) => {
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(json(res).code, code);
      assert.equal(typeof json(res).error, 'string');
    };

    async function merchant(timestamped: boolean): Promise<{ creds: MerchantCredentials; orgId: string }> {
      const org = await ctx().newOrganisation();
      if (timestamped) assert.equal((await setFeatures(ctx().app, org.organisation.id, { timestamped_signatures: true })).statusCode, 200);
      return { creds: org.merchant, orgId: org.organisation.id };
    }

    /** Creates an invoice, signed in the merchant's scheme. */
    async function createInvoice(m: { creds: MerchantCredentials; orgId: string }, foreignId: string, timestamped: boolean) {
      const res = timestamped
        ? await send(signed(m.creds, '/invoices/create', invoiceBody({ foreign_id: foreignId })))
        : await merchantClient(ctx().app, m.creds).post('/invoices/create', invoiceBody({ foreign_id: foreignId }));
      assert.equal(res.statusCode, 200, res.body);
    }

    async function status(orgId: string, foreignId: string): Promise<string> {
      const { rows } = await ctx().db.query<{ status: string }>(
        'SELECT status FROM invoices WHERE organisation_id = $1 AND foreign_id = $2',
        [orgId, foreignId],
      );
      return rows[0]!.status;
    }

    async function callbacks(orgId: string): Promise<number> {
      const { rows } = await ctx().db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE organisation_id = $1 AND topic = 'merchant.invoice_callback'",
        [orgId],
      );
      return rows[0]!.n;
    }

    before(() => clock.set(T0));

    it('the feature is off by default, toggles through the admin API and shows in its answers', async () => {
      const { orgId } = await merchant(false);
      const list = async () =>
        json(await ctx().app.inject({ method: 'GET', url: '/admin/organisations?limit=100', headers: bearer(ADMIN_TOKEN) })).data.find(
          (o: { id: string }) => o.id === orgId,
        ).features;
      assert.deepEqual(await list(), { invoices_enabled: true, timestamped_signatures: false });
      const on = await setFeatures(ctx().app, orgId, { timestamped_signatures: true });
      assert.equal(on.statusCode, 200);
      assert.deepEqual(json(on), { invoices_enabled: true, timestamped_signatures: true });
      assert.deepEqual(await list(), { invoices_enabled: true, timestamped_signatures: true });
      assert.deepEqual(json(await setFeatures(ctx().app, orgId, { timestamped_signatures: false })), {
        invoices_enabled: true,
        timestamped_signatures: false,
      });
    });

    it('default (vendor) scheme: a replayed request still works, even against another invoice (what the scheme cannot stop)', async () => {
      const m = await merchant(false);
      await createInvoice(m, 'vendor-a', false);
      await createInvoice(m, 'vendor-b', false);
      const client = merchantClient(ctx().app, m.creds);
      assert.equal((await client.post('/invoices/vendor-a/cancel/', {})).statusCode, 200);
      // The captured headers and body `{}`, replayed against another foreign_id: accepted.
      const captured = {
        'content-type': 'application/json',
        'x-processing-key': m.creds.key,
        'x-processing-signature': sign(m.creds.secret, '{}'),
      };
      const replay = await ctx().app.inject({ method: 'POST', url: '/api/v2/invoices/vendor-b/cancel/', payload: '{}', headers: captured });
      assert.equal(replay.statusCode, 200, replay.body);
      assert.equal(await status(m.orgId, 'vendor-b'), 'failed');
    });

    it('default scheme: the extension headers are ignored, whatever they hold', async () => {
      const m = await merchant(false);
      const res = await merchantClient(ctx().app, m.creds).post(
        '/accounts/list',
        {},
        { 'x-processing-timestamp': 'soon', 'x-processing-nonce': '!' },
      );
      assert.equal(res.statusCode, 200, res.body);
    });

    it('opted in: a fresh request succeeds; the same request replayed, or sent to another invoice, is refused and changes nothing', async () => {
      const m = await merchant(true);
      await createInvoice(m, 'ts-a', true);
      await createInvoice(m, 'ts-b', true);
      const cancel = signed(m.creds, '/invoices/ts-a/cancel/');
      const first = await send(cancel);
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(json(first), []);
      assert.equal(await callbacks(m.orgId), 1);

      refused(await send(cancel), 'nonce_reused');
      refused(await send({ ...cancel, url: '/api/v2/invoices/ts-b/cancel/' }), 'bad_header_signature');
      assert.equal(await status(m.orgId, 'ts-a'), 'failed');
      assert.equal(await status(m.orgId, 'ts-b'), 'created');
      assert.equal(await callbacks(m.orgId), 1);
    });

    it('opted in: the same request sent five times at once is served exactly once', async () => {
      const m = await merchant(true);
      await createInvoice(m, 'race-a', true);
      const cancel = signed(m.creds, '/invoices/race-a/cancel/');
      const answers = await Promise.all(Array.from({ length: 5 }, () => send(cancel)));
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 403, 403, 403, 403]);
      for (const r of answers.filter((a) => a.statusCode === 403)) assert.equal(json(r).code, 'nonce_reused');
      assert.equal(await callbacks(m.orgId), 1);
    });

    it('opted in: a request signed the vendor way is refused', async () => {
      const m = await merchant(true);
      refused(await merchantClient(ctx().app, m.creds).post('/accounts/list', {}), 'required_header_timestamp');
      const vendorSigned = await merchantClient(ctx().app, m.creds).post(
        '/accounts/list',
        {},
        {
          'x-processing-timestamp': unix(clock.now()),
          'x-processing-nonce': newNonce(),
        },
      );
      refused(vendorSigned, 'bad_header_signature');
    });

    it('opted in: missing or malformed timestamp and nonce headers are refused, each by name', async () => {
      const m = await merchant(true);
      const request = signed(m.creds, '/accounts/list');
      refused(await send(without(request, 'x-processing-timestamp')), 'required_header_timestamp');
      refused(await send(without(request, 'x-processing-nonce')), 'required_header_nonce');
      for (const timestamp of ['1780308000.5', '-1780308000', 'tomorrow', '1'.repeat(13)])
        refused(await send(signed(m.creds, '/accounts/list', {}, { timestamp })), 'bad_header_timestamp');
      for (const nonce of ['short', 'x'.repeat(65), 'has space in it 123', 'dots.are.not.allowed'])
        refused(await send(signed(m.creds, '/accounts/list', {}, { nonce })), 'bad_header_nonce');
      // The key and signature headers come first, as in the vendor's scheme.
      refused(await send(without(request, 'x-processing-signature')), 'required_header_signature');
      // None of these spent the nonce.
      assert.equal((await send(request)).statusCode, 200);
    });

    it('opted in: a timestamp more than 300 seconds in the past or the future is refused; at 300 it is accepted', async () => {
      const m = await merchant(true);
      const at = (offsetSeconds: number) => unix(new Date(clock.now().getTime() + offsetSeconds * 1000));
      refused(await send(signed(m.creds, '/accounts/list', {}, { timestamp: at(-301) })), 'timestamp_outside_window');
      refused(await send(signed(m.creds, '/accounts/list', {}, { timestamp: at(301) })), 'timestamp_outside_window');
      assert.equal((await send(signed(m.creds, '/accounts/list', {}, { timestamp: at(-300) }))).statusCode, 200);
      assert.equal((await send(signed(m.creds, '/accounts/list', {}, { timestamp: at(300) }))).statusCode, 200);
    });

    it('opted in: a tampered body, path or query is refused, and does not spend the nonce', async () => {
      const m = await merchant(true);
      await createInvoice(m, 'tamper-a', true);
      const nonce = newNonce();
      const body = invoiceBody({ foreign_id: 'tamper-b', amount: '10.00' });
      const tampered = signed(m.creds, '/invoices/create', body, { nonce, over: { payload: JSON.stringify({ ...body, amount: '1.00' }) } });
      refused(await send(tampered), 'bad_header_signature');
      const query = signed(m.creds, '/transactions/info?foreign_id=tamper-b', '', {
        method: 'GET',
        over: { url: '/transactions/info?foreign_id=tamper-a' },
      });
      refused(await send(query), 'bad_header_signature');
      const genuine = await send(signed(m.creds, '/invoices/create', body, { nonce }));
      assert.equal(genuine.statusCode, 200, genuine.body);
      assert.equal(json(genuine).data.amount, '10.00000000');
    });

    it('opted in: the same nonce for two merchants is fine; reused by one merchant within the window it is not', async () => {
      const [one, two] = [await merchant(true), await merchant(true)];
      const nonce = newNonce();
      assert.equal((await send(signed(one.creds, '/accounts/list', {}, { nonce }))).statusCode, 200);
      assert.equal((await send(signed(two.creds, '/accounts/list', {}, { nonce }))).statusCode, 200);
      refused(await send(signed(one.creds, '/currencies/list', {}, { nonce })), 'nonce_reused');
    });

    it('a nonce is remembered for its window; retention then purges it, and beyond the window the timestamp refuses the replay', async () => {
      const m = await merchant(true);
      const nonce = newNonce();
      const request = signed(m.creds, '/accounts/list', {}, { nonce });
      assert.equal((await send(request)).statusCode, 200);
      const sentAt = clock.now();
      const kept = async () =>
        (await ctx().db.query('SELECT 1 FROM merchant_nonces WHERE organisation_id = $1 AND nonce = $2', [m.orgId, nonce])).rows.length;

      assert.equal((await pruneOnce(ctx().deps, new Date(sentAt.getTime() + 299_000))).ran, true);
      assert.equal(await kept(), 1);
      clock.set(new Date(sentAt.getTime() + 299_000));
      refused(await send(request), 'nonce_reused');

      const result = await pruneOnce(ctx().deps, new Date(sentAt.getTime() + 301_000));
      assert.ok(result.nonces >= 1);
      assert.equal(await kept(), 0);
      clock.set(new Date(sentAt.getTime() + 301_000));
      refused(await send(request), 'timestamp_outside_window');
      // The merchant's own new request may use the nonce again once its first window is over.
      assert.equal((await send(signed(m.creds, '/accounts/list', {}, { nonce }))).statusCode, 200);
      clock.set(T0);
    });

    it('an expired nonce not yet purged is taken over by a fresh request', async () => {
      const m = await merchant(true);
      const nonce = newNonce();
      assert.equal((await send(signed(m.creds, '/accounts/list', {}, { nonce }))).statusCode, 200);
      clock.advance(600_000);
      assert.equal((await send(signed(m.creds, '/accounts/list', {}, { nonce }))).statusCode, 200);
      refused(await send(signed(m.creds, '/accounts/list', {}, { nonce })), 'nonce_reused');
      clock.set(T0);
    });

    it('switched back off, the merchant is served the vendor scheme again', async () => {
      const m = await merchant(true);
      await setFeatures(ctx().app, m.orgId, { timestamped_signatures: false });
      assert.equal((await merchantClient(ctx().app, m.creds).post('/accounts/list', {})).statusCode, 200);
    });
  },
  { clock },
);
