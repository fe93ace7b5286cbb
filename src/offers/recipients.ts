// Recipients as the use cases write them: a new row with its link token, and the signing statuses
// an offer action moves (recipient-states.ts). Both hand back the rows as written, so the use case
// answers with them instead of reading the recipients again.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Context } from '../platform/context.js';
import { encryptSecret, randomToken, sha256 } from '../platform/crypto.js';
import { AppError } from '../platform/errors.js';
import { nextSigningStatus, type RecipientAction, type RecipientRole, type SigningStatus } from './recipient-states.js';
import * as recipientsRepo from './recipients-repository.js';
import { MAX_RECIPIENTS, type RecipientInputT } from './schemas.js';

/** Adds a recipient with a fresh link token; a 422 on `propertyPath` when the offer has one with this e-mail address. */
export async function addRecipientRow(
  ctx: Context,
  tx: Queryable,
  offerId: string,
  input: RecipientInputT,
  propertyPath = 'email',
): Promise<recipientsRepo.RecipientRow> {
  // ≥ 128 random bits; only the hash is searchable, the ciphertext lets every read show the link.
  const token = randomToken(32);
  const row = await recipientsRepo.insertRecipient(tx, {
    id: crypto.randomUUID(),
    organisationId: ctx.organisationId,
    offerId,
    email: input.email.trim().toLowerCase(),
    firstName: input.firstName?.trim() || null,
    lastName: input.lastName?.trim() || null,
    role: input.role ?? 'sign',
    linkTokenHash: sha256(token),
    linkTokenEncrypted: encryptSecret(ctx.deps.secretKey, token),
    createdAt: ctx.deps.clock.now(),
  });
  if (!row)
    throw new AppError('unprocessable', 'The request body is invalid.', [
      { propertyPath, message: 'The offer already has a recipient with this e-mail address.' },
    ]);
  return row;
}

/**
 * Moves the offer's recipients (all of them, in their order) through `action`; `only` limits it to
 * some. Returns every recipient with the status it has now.
 */
export async function moveRecipients(
  ctx: Context,
  tx: Queryable,
  recipients: readonly recipientsRepo.RecipientRow[],
  action: RecipientAction,
  only?: ReadonlySet<string>,
): Promise<recipientsRepo.RecipientRow[]> {
  const moved: recipientsRepo.RecipientRow[] = [];
  for (const r of recipients) {
    const next = only && !only.has(r.id) ? null : nextSigningStatus(r.role as RecipientRole, r.signing_status as SigningStatus, action);
    if (next && next !== r.signing_status) {
      await recipientsRepo.setSigningStatus(tx, ctx.organisationId, r.id, next);
      moved.push({ ...r, signing_status: next });
    } else {
      moved.push(r);
    }
  }
  return moved;
}

/** The 422 for an offer that would have more than MAX_RECIPIENTS recipients. */
export const tooManyRecipients = (propertyPath: string) =>
  new AppError('unprocessable', 'The request body is invalid.', [
    { propertyPath, message: `An offer has at most ${MAX_RECIPIENTS} recipients.` },
  ]);
