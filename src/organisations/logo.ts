// The organisation's logo: set (PUT), removed (DELETE), served at a public URL, read by pages and PDFs.
// The bytes live in organisations.profile under LOGO_IMAGE_KEY (base64), next to the fields, because
// the media store holds only an offer's media; loadProfile() leaves them out. Each upload gets a new
// random logoMediaId, which names it in the public URL: the URL is unguessable, changes with the logo,
// and so can be cached for good. A logo is meant to be public (it heads every offer and invoice page).
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Context } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { UUID } from '../platform/schemas.js';
import { LOGO_IMAGE_KEY, lockProfile, saveProfile, type SellerProfile } from './profile.js';
import { inspectLogo, type LogoImage } from './logo-image.js';

export interface StoredLogo extends LogoImage {
  bytes: Buffer;
  /** Hex SHA-256 of the bytes (the ETag). */
  sha256: string;
}

export interface LogoRecord extends LogoImage {
  id: string;
  sha256: string;
  data: string;
}

type LogoRef = Pick<SellerProfile, 'organisationId' | 'logoMediaId'>;

/** The logo's public URL (absolute when publicUrl is given, else a path), or null without a logo. */
export function logoUrl(profile: LogoRef, publicUrl = ''): string | null {
  return profile.logoMediaId ? `${publicUrl}/media/logo/${profile.organisationId}/${profile.logoMediaId}` : null;
}

/** The logo the profile names, with its bytes; null without one (or for a logoMediaId that is not the current logo). */
export async function loadLogoBytes(q: Queryable, profile: LogoRef): Promise<StoredLogo | null> {
  if (!profile.logoMediaId || !UUID.test(profile.logoMediaId) || !UUID.test(profile.organisationId)) return null;
  const { rows } = await q.query<{ logo: LogoRecord | null }>(
    `SELECT profile -> '${LOGO_IMAGE_KEY}' AS logo FROM organisations WHERE id = $1`,
    [profile.organisationId],
  );
  return logoOf(profile, rows[0]?.logo ?? null);
}

/** The logo from the record stored under LOGO_IMAGE_KEY, if it is the one the profile names. */
export function logoOf(profile: LogoRef, logo: LogoRecord | null): StoredLogo | null {
  if (!logo || !profile.logoMediaId || logo.id !== profile.logoMediaId.toLowerCase()) return null;
  return {
    contentType: logo.contentType,
    width: logo.width,
    height: logo.height,
    sha256: logo.sha256,
    bytes: Buffer.from(logo.data, 'base64'),
  };
}

/** Replaces the logo; the profile's logoMediaId names the new one. */
export async function setLogo(ctx: Context, bytes: Buffer): Promise<{ logoMediaId: string; logoUrl: string }> {
  const image = inspectLogo(bytes);
  if (typeof image === 'string')
    throw new AppError('unprocessable', image, [{ propertyPath: 'logo', message: image, code: 'invalid_format' }]);
  const id = crypto.randomUUID();
  const record: LogoRecord = {
    id,
    ...image,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    data: bytes.toString('base64'),
  };
  const { deps, organisationId } = ctx;
  await deps.db.transaction(async (tx) => {
    const profile = await lockProfile(tx, organisationId);
    if (!profile) throw notFound('Organisation');
    await saveProfile(tx, organisationId, { ...profile, logoMediaId: id });
    await tx.query(`UPDATE organisations SET profile = jsonb_set(profile, '{${LOGO_IMAGE_KEY}}', $2::jsonb) WHERE id = $1`, [
      organisationId,
      JSON.stringify(record),
    ]);
  });
  return { logoMediaId: id, logoUrl: logoUrl({ organisationId, logoMediaId: id }, deps.config.publicUrl)! };
}

/** Removes the logo (nothing to remove is fine: DELETE is idempotent). */
export async function removeLogo(ctx: Context): Promise<void> {
  const { rowCount } = await ctx.deps.db.query(
    `UPDATE organisations SET profile = profile - '${LOGO_IMAGE_KEY}' - 'logoMediaId' WHERE id = $1`,
    [ctx.organisationId],
  );
  if (rowCount === 0) throw notFound('Organisation');
}
