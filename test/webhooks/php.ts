// A model of what a PHP receiver does with a callback body: `json_decode($body, true)` then
// `json_encode(...)` with default flags (the vendor's WooCommerce plugin verifies the HMAC over that).
// Written apart from src/webhooks/php-json.ts on purpose: it decodes into PHP's types (int vs float,
// ordered arrays with PHP's key rules) and encodes them back the way ext/json does.

export type PhpValue = null | boolean | { int: bigint } | { float: number } | string | { array: Array<[string | bigint, PhpValue]> };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `json_decode($text, true)`: objects and arrays both become ordered PHP arrays. */
export function phpDecode(text: string): PhpValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (length: number, v: PhpValue): PhpValue => {
    i += length;
    return v;
  };
  const close = (entries: Array<[string | bigint, PhpValue]>): PhpValue => {
    i++;
    return { array: entries };
  };
  const value = (): PhpValue => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return list();
    if (c === '"') return str();
    if (text.startsWith('true', i)) return literal(4, true);
    if (text.startsWith('false', i)) return literal(5, false);
    if (text.startsWith('null', i)) return literal(4, null);
    return num();
  };
  const num = (): PhpValue => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return fail('bad value');
    i += m[0].length;
    if (!m[2] && !m[3]) {
      const n = BigInt(m[0]);
      // PHP: an integer literal outside int64 becomes a float.
      return n >= INT64_MIN && n <= INT64_MAX ? { int: n } : { float: Number(m[0]) };
    }
    return { float: Number(m[0]) };
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) fail('unterminated string');
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u') {
        out += String.fromCharCode(Number.parseInt(text.slice(i, i + 4), 16));
        i += 4;
      } else fail('bad escape');
    }
  };
  // PHP array keys: a string that is a canonical decimal int64 becomes an int key; a repeated key
  // overwrites the value in its first position.
  const key = (k: string): string | bigint => {
    if (/^(0|-?[1-9]\d*)$/.test(k)) {
      const n = BigInt(k);
      if (n >= INT64_MIN && n <= INT64_MAX) return n;
    }
    return k;
  };
  const object = (): PhpValue => {
    i++;
    const entries: Array<[string | bigint, PhpValue]> = [];
    ws();
    if (text[i] === '}') return close(entries);
    for (;;) {
      ws();
      if (text[i] !== '"') fail('expected a key');
      const k = key(str());
      ws();
      if (text[i++] !== ':') fail('expected :');
      const v = value();
      const at = entries.findIndex(([x]) => x === k);
      if (at >= 0) entries[at] = [k, v];
      else entries.push([k, v]);
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') return close(entries);
      else fail('expected , or }');
    }
  };
  const list = (): PhpValue => {
    i++;
    const entries: Array<[string | bigint, PhpValue]> = [];
    ws();
    if (text[i] === ']') return close(entries);
    for (;;) {
      entries.push([BigInt(entries.length), value()]);
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return close(entries);
      else fail('expected , or ]');
    }
  };
  const result = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return result;
}

function encodeString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\' || ch === '/') out += `\\${ch}`;
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || (cp >= 0x80 && cp <= 0xffff)) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp > 0xffff) {
      const v = cp - 0x10000;
      out += `\\u${(0xd800 + (v >> 10)).toString(16)}\\u${(0xdc00 + (v & 0x3ff)).toString(16)}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** php_gcvt with serialize_precision -1: shortest round-trip digits, exponent below 1e-4 and from 1e17. */
function encodeFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error('json_encode fails on INF/NAN');
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(Math.abs(f).toExponential())!;
  const digits = m[1]! + (m[2] ?? '');
  const decpt = Number(m[3]) + 1;
  const sign = f < 0 ? '-' : '';
  if (decpt < -3 || decpt > 17) {
    const exp = decpt - 1;
    return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const whole = digits.slice(0, decpt).padEnd(decpt, '0');
  const frac = digits.slice(decpt);
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** `json_encode($value)` with default flags. */
export function phpEncode(v: PhpValue): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return encodeString(v);
  if ('int' in v) return v.int.toString();
  if ('float' in v) return encodeFloat(v.float);
  const isList = v.array.every(([k], idx) => k === BigInt(idx));
  if (isList) return `[${v.array.map(([, x]) => phpEncode(x)).join(',')}]`;
  return `{${v.array.map(([k, x]) => `${encodeString(String(k))}:${phpEncode(x)}`).join(',')}}`;
}

/** What the WooCommerce plugin signs: `json_encode(json_decode($body, true))`. */
export const phpReencode = (body: string): string => phpEncode(phpDecode(body));
