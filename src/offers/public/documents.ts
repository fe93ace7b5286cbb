// The recipient's downloads: the offer as published (rendered once per published version and stored,
// offers/published-document.ts), and the signed PDF and audit trail as stored once the offer is signed.
import type { Readable } from 'node:stream';
import { getMedia, type StoredMedia } from '../../documents/media-store.js';
import type { Context } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { publishedDocument } from '../published-document.js';
import { assertNotExpired, forbidReader, readByToken } from './access.js';

export interface FileOut {
  filename: string;
  contentType: string;
  content: Buffer | Readable;
  /** Hex SHA-256 of the bytes, when known: the ETag. */
  sha256?: string;
}

/** How long a download waits for the version's render in flight before answering 503 with Retry-After. */
export const RENDER_WAIT_MS = 30_000;
export const RENDER_RETRY_AFTER_S = 5;

export const fileOf = async (m: StoredMedia): Promise<FileOut> => ({
  filename: m.filename ?? `${m.kind}.pdf`,
  contentType: m.contentType,
  content: await m.open(),
  ...(m.sha256 ? { sha256: m.sha256 } : {}),
});

/** The offer as published, as a PDF: the stored bytes of the published version. */
export async function offerPdf(ctx: Context<null>, input: { token: string }): Promise<FileOut> {
  const { offer } = await readByToken(ctx.deps.db, input.token);
  assertNotExpired(ctx.deps, offer);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), RENDER_WAIT_MS);
  });
  try {
    const stored = await Promise.race([publishedDocument(ctx.deps, offer), waited]);
    if (!stored) throw new AppError('unavailable', 'The document is still being prepared; try again in a few seconds.');
    return await fileOf(stored);
  } finally {
    clearTimeout(timer);
  }
}

/** The signed PDF or the audit trail, once the offer is signed (404 before). */
export async function storedDocument(ctx: Context<null>, input: { token: string; which: 'signed' | 'audit' }): Promise<FileOut> {
  const { offer, recipient } = await readByToken(ctx.deps.db, input.token);
  if (input.which === 'audit') forbidReader(recipient, 'downloading the audit trail');
  const id = input.which === 'signed' ? offer.signed_document_id : offer.audit_log_document_id;
  if (!id) throw notFound('Document');
  const stored = await getMedia(ctx.deps, offer.organisation_id, id);
  if (!stored) throw notFound('Document');
  return fileOf(stored);
}
