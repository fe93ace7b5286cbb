// The offer as published is rendered once per published version, off the request path, and served
// as stored bytes: repeated downloads neither render again nor differ, and a new version is a new document.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { it } from 'node:test';
import { renderStats } from '../../src/documents/render-off-thread.js';
import { bearer, describeEachEngine } from '../helpers/app.js';
import { pdfText } from '../helpers/pdf-text.js';
import { pub, publishedOffer } from './recipient-support.js';
import { publish } from './support.js';

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describeEachEngine('published offer PDF', (ctx) => {
  const storedDocuments = async (offerId: string) =>
    (
      await ctx().db.query<{ sha256: string; content: Buffer | null; file_path: string | null }>(
        "SELECT sha256, content, file_path FROM offer_media WHERE offer_id = $1 AND kind = 'offer_document' ORDER BY created_at",
        [offerId],
      )
    ).rows;

  it('renders a published version once and serves the stored bytes on every download', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const before = renderStats.started;
    const { offer, tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'anna@example.com', role: 'sign' }] });
    const token = tokens['anna@example.com']!;

    const first = await pub(ctx(), 'GET', token, '/document');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['content-type'], 'application/pdf');
    const second = await pub(ctx(), 'GET', token, '/document');
    assert.equal(second.statusCode, 200);
    assert.deepEqual(second.rawPayload, first.rawPayload);
    assert.equal(renderStats.started - before, 1, 'one render for publish and both downloads');
    assert.equal(first.headers.etag, `"${sha256(first.rawPayload)}"`);
    assert.match(await pdfText(first.rawPayload), /Frau Muster/);

    const rows = await storedDocuments(offer.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.sha256, sha256(first.rawPayload));

    const revalidated = await pub(ctx(), 'GET', token, '/document', undefined, { 'if-none-match': first.headers.etag as string });
    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.body, '');
    assert.equal(renderStats.started - before, 1);
  });

  it('a new published version is a new document; the old one stays as it was', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const { offer, tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'bob@example.com', role: 'sign' }] });
    const token = tokens['bob@example.com']!;
    const v1 = await pub(ctx(), 'GET', token, '/document');
    assert.equal(v1.statusCode, 200);

    const updated = await ctx().app.inject({
      method: 'PUT',
      url: `/offers/${offer.id}`,
      headers: bearer(apiToken),
      payload: { sections: ['Zweite Fassung'] },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal((await publish(ctx(), apiToken, offer.id)).statusCode, 200);

    const v2 = await pub(ctx(), 'GET', token, '/document');
    assert.equal(v2.statusCode, 200);
    assert.notEqual(v2.headers.etag, v1.headers.etag);
    assert.match(await pdfText(v2.rawPayload), /Zweite Fassung/);
    assert.deepEqual(
      (await storedDocuments(offer.id)).map((r) => r.sha256),
      [sha256(v1.rawPayload), sha256(v2.rawPayload)],
    );
  });
});
