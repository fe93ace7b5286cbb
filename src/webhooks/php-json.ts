// The bytes of PHP's `json_encode($value)` with its default flags, which is what the vendor's PHP
// backend sends as a callback body. Receivers that verify by re-encoding (the WooCommerce plugin
// computes the HMAC over `json_encode(json_decode($body, true))`) get the same bytes back only if we
// send exactly this:
//
// - no whitespace; object keys in insertion order (a JS object keeps it for non-integer keys);
// - `/` is written `\/`; `"` and `\` escaped; \b \f \n \r \t short; other control characters `\u00xx`;
// - every character above U+007F as `\uxxxx` (lowercase hex), characters above U+FFFF as a
//   surrogate pair (`\ud83c\udf89`);
// - integral numbers (within int64) as digits; other numbers as PHP's shortest round-trip form (serialize_precision -1):
//   `0.1`, `1.0e-5` below 1e-4, `1.0e+25` from 1e17 up; an integral float is written without `.0`;
// - an empty object is written `[]`, and an object whose keys are 0…n-1 in order as a list, because
//   to PHP both are arrays (and `json_decode($body, true)` turns `{}` into one).
//
// Undefined properties are skipped (as JSON.stringify does); anything PHP could not encode (a
// non-finite number, a function) throws.

const HEX = '0123456789abcdef';

const u4 = (code: number) => `\\u${HEX[(code >> 12) & 15]}${HEX[(code >> 8) & 15]}${HEX[(code >> 4) & 15]}${HEX[code & 15]}`;

const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** What PHP escapes, one UTF-16 code unit at a time (a character above U+FFFF is already its surrogate pair). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what PHP escapes.
const ESCAPED = /["\\/\u0000-\u001f\u0080-\uffff]/g;

const escaped = (ch: string) => SHORT[ch] ?? u4(ch.charCodeAt(0));

// Once per callback field: one native pass, and no copy at all for the common string without any of them.
export function phpString(s: string): string {
  ESCAPED.lastIndex = 0;
  return `"${ESCAPED.test(s) ? s.replace(ESCAPED, escaped) : s}"`;
}

/** PHP's float form: the shortest digits that read back the same, laid out the way php_gcvt does. */
export function phpFloat(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`json_encode cannot encode ${n}`);
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const sign = n < 0 ? '-' : '';
  const [mantissa, exp] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const decpt = Number(exp) + 1; // the value is 0.<digits> × 10^decpt
  if (decpt < -3 || decpt > 17) {
    const e = decpt - 1;
    return `${sign}${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

export function phpJsonEncode(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return phpString(value);
    case 'bigint':
      return value.toString();
    case 'number':
      // An integral number within int64 is a PHP int (ids, unix times); anything else a float.
      return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? BigInt(value).toString() : phpFloat(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '';
        for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${phpJsonEncode(value[i] ?? null)}`;
        return `[${out}]`;
      }
      // One pass builds both forms: the list form is kept while the keys are 0…n-1 in order.
      let list = '';
      let object = '';
      let n = 0;
      let isList = true;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        const encoded = phpJsonEncode(v);
        const comma = n === 0 ? '' : ',';
        if (isList && k === String(n)) list += `${comma}${encoded}`;
        else isList = false;
        object += `${comma}${phpString(k)}:${encoded}`;
        n++;
      }
      return isList ? `[${list}]` : `{${object}}`;
    }
    default:
      throw new TypeError(`json_encode cannot encode a ${typeof value}`);
  }
}
