// The mutation classes of issue 13: each turns a valid request (or a chosen route) into a hostile
// one, and says what answer, beyond "no 5xx", it is documented to get.
import { validRequest } from './build.js';
import { multipartBody } from './multipart.js';
import type { Operation } from './operations.js';
import type { Rng } from './random.js';
import { credentialOf, surfaceOf, type Auth, type FuzzRequest } from './request.js';
import { type Mutator, pickOp } from './mutation.js';
import { URL_MUTATORS } from './mutators-url.js';
import { nastyValue, RAW, toJson } from './values.js';

const withBody = (ops: Operation[]) => ops.filter((o) => o.body || (o.method === 'POST' && o.path.startsWith('/api/v2/')));
const json = (req: FuzzRequest, kind: string, body: string | Buffer, contentType = 'application/json'): FuzzRequest => ({
  ...req,
  kind,
  body,
  headers: { ...req.headers, 'content-type': contentType },
});

/** Replaces (or adds) one field somewhere in the body with a hostile value. */
function mutateField(body: unknown, rng: Rng): unknown {
  if (body === null || typeof body !== 'object') return nastyValue(rng);
  const target = body as Record<string, unknown>;
  const keys = Object.keys(target);
  const key = keys.length > 0 && rng.chance(0.85) ? rng.pick(keys) : rng.pick(['extra', 'id', 'status', '__proto__', 'constructor']);
  // Own properties only: a "__proto__" key must become a field of the JSON, not reach Object.prototype.
  const inner = Object.hasOwn(target, key) ? target[key] : undefined;
  const value = inner !== null && typeof inner === 'object' && rng.chance(0.3) ? mutateField(inner, rng) : nastyValue(rng);
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return body;
}

const nest = (depth: number, rng: Rng) =>
  rng.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const unknownKeys = (count: number) => `{${Array.from({ length: count }, (_, i) => `"unknown_key_${i}":1`).join(',')}}`;

// (Upper-case hex is the same signature, accepted: it is sent among the valid requests' variants.)
const BAD_AUTH: Auth[] = ['missing-signature', 'wrong-signature', 'stale-signature', 'unknown-key', 'none'];

