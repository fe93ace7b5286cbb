// Reads what the documents show of the seller: the organisation profile and its logo's bytes. A logo
// that is missing, too large or not a PNG/JPEG is left out, and the letterhead shows the name instead.
import type { Readable } from 'node:stream';
import { loadProfile } from '../organisations/profile.js';
import type { Deps } from '../platform/deps.js';
import { getMedia } from './media-store.js';
import { isDrawableImage } from './pdf.js';
import type { SellerInput } from './seller.js';

/** A letterhead logo larger than this is not drawn (it would only bloat every document). */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

async function readAll(stream: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readLogo(deps: Pick<Deps, 'config' | 'db'>, organisationId: string, mediaId: string): Promise<Uint8Array | null> {
  const media = await getMedia(deps, organisationId, mediaId);
  if (!media || media.sizeBytes > MAX_LOGO_BYTES) return null;
  const opened = await media.open();
  const bytes = Buffer.isBuffer(opened) ? opened : await readAll(opened, MAX_LOGO_BYTES);
  return isDrawableImage(bytes) ? bytes : null;
}

export async function loadSeller(deps: Pick<Deps, 'config' | 'db'>, organisationId: string): Promise<SellerInput> {
  const profile = await loadProfile(deps.db, organisationId);
  const logo = profile?.logoMediaId ? await readLogo(deps, organisationId, profile.logoMediaId).catch(() => null) : null;
  return { profile, logo };
}
