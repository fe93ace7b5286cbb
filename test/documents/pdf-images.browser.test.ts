// Page images of the three documents, as a reader sees them: each PDF (from the real flow, with a
// logo) is rendered page by page with pdf.js in Chromium — pdf.js served from node_modules through
// page.route, nothing from the network — and saved into test-output/ next to the screenshots.
// Each image must show something: a blank page means the document lost its content.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestApp, ManualClock, type TestApp } from '../helpers/app.js';
import { browserSkip, launchChromium, OUTPUT_DIR } from '../helpers/browser.js';
import { logoPng, offerPdfs } from './documents-support.js';

const require = createRequire(import.meta.url);
const PDFJS = path.dirname(require.resolve('pdfjs-dist/build/pdf.mjs'));
const ORIGIN = 'http://pdf.test';

const PAGE = `<!doctype html><meta charset="utf-8"><body><script type="module">
import * as pdfjs from '${ORIGIN}/pdfjs/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '${ORIGIN}/pdfjs/pdf.worker.mjs';
window.renderPages = async (base64) => {
  const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const doc = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = document.createElement('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    const context = canvas.getContext('2d');
    await page.render({ canvasContext: context, viewport }).promise;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) inked++;
    pages.push({ png: canvas.toDataURL('image/png'), inked: inked / (pixels.length / 4) });
  }
  return pages;
};
window.ready = true;
</script>`;

describe('offer documents as page images (pdf.js in Chromium)', { skip: browserSkip }, () => {
  const clock = new ManualClock();
  let t: TestApp;
  let browser: Browser;

  before(async () => {
    t = await createTestApp('pglite', { clock });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const lang of ['de', 'en'] as const) {
    it(`${lang}: every page of the offer, the signed PDF and the audit trail renders with content`, async () => {
      const pdfs = await offerPdfs(t, clock, { lang, mode: 'esignature', logo: logoPng() });
      const page = await browser.newPage();
      try {
        await page.route('**/*', async (route) => {
          const url = new URL(route.request().url());
          if (url.origin !== ORIGIN) return route.abort();
          if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
          const file = path.join(PDFJS, path.basename(url.pathname));
          if (!url.pathname.startsWith('/pdfjs/') || !fs.existsSync(file)) return route.fulfill({ status: 404 });
          return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(file) });
        });
        await page.goto(`${ORIGIN}/`);
        await page.waitForFunction('window.ready === true');
        fs.mkdirSync(OUTPUT_DIR, { recursive: true });
        for (const [name, pdf] of [
          ['offer', pdfs.offer],
          ['signed', pdfs.signed],
          ['audit-trail', pdfs.audit],
        ] as const) {
          const images = (await page.evaluate(`window.renderPages(${JSON.stringify(pdf.toString('base64'))})`)) as {
            png: string;
            inked: number;
          }[];
          assert.ok(images.length >= 1, `${name}: no page`);
          images.forEach((image, i) => {
            const file = path.join(OUTPUT_DIR, `document-${name}-${lang}-page-${i + 1}.png`);
            fs.writeFileSync(file, Buffer.from(image.png.split(',')[1]!, 'base64'));
            // A page with only its footer inks well under 1 %; text, tables and a logo ink more.
            assert.ok(image.inked > 0.005, `${file} is blank (${(image.inked * 100).toFixed(2)} % inked)`);
          });
        }
      } finally {
        await page.close();
      }
    });
  }
});
