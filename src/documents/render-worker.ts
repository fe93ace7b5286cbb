// The worker thread's side of render-off-thread.ts: document models in, PDFs out, one at a time.
import { parentPort } from 'node:worker_threads';
import { renderPdf, type DocumentModel } from './pdf.js';

async function render(model: DocumentModel): Promise<Buffer> {
  try {
    return await renderPdf(model);
  } catch (error) {
    // A logo that passed its signature check but does not decode must not cost the document: the name stands in.
    if (!model.letterhead?.logo) throw error;
    return renderPdf({ ...model, letterhead: { ...model.letterhead, logo: null } });
  }
}

parentPort!.on('message', async ({ id, model }: { id: number; model: DocumentModel }) => {
  try {
    const pdf = await render(model);
    parentPort!.postMessage({ id, pdf });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
