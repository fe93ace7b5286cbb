// The drawn signature: a PNG, checked before it is stored or reaches the PDF renderer.
import zlib from 'node:zlib';
import { AppError } from '../../platform/errors.js';
import { invalidBody } from './rules.js';

export const MAX_SIGNATURE_BYTES = 200 * 1024;
export const MAX_SIGNATURE_WIDTH = 3000;
export const MAX_SIGNATURE_HEIGHT = 1500;

/** A PNG as a data URL (`data:image/png;base64,…`) or bare base64, at most 200 KB decoded. */
export function parseSignatureImage(value: unknown): Buffer {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidBody([{ propertyPath: 'signatureImage', message: 'A drawn signature (PNG data URL or base64) is required.' }]);
  const match = /^data:image\/png;base64,(.*)$/s.exec(value);
  const b64 = (match ? match[1]! : value).replace(/\s+/g, '');
  if (b64.length > Math.ceil((MAX_SIGNATURE_BYTES * 4) / 3) + 4)
    throw new AppError('payload_too_large', `The signature image exceeds ${MAX_SIGNATURE_BYTES / 1024} KB.`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw invalidBody([{ propertyPath: 'signatureImage', message: 'The signature image is not valid base64.' }]);
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > MAX_SIGNATURE_BYTES)
    throw new AppError('payload_too_large', `The signature image exceeds ${MAX_SIGNATURE_BYTES / 1024} KB.`);
  if (bytes.length < 67 || !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw invalidBody([{ propertyPath: 'signatureImage', message: 'The signature image must be a PNG.' }]);
  }
  checkPng(bytes);
  return bytes;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Walks the PNG's chunks and inflates its pixel data once, bounded: pdfkit's PNG decoder throws
 * from inside a zlib callback on corrupt data (an uncaught exception), so only a PNG that decodes
 * cleanly here reaches it. Dimensions are bounded so that decoding for the PDF stays small.
 */
function checkPng(bytes: Buffer): void {
  const bad = (message: string) => invalidBody([{ propertyPath: 'signatureImage', message }]);
  let pos = 8;
  let header: { width: number; height: number; depth: number; color: number; interlace: number } | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (data.length !== length || pos + 12 + length > bytes.length) throw bad('The signature image is a truncated PNG.');
    if (type === 'IHDR' && length === 13) {
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8]!, color: data[9]!, interlace: data[12]! };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + length;
  }
  if (!header || !ended || idat.length === 0) throw bad('The signature image is not a complete PNG.');
  const { width, height, depth, color, interlace } = header;
  if (width < 1 || height < 1 || width > MAX_SIGNATURE_WIDTH || height > MAX_SIGNATURE_HEIGHT) {
    throw bad(`The signature image must be at most ${MAX_SIGNATURE_WIDTH}×${MAX_SIGNATURE_HEIGHT} pixels.`);
  }
  const channels = CHANNELS[color];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth) || interlace !== 0) throw bad('Unsupported PNG format; send a non-interlaced PNG.');
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const expected = height * (1 + rowBytes);
  let pixels: Buffer;
  try {
    pixels = zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw bad("The signature image's pixel data is corrupt.");
  }
  if (pixels.length < expected) throw bad("The signature image's pixel data is incomplete.");
  for (let row = 0; row < height; row++) if (pixels[row * (1 + rowBytes)]! > 4) throw bad("The signature image's pixel data is corrupt.");
}
