// The worker thread's side of render-off-thread.ts: document models in, PDFs out, one at a time.
import { parentPort } from 'node:worker_threads';
import { renderPdf, type Block, type DocumentModel } from './pdf.js';

// Structured cloning turns Buffers into plain Uint8Arrays; pdfkit wants Buffers for images.
const revive = (block: Block): Block => (block.kind === 'signature' && block.image ? { ...block, image: Buffer.from(block.image) } : block);

parentPort!.on('message', async ({ id, model }: { id: number; model: DocumentModel }) => {
  try {
    const pdf = await renderPdf({ ...model, blocks: model.blocks.map(revive) });
    parentPort!.postMessage({ id, pdf });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
