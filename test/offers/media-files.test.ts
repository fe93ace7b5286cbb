// Media in files: an upload streams to the media directory while it is hashed, the row keeps its
// path and SHA-256 but no bytes, and a download streams the same bytes back. An upload cut short
// leaves neither a file nor a row. Runs on both engines with MEDIA_DIR set (without it, PostgreSQL
// keeps bytes in the row: offers.happy covers that).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, it } from 'node:test';
import { sweepMediaFiles } from '../../src/documents/media-store.js';
import { bearer, describeEachEngine, tempDataDir } from '../helpers/app.js';
import { createOffer, getOffer } from './support.js';

const mediaDir = path.join(tempDataDir(), 'shared-media');
after(() => fs.rmSync(path.dirname(mediaDir), { recursive: true, force: true }));

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const boundary = '----offerpay-media';

function acceptanceForm(pdf: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="acceptedAt"\r\n\r\n2026-06-01T09:00:00Z\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="signed.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [e.name]))
    : [];

describeEachEngine(
  'media files',
  (ctx) => {
    const accept = (apiToken: string, offerId: string, payload: Buffer) =>
      ctx().app.inject({
        method: 'POST',
        url: `/api/offers/${offerId}/accept`,
        headers: { ...bearer(apiToken), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });

    it('a large upload lands as a file, not in the table, and downloads byte for byte', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken, { name: 'Large' });
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(4 * 1024 * 1024)]);
      const res = await accept(apiToken, offer.id, acceptanceForm(pdf));
      assert.equal(res.statusCode, 200, res.body);
      const id = (await getOffer(ctx(), apiToken, offer.id)).signedDocument as string;

      const { rows } = await ctx().db.query<{ content: Buffer | null; file_path: string; sha256: string; size_bytes: number }>(
        'SELECT content, file_path, sha256, size_bytes FROM offer_media WHERE id = $1',
        [id],
      );
      assert.equal(rows[0]!.content, null);
      assert.equal(rows[0]!.size_bytes, pdf.length);
      assert.equal(rows[0]!.sha256, sha256(pdf));
      assert.equal(rows[0]!.file_path, path.join(organisation.id, id));
      assert.equal(sha256(fs.readFileSync(path.join(mediaDir, organisation.id, id))), sha256(pdf));
      assert.deepEqual(filesUnder(path.join(mediaDir, 'tmp')), [], 'no part left behind');

      const download = await ctx().app.inject({ method: 'GET', url: `/media/${id}/download`, headers: bearer(apiToken) });
      assert.equal(download.statusCode, 200, download.body);
      assert.equal(download.rawPayload.length, pdf.length);
      assert.equal(sha256(download.rawPayload), sha256(pdf));
      assert.equal(download.headers.etag, `"${sha256(pdf)}"`);
    });

    it('an upload cut short leaves no file and no row, and the offer unchanged', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken, { name: 'Cut short' });
      const whole = acceptanceForm(Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(2 * 1024 * 1024)]));
      const res = await accept(apiToken, offer.id, whole.subarray(0, 1024 * 1024));
      assert.equal(res.statusCode, 400, res.body);
      const { rows } = await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM offer_media WHERE organisation_id = $1', [
        organisation.id,
      ]);
      assert.equal(rows[0]!.n, 0);
      assert.deepEqual(filesUnder(path.join(mediaDir, organisation.id)), []);
      assert.deepEqual(filesUnder(path.join(mediaDir, 'tmp')), []);
      assert.equal((await getOffer(ctx(), apiToken, offer.id)).signed, false);
    });

    it('the sweep removes files no row names once a day old, and keeps every file a row names', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken, { name: 'Kept' });
      const pdf = Buffer.from('%PDF-1.7\nkept');
      assert.equal((await accept(apiToken, offer.id, acceptanceForm(pdf))).statusCode, 200);
      const kept = (await getOffer(ctx(), apiToken, offer.id)).signedDocument as string;
      const orphan = path.join(mediaDir, organisation.id, crypto.randomUUID());
      const part = path.join(mediaDir, 'tmp', `${crypto.randomUUID()}.part`);
      const fresh = path.join(mediaDir, organisation.id, crypto.randomUUID());
      for (const file of [orphan, part, fresh]) fs.writeFileSync(file, 'x');
      const old = new Date(Date.now() - 2 * 24 * 60 * 60_000);
      for (const file of [orphan, part, path.join(mediaDir, organisation.id, kept)]) fs.utimesSync(file, old, old);

      assert.ok((await sweepMediaFiles(ctx().deps, new Date())) >= 2);
      assert.equal(fs.existsSync(orphan), false);
      assert.equal(fs.existsSync(part), false);
      assert.equal(fs.existsSync(fresh), true, 'younger than a day: its row may still be committing');
      const download = await ctx().app.inject({ method: 'GET', url: `/media/${kept}/download`, headers: bearer(apiToken) });
      assert.deepEqual(download.rawPayload, pdf);
    });
  },
  { env: { MEDIA_DIR: mediaDir } },
);
