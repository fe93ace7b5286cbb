// Well-formed, malformed and truncated multipart/form-data bodies for the two upload routes
// (POST /public/offers/{token}/invoice-details and POST /api/offers/{id}/accept).
import type { Rng } from './random.js';

interface Part {
  name?: string;
  filename?: string;
  contentType?: string;
  content: string | Buffer;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export function encodeParts(parts: Part[], boundary: string, eol = '\r\n', close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}${eol}`;
    if (part.name !== undefined)
      head += `Content-Disposition: form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}${eol}`;
    if (part.contentType) head += `Content-Type: ${part.contentType}${eol}`;
    chunks.push(Buffer.from(`${head}${eol}`), Buffer.from(part.content), Buffer.from(eol));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--${eol}`));
  return Buffer.concat(chunks);
}

function fieldsFor(route: 'details' | 'accept', rng: Rng): Part[] {
  const fields: Record<string, string> =
    route === 'accept'
      ? { acceptedAt: rng.pick(['2026-05-01T10:00:00Z', 'yesterday', '', '2026-13-45T99:00:00Z']) }
      : {
          companyName: 'Käufer AG',
          street: 'Hauptstr. 1',
          zip: '10115',
          city: 'Berlin',
          country: rng.pick(['DE', 'XX', '']),
          email: 'b@example.com',
        };
  const parts: Part[] = Object.entries(fields).map(([name, content]) => ({ name, content }));
  if (rng.chance(0.6))
    parts.push({ name: route === 'accept' ? 'file' : 'purchaseOrder', filename: 'po.pdf', contentType: 'application/pdf', content: PDF });
  return parts;
}

/** A multipart body and its Content-Type, broken in one of several ways (or not at all). */
export function multipartBody(route: 'details' | 'accept', rng: Rng): { variant: string; contentType: string; body: Buffer } {
  const boundary = `----fuzz${rng.string(16)}`;
  const parts = fieldsFor(route, rng);
  const ct = `multipart/form-data; boundary=${boundary}`;
  const whole = encodeParts(parts, boundary);
  const variants: Array<[string, () => { contentType: string; body: Buffer }]> = [
    ['well-formed', () => ({ contentType: ct, body: whole })],
    ['truncated', () => ({ contentType: ct, body: whole.subarray(0, rng.int(0, whole.length - boundary.length - 8)) })],
    ['no closing boundary', () => ({ contentType: ct, body: encodeParts(parts, boundary, '\r\n', false) })],
    ['no boundary parameter', () => ({ contentType: 'multipart/form-data', body: whole })],
    ['empty boundary', () => ({ contentType: 'multipart/form-data; boundary=', body: whole })],
    ['boundary mismatch', () => ({ contentType: `${ct}x`, body: whole })],
    ['LF line ends', () => ({ contentType: ct, body: encodeParts(parts, boundary, '\n') })],
    ['part without disposition', () => ({ contentType: ct, body: encodeParts([{ content: 'x' }, ...parts], boundary) })],
    [
      'file under another field',
      () => ({ contentType: ct, body: encodeParts([...parts, { name: 'other', filename: 'a.pdf', content: PDF }], boundary) }),
    ],
    [
      'two files',
      () => ({
        contentType: ct,
        body: encodeParts(
          [...parts, { name: 'file', filename: 'b.pdf', content: PDF }, { name: 'purchaseOrder', filename: 'c.pdf', content: PDF }],
          boundary,
        ),
      }),
    ],
    [
      'not a PDF',
      () => ({
        contentType: ct,
        body: encodeParts(
          [...parts, { name: route === 'accept' ? 'file' : 'purchaseOrder', filename: 'x.exe', content: Buffer.from([0, 1, 2, 255, 254]) }],
          boundary,
        ),
      }),
    ],
    [
      'many fields',
      () => ({
        contentType: ct,
        body: encodeParts(
          Array.from({ length: rng.int(31, 200) }, (_, i) => ({ name: `f${i}`, content: 'v' })),
          boundary,
        ),
      }),
    ],
    [
      'long field',
      () => ({
        contentType: ct,
        body: encodeParts([...parts, { name: 'companyName', content: 'x'.repeat(rng.int(1025, 60_000)) }], boundary),
      }),
    ],
    [
      'odd field names',
      () => ({
        contentType: ct,
        body: encodeParts(
          [{ name: rng.pick(['', '__proto__', 'constructor', 'a"b', 'ä', 'x'.repeat(5000)]), content: 'v' }, ...parts],
          boundary,
        ),
      }),
    ],
    ['garbage', () => ({ contentType: ct, body: Buffer.from(Array.from({ length: rng.int(0, 4000) }, () => rng.int(0, 255))) })],
    ['empty', () => ({ contentType: ct, body: Buffer.alloc(0) })],
  ];
  const [variant, make] = rng.pick(variants);
  return { variant, ...make() };
}
