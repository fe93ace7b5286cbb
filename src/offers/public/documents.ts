// The recipient's downloads: the offer as published (rendered on request from the snapshot), and
// the signed PDF and audit trail as stored once the offer is signed.
import { databaseMediaStore as media } from '../../documents/media-store.js';
import { offerDocument, type PublishedContent } from '../../documents/offer-documents.js';
import { renderPdf } from '../../documents/pdf.js';
import type { Context } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import { offerNumber } from '../serialize.js';
import { assertNotExpired, forbidReader, readByToken } from './access.js';

export interface FileOut {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The offer as published, as a PDF (rendered on request from the snapshot). */
export async function offerPdf(ctx: Context<null>, input: { token: string }): Promise<FileOut> {
  const { offer } = await readByToken(ctx.deps.db, input.token);
  assertNotExpired(ctx.deps, offer);
  const header = { number: offerNumber(offer.number), issuedAt: isoDate(offer.issued_at), versionHash: offer.published_version_hash };
  const content = await renderPdf(offerDocument(offer.published_content as PublishedContent, header, offer.issued_at ?? offer.created_at));
  return { filename: `${header.number}.pdf`, contentType: 'application/pdf', content };
}

/** The signed PDF or the audit trail, once the offer is signed (404 before). */
export async function storedDocument(ctx: Context<null>, input: { token: string; which: 'signed' | 'audit' }): Promise<FileOut> {
  const { offer, recipient } = await readByToken(ctx.deps.db, input.token);
  if (input.which === 'audit') forbidReader(recipient, 'downloading the audit trail');
  const id = input.which === 'signed' ? offer.signed_document_id : offer.audit_log_document_id;
  if (!id) throw notFound('Document');
  const stored = await media.get(ctx.deps.db, offer.organisation_id, id);
  if (!stored) throw notFound('Document');
  return { filename: stored.filename ?? `${input.which}.pdf`, contentType: stored.contentType, content: stored.content };
}
