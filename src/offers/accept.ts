// Record a manual acceptance (the customer signed elsewhere): optionally with the signed PDF. Signed
// is signed: the subscription starts as it does when recipients sign.
import crypto from 'node:crypto';
import { putMedia } from '../documents/media-store.js';
import type { Context } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import type { FormInput, UploadedFile, UploadLimits } from '../platform/multipart.js';
import { supersedeApproval } from './approval/supersede.js';
import * as repo from './repository.js';
import { enqueueEvents, lockOffer, offerView, recordActivity, requireTransition } from './steps.js';
import { startSubscription } from './subscription.js';

export interface AcceptOffer {
  offerId: string;
  acceptedAt: Date;
  file?: UploadedFile;
}

/** The upload: `acceptedAt` and at most one signed PDF under `file` (≤ 20 MB). */
export const ACCEPT_UPLOAD: UploadLimits = {
  fileField: 'file',
  wrongFieldMessage: 'Unknown file field; send the PDF as "file".',
  maxFileBytes: 20 * 1024 * 1024,
  maxFields: 10,
};

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const unprocessable = (propertyPath: string, message: string) =>
  new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath, message }]);

/** The acceptance a form says (multipart `acceptedAt` + optional `file`, or JSON `{acceptedAt}`); a 422 for what it cannot be. */
export function acceptanceOf(form: FormInput): Omit<AcceptOffer, 'offerId'> {
  let file: AcceptOffer['file'];
  if (form.file) {
    if (form.file.head.subarray(0, 5).toString('latin1') !== '%PDF-') throw unprocessable('file', 'The file must be a PDF.');
    file = form.file;
  }
  const acceptedAt = form.fields.acceptedAt;
  if (acceptedAt === undefined || acceptedAt === '') throw unprocessable('acceptedAt', 'This value is required.');
  if (typeof acceptedAt !== 'string' || !ISO_8601.test(acceptedAt) || Number.isNaN(Date.parse(acceptedAt))) {
    throw unprocessable('acceptedAt', 'This value should be an ISO-8601 date-time with offset.');
  }
  return { acceptedAt: new Date(acceptedAt), ...(file ? { file } : {}) };
}

export async function acceptOffer(ctx: Context, input: AcceptOffer) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lockOffer(ctx, tx, input.offerId);
    const to = requireTransition(row, 'accept_manually');
    const now = ctx.deps.clock.now();
    if (input.acceptedAt.getTime() > now.getTime()) throw unprocessable('acceptedAt', 'The acceptance cannot lie in the future.');
    let mediaId: string | null = null;
    if (input.file) {
      mediaId = crypto.randomUUID();
      await putMedia(ctx.deps, tx, {
        id: mediaId,
        organisationId: ctx.organisationId,
        offerId: row.id,
        kind: 'signed_document',
        filename: input.file.filename,
        contentType: 'application/pdf',
        content: input.file.content,
        createdAt: now,
      });
    }
    const started = await startSubscription(tx, row, row.name, now);
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, {
      status: to,
      signed: true,
      signed_at: input.acceptedAt,
      signed_document_id: mediaId ?? row.signed_document_id,
      subscription_id: started.id,
      subscription: started.subscription,
      updated_at: now,
    });
    await recordActivity(ctx, tx, row, 'offer.accepted', {
      manual: true,
      acceptedAt: input.acceptedAt.toISOString(),
      signedDocument: mediaId,
      subscriptionId: started.id,
      subscriptionStatus: started.status,
    });
    await supersedeApproval(ctx, tx, row, now, 'offer_accepted');
    await enqueueEvents(ctx, tx, row, ['offer.accepted', 'offer.signed'], await offerView(ctx, tx, updated));
    return { status: updated.status, signedAt: updated.signed_at! };
  });
}
