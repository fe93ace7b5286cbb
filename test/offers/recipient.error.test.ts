// The recipient's side, errors: wrong token, removed recipient, archived and unpublished offers (404),
// expiry (410), roles (403), missing consent and bad input (422), oversized image and upload (413),
// wrong state (409), and cross-organisation media (404).
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { INVOICE_DETAILS, PNG_DATA_URL, pub, publishedOffer, sign, tokenOf } from './recipient-support.js';
import { createOffer, getOffer, scopedToken } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
  const boundary = `----offerpay${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${file.name}"; filename="po.pdf"\r\ncontent-type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
      ),
    );
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachEngine(
  'recipient (errors and security)',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('404 for a wrong or malformed token, a removed recipient, an unpublished or archived offer', async () => {
      const { apiToken } = await ctx().newOrganisation();
      for (const token of ['x'.repeat(43), 'short', '%2e%2e']) {
        const res = await pub(ctx(), 'GET', token);
        assert.equal(res.statusCode, 404, token);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
      const draft = await createOffer(ctx(), apiToken, {
        name: 'Draft',
        recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
      });
      const draftToken = tokenOf(draft.recipients[0].link);
      assert.equal((await pub(ctx(), 'GET', draftToken)).statusCode, 404, 'unpublished');
      const removed = await ctx().app.inject({
        method: 'DELETE',
        url: `/offers/${draft.id}/recipients/${draft.recipients[1].id}`,
        headers: bearer(apiToken),
      });
      assert.equal(removed.statusCode, 200);
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'c@example.com' }] });
      assert.equal((await pub(ctx(), 'GET', tokens['c@example.com']!)).statusCode, 200);
      assert.equal(
        (await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/archive`, headers: bearer(apiToken) })).statusCode,
        200,
      );
      for (const [method, path] of [
        ['GET', ''],
        ['POST', '/accept'],
        ['GET', '/document'],
      ] as const) {
        assert.equal(
          (await pub(ctx(), method, tokens['c@example.com']!, path, method === 'POST' ? { consent: true } : undefined)).statusCode,
          404,
          path,
        );
      }
      assert.equal((await pub(ctx(), 'GET', tokenOf(draft.recipients[1].link))).statusCode, 404, 'removed recipient');
    });

    it('410 for every public action once validUntil has passed (before acceptance)', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { tokens } = await publishedOffer(ctx(), apiToken, {
        validUntil: '2026-06-02T00:00:00Z',
        recipients: [{ email: 'a@example.com' }],
      });
      const e = await publishedOffer(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        validUntil: '2026-06-02T00:00:00Z',
        recipients: [{ email: 'b@example.com' }],
      });
      clock.set(new Date('2026-06-02T00:00:00Z'));
      const calls = [
        pub(ctx(), 'GET', tokens['a@example.com']!),
        pub(ctx(), 'GET', tokens['a@example.com']!, '/document'),
        pub(ctx(), 'POST', tokens['a@example.com']!, '/accept', { consent: true }),
        pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS),
        sign(ctx(), e.tokens['b@example.com']!),
      ];
      for (const res of await Promise.all(calls)) {
        assert.equal(res.statusCode, 410, res.body);
        assert.equal(json(res).type, '/problems/expired');
      }
    });

    it('403 for a read recipient on every action; 403 for a countersigner accepting', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { tokens } = await publishedOffer(ctx(), apiToken, {
        recipients: [
          { email: 'r@example.com', role: 'read' },
          { email: 's@example.com', role: 'sign' },
          { email: 'c@example.com', role: 'countersigner' },
        ],
      });
      const e = await publishedOffer(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        recipients: [
          { email: 'r@example.com', role: 'read' },
          { email: 's@example.com', role: 'sign' },
        ],
      });
      assert.equal((await pub(ctx(), 'GET', tokens['r@example.com']!)).statusCode, 200, 'a reader reads');
      assert.deepEqual(json(await pub(ctx(), 'GET', tokens['r@example.com']!)).actions, {
        accept: false,
        sign: false,
        submitInvoiceDetails: false,
        decline: false,
      });
      assert.equal((await pub(ctx(), 'POST', tokens['r@example.com']!, '/accept', { consent: true })).statusCode, 403);
      assert.equal((await pub(ctx(), 'POST', tokens['r@example.com']!, '/invoice-details', INVOICE_DETAILS)).statusCode, 403);
      assert.equal((await sign(ctx(), e.tokens['r@example.com']!)).statusCode, 403);
      assert.equal((await pub(ctx(), 'POST', tokens['c@example.com']!, '/accept', { consent: true })).statusCode, 403);
      // Once the buyer gave the invoice details, a reader does not see them.
      await pub(ctx(), 'POST', tokens['s@example.com']!, '/accept', { consent: true });
      assert.equal((await pub(ctx(), 'POST', tokens['s@example.com']!, '/invoice-details', INVOICE_DETAILS)).statusCode, 200);
      assert.equal(json(await pub(ctx(), 'GET', tokens['r@example.com']!)).offer.capturedInvoiceDetails, null);
      // A reader downloads the signed PDF, but not the audit trail (IP addresses of the parties).
      assert.equal((await pub(ctx(), 'GET', tokens['r@example.com']!, '/signed-document')).statusCode, 200);
      assert.equal((await pub(ctx(), 'GET', tokens['r@example.com']!, '/audit-log')).statusCode, 403);
      assert.equal(json(await pub(ctx(), 'GET', tokens['r@example.com']!)).documents.auditLog, null);
      assert.equal((await pub(ctx(), 'GET', tokens['s@example.com']!, '/audit-log')).statusCode, 200);
      assert.equal(json(await pub(ctx(), 'GET', tokens['s@example.com']!)).offer.capturedInvoiceDetails.city, 'Berlin');
    });

    it('422 without consent, with a bad name, image or invoice details; 409 in the wrong mode or state', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'a@example.com' }] });
      const t = tokens['a@example.com']!;
      for (const body of [{}, { consent: false }]) {
        const res = await pub(ctx(), 'POST', t, '/accept', body);
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(json(res).violations[0].propertyPath, 'consent');
      }
      // Click offer: signing is the wrong mode; details before acceptance are the wrong state.
      assert.equal((await sign(ctx(), t)).statusCode, 409);
      assert.equal((await pub(ctx(), 'POST', t, '/invoice-details', INVOICE_DETAILS)).statusCode, 409);
      assert.equal((await pub(ctx(), 'POST', t, '/accept', { consent: true })).statusCode, 200);
      assert.equal((await pub(ctx(), 'POST', t, '/accept', { consent: true })).statusCode, 409, 'accepted already');
      const bad = await pub(ctx(), 'POST', t, '/invoice-details', {
        ...INVOICE_DETAILS,
        country: 'Germany',
        email: 'nope',
        vatId: '123',
        leitwegId: 'x',
        zip: '',
        extra: '1',
      });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.deepEqual(
        json(bad)
          .violations.map((v: { propertyPath: string }) => v.propertyPath)
          .sort(),
        ['country', 'email', 'extra', 'leitwegId', 'vatId', 'zip'],
      );

      const e = await publishedOffer(ctx(), apiToken, { acceptanceMode: 'esignature', recipients: [{ email: 'b@example.com' }] });
      const s = e.tokens['b@example.com']!;
      const noConsent = await sign(ctx(), s, 'Bea', { consent: false });
      assert.equal(noConsent.statusCode, 422);
      assert.equal(json(noConsent).violations[0].propertyPath, 'consent');
      assert.equal((await sign(ctx(), s, ' ')).statusCode, 422);
      assert.equal(
        (
          await sign(ctx(), s, 'Bea Bauer', {
            signatureImage:
              'data:image/png;base64,' +
              Buffer.from('GIF89a not a png at all, just text that is long enough to pass length checks').toString('base64'),
          })
        ).statusCode,
        422,
      );
      assert.equal((await sign(ctx(), s, 'Bea Bauer', { signatureImage: '!!!' })).statusCode, 422);
      // A PNG signature and header with garbage behind it: 422 now, not a failure when the PDF is rendered.
      const corrupt = Buffer.concat([Buffer.from(PNG_DATA_URL.split(',')[1]!, 'base64').subarray(0, 33), Buffer.alloc(80, 7)]);
      const corruptRes = await sign(ctx(), s, 'Bea Bauer', { signatureImage: corrupt.toString('base64') });
      assert.equal(corruptRes.statusCode, 422, corruptRes.body);
      assert.equal(
        (await pub(ctx(), 'POST', s, '/accept', { consent: true })).statusCode,
        409,
        'e-signature offers are signed, not clicked',
      );
      const big = Buffer.concat([Buffer.from(PNG_DATA_URL.split(',')[1]!, 'base64'), Buffer.alloc(210 * 1024)]);
      const tooBig = await sign(ctx(), s, 'Bea Bauer', { signatureImage: `data:image/png;base64,${big.toString('base64')}` });
      assert.equal(tooBig.statusCode, 413, tooBig.body);
      assert.equal((await sign(ctx(), s, 'Bea Bauer')).statusCode, 200);
      assert.equal((await sign(ctx(), s, 'Bea Bauer')).statusCode, 409, 'signed already');
    });

    it('purchase order upload: a PDF is linked; a non-PDF is 422; over 20 MB is 413', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'a@example.com' }] });
      const t = tokens['a@example.com']!;
      await pub(ctx(), 'POST', t, '/accept', { consent: true });
      const notPdf = multipart(INVOICE_DETAILS, { name: 'purchaseOrder', content: Buffer.from('hello') });
      assert.equal((await ctx().app.inject({ method: 'POST', url: `/public/offers/${t}/invoice-details`, ...notPdf })).statusCode, 422);
      const huge = multipart(INVOICE_DETAILS, {
        name: 'purchaseOrder',
        content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20 * 1024 * 1024 + 10)]),
      });
      assert.equal((await ctx().app.inject({ method: 'POST', url: `/public/offers/${t}/invoice-details`, ...huge })).statusCode, 413);
      assert.equal((await getOffer(ctx(), apiToken, offer.id)).status, 'awaiting_invoice_details');
      const po = Buffer.from('%PDF-1.4\n% purchase order\n%%EOF\n');
      const ok = await ctx().app.inject({
        method: 'POST',
        url: `/public/offers/${t}/invoice-details`,
        ...multipart(INVOICE_DETAILS, { name: 'purchaseOrder', content: po }),
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const seller = await getOffer(ctx(), apiToken, offer.id);
      assert.equal(seller.status, 'signed');
      assert.equal(seller.capturedInvoiceDetails.companyName, 'Müller & Söhne GmbH');
      const media = await scopedToken(ctx(), organisation.id, ['media:read']);
      const dl = await ctx().app.inject({ method: 'GET', url: `/media/${seller.purchaseOrderDocument}/download`, headers: bearer(media) });
      assert.equal(dl.statusCode, 200);
      assert.deepEqual(dl.rawPayload, po);
    });

    it("media: another organisation's media is 404; the scope media:read is needed; no token is 401", async () => {
      const a = await ctx().newOrganisation();
      const b = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), a.apiToken, { recipients: [{ email: 'a@example.com' }] });
      await pub(ctx(), 'POST', tokens['a@example.com']!, '/accept', { consent: true });
      await pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS);
      const id = (await getOffer(ctx(), a.apiToken, offer.id)).signedDocument;
      const other = await scopedToken(ctx(), b.organisation.id, ['media:read']);
      assert.equal((await ctx().app.inject({ method: 'GET', url: `/media/${id}/download`, headers: bearer(other) })).statusCode, 404);
      assert.equal(
        (await ctx().app.inject({ method: 'POST', url: `/media/${id}/download-token`, headers: bearer(other) })).statusCode,
        404,
      );
      const noScope = await scopedToken(ctx(), a.organisation.id, ['offer:read']);
      assert.equal((await ctx().app.inject({ method: 'GET', url: `/media/${id}/download`, headers: bearer(noScope) })).statusCode, 403);
      assert.equal((await ctx().app.inject({ method: 'GET', url: `/media/${id}/download` })).statusCode, 401);
      assert.equal((await ctx().app.inject({ method: 'GET', url: `/media/not-a-uuid/download`, headers: bearer(other) })).statusCode, 404);
      assert.equal((await ctx().app.inject({ method: 'GET', url: `/media/${id}/download/${'x'.repeat(43)}` })).statusCode, 404);
    });
  },
  { clock },
);