export const MUTATORS: Record<string, { weight: number; make: Mutator }> = {
  'schema mutation (wrong type, boundary number, huge string, unicode, null byte)': {
    weight: 20,
    make: (m) => {
      const op = m.rng.pick(withBody(m.ops));
      const req = validRequest(op, m.rng, m.world);
      let body: unknown = JSON.parse(String(req.body ?? '{}'));
      const times = m.rng.int(1, 3);
      for (let i = 0; i < times; i++) body = mutateField(body, m.rng);
      return json(req, 'schema mutation', toJson(body));
    },
  },
  'valid shape, hostile strings (null bytes, lone surrogates, control characters)': {
    weight: 12,
    make: (m) => ({ ...validRequest(m.rng.pick(withBody(m.ops)), m.rng, m.world, true), kind: 'valid shape, hostile strings' }),
  },
  'query mutation': {
    weight: 5,
    make: (m) => {
      const op = pickOp(m, (o) => o.parameters.some((p) => p.in === 'query'));
      const req = validRequest(op, m.rng, m.world);
      const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const value = String(nastyValue(m.rng)).replace(RAW, '').slice(0, 3000);
      const sep = req.path.includes('?') ? '&' : '?';
      return {
        ...req,
        kind: 'query mutation',
        path: `${req.path}${sep}${encodeURIComponent(m.rng.pick(names))}=${encodeURIComponent(Buffer.from(value).toString())}`,
      };
    },
  },
  'duplicate keys': {
    weight: 3,
    make: (m) => {
      const req = validRequest(m.rng.pick(withBody(m.ops)), m.rng, m.world);
      const text = String(req.body ?? '{}');
      const body = JSON.parse(text) as Record<string, unknown>;
      const key = Object.keys(body)[0] ?? 'name';
      return json(req, 'duplicate keys', `{${JSON.stringify(key)}:${toJson(nastyValue(m.rng))},${text.slice(1)}`);
    },
  },
  'malformed JSON': {
    weight: 4,
    make: (m) => {
      const req = validRequest(m.rng.pick(withBody(m.ops)), m.rng, m.world);
      const text = String(req.body ?? '{}');
      const bodies: Array<string | Buffer> = [
        text.slice(0, m.rng.int(0, Math.max(0, text.length - 1))),
        `${text},`,
        text.replace(/"/g, "'"),
        '{"a":1,}',
        'NaN',
        '"just a string"',
        '42',
        'null',
        '[]',
        '\ufeff{}',
        Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
        Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
      ];
      return json(req, 'malformed JSON', m.rng.pick(bodies));
    },
  },
  'wrong content type': {
    weight: 3,
    make: (m) => {
      const req = validRequest(m.rng.pick(withBody(m.ops)), m.rng, m.world);
      const type = m.rng.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'application/json; charset=latin1',
        'application/merge-patch+json',
        'application/problem+json',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        '',
        'application/json, text/plain',
        'APPLICATION/JSON',
      ]);
      return json(req, 'wrong content type', req.body ?? '{}', type);
    },
  },
  'empty or body-less': {
    weight: 4,
    make: (m) => {
      const op = pickOp(m, (o) => o.method !== 'GET');
      const req = validRequest(op, m.rng, m.world);
      const { 'content-type': _drop, ...headers } = req.headers;
      const variant = m.rng.int(0, 3);
      if (variant === 0)
        return {
          ...req,
          kind: 'body-less POST with application/json',
          body: undefined,
          headers: { ...headers, 'content-type': 'application/json' },
        };
      if (variant === 1) return { ...req, kind: 'empty body', body: '', headers: { ...headers, 'content-type': 'application/json' } };
      if (variant === 2) return { ...req, kind: 'empty body', body: undefined, headers };
      return { ...req, kind: 'empty body', body: ' \n\t ', headers: { ...headers, 'content-type': 'application/json' } };
    },
  },
  'deep JSON': {
    weight: 1.5,
    make: (m) => json(validRequest(m.rng.pick(withBody(m.ops)), m.rng, m.world), 'deep JSON', nest(m.rng.int(3000, 20_000), m.rng)),
  },
  '60,000 unknown keys': {
    weight: 0.7,
    make: (m) => ({
      ...json(validRequest(m.rng.pick(withBody(m.ops)), m.rng, m.world), '60,000 unknown keys', unknownKeys(60_000)),
      expect: { maxBodyBytes: 64 * 1024, why: 'an error about 60,000 unknown keys stays small' },
    }),
  },
  'unauthenticated with a bad body': {
    weight: 4,
    make: (m) => {
      const op = pickOp(m, (o) => credentialOf(o.path) !== 'none');
      const req = validRequest(op, m.rng, m.world);
      const merchant = surfaceOf(op.path) === 'merchant';
      const body = m.rng.pick(['{"name":', '[1,2', nest(5000, m.rng), toJson({ name: nastyValue(m.rng) }), '']);
      const auth: Auth = m.rng.pick(merchant ? (['none', 'unknown-key'] as Auth[]) : (['none', 'wrong-token'] as Auth[]));
      return {
        ...json(req, 'unauthenticated with a bad body', body),
        auth,
        expect: merchant ? { status: [403], why: "the vendor's 403 before validation" } : { status: [401], why: '401 before validation' },
      };
    },
  },
  'bad or missing HMAC signature': {
    weight: 4,
    make: (m) => ({
      ...validRequest(
        pickOp(m, (o) => surfaceOf(o.path) === 'merchant' && o.method === 'POST'),
        m.rng,
        m.world,
      ),
      kind: 'bad or missing HMAC signature',
      auth: m.rng.pick(BAD_AUTH),
      expect: { status: [403], why: "a bad signature is the vendor's 403" },
    }),
  },
  ...URL_MUTATORS,
  'foreign_id lengths and numbers': {
    weight: 4,
    make: (m) => {
      const id = m.rng.pick<unknown>([
        '',
        'a',
        'x'.repeat(255),
        'x'.repeat(256),
        'x'.repeat(m.rng.int(1000, 5000)),
        12345,
        0,
        -1,
        2 ** 53 - 1,
        2 ** 53,
        1.5,
        1e21,
        `${RAW}123456789012345678901234567890`,
        ' fuzz-0',
        'fuzz-0 ',
        'FUZZ-0',
        'ü'.repeat(255),
        '\u0000',
        '../fuzz-0',
        'fuzz-0/',
        '%2F',
        '12345',
      ]);
      const op = pickOp(
        m,
        (o) => o.path.includes('{foreign_id}') || (surfaceOf(o.path) === 'merchant' && !!o.body?.properties?.foreign_id),
      );
      const req = validRequest(op, m.rng, m.world);
      if (op.path.includes('{foreign_id}')) {
        const raw = String(id).replace(RAW, '');
        return {
          ...req,
          kind: 'foreign_id lengths and numbers',
          path: op.path.replace('{foreign_id}', encodeURIComponent(raw)).replace(/\{[^}]+\}/g, 'x'),
        };
      }
      const body = JSON.parse(String(req.body)) as Record<string, unknown>;
      body.foreign_id = id;
      return json(req, 'foreign_id lengths and numbers', toJson(body));
    },
  },
  'malformed or truncated multipart': {
    weight: 5,
    make: (m) => {
      const details = m.rng.chance(0.5);
      const op = pickOp(
        m,
        (o) => o.method === 'POST' && o.path === (details ? '/public/offers/{token}/invoice-details' : '/api/offers/{id}/accept'),
      );
      const req = validRequest(op, m.rng, m.world);
      const { variant, contentType, body } = multipartBody(details ? 'details' : 'accept', m.rng);
      return json(req, `multipart: ${variant}`, body, contentType);
    },
  },
};
