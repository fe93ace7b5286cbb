// What a logo upload must be: a PNG or JPEG by its magic bytes (the Content-Type is not trusted), at
// most MAX_LOGO_BYTES, with pixel dimensions read from the header (PNG's IHDR, JPEG's SOF segment)
// within 16–4000 px a side. Pure: no I/O.

export const MAX_LOGO_BYTES = 512 * 1024;
export const MAX_LOGO_SIDE = 4000;
export const MIN_LOGO_SIDE = 16;

export interface LogoImage {
  contentType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(bytes: Buffer): { width: number; height: number } | null {
  // Signature, then the IHDR chunk first: length (4), "IHDR", width (4), height (4).
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Walks the JPEG segments to the first start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC). */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // markers without a length
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

/** The image, or the reason it is refused (a sentence for the client). */
export function inspectLogo(bytes: Buffer): LogoImage | string {
  if (bytes.length === 0) return 'The logo is empty: send the PNG or JPEG bytes as the request body.';
  if (bytes.length > MAX_LOGO_BYTES) return `The logo is larger than ${MAX_LOGO_BYTES / 1024} KB.`;
  let image: LogoImage | null = null;
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    const size = pngSize(bytes);
    image = size && { contentType: 'image/png', ...size };
  } else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    image = size && { contentType: 'image/jpeg', ...size };
  } else return 'The logo must be a PNG or JPEG image.';
  if (!image) return 'The image header is damaged: its size cannot be read.';
  const { width, height } = image;
  if (width < MIN_LOGO_SIDE || height < MIN_LOGO_SIDE || width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE)
    return `The logo must be ${MIN_LOGO_SIDE} to ${MAX_LOGO_SIDE} pixels a side (it is ${width}×${height}).`;
  return image;
}
