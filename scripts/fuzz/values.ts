// Hostile values for a JSON field: wrong types, boundary numbers, huge strings, unicode, null bytes.
// A value may be a raw JSON literal (numbers JSON.stringify cannot write), marked by RAW.
import type { Rng } from './random.js';

export const RAW = '\u0001raw:';

export function nastyValue(rng: Rng): unknown {
  const pick = rng.int(0, 5);
  if (pick === 0) return rng.pick([null, true, false, [], {}, [null], { $ref: '#' }, [1, 'a', {}], { '': '' }]);
  if (pick === 1)
    return rng.pick([
      0,
      -1,
      -0,
      0.5,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 63),
      1e308,
      -1e308,
      5e-324,
      1e21,
      999999999999.99,
    ]);
  if (pick === 2)
    return `${RAW}${rng.pick(['1e400', '-1e400', '123456789012345678901234567890', '0.1e-400', '-0.0', '1E+2', '00012', '1.'])}`;
  if (pick === 3) return rng.pick(['x', 'ab', '9']).repeat(rng.pick([256, 1001, 5001, 100_001, rng.int(200_000, 500_000)]));
  if (pick === 4)
    return rng.pick([
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfffy',
      '💥'.repeat(rng.int(1, 400)),
      'Ä\u0308\u0301\u0327',
      '\u202eevil',
      '\ufeffBOM',
      '\u2028\u2029',
      '\u0085\u00a0',
      'ß'.repeat(300),
      '𝕏'.repeat(256),
    ]);
  return rng.pick([
    '',
    ' ',
    "'; DROP TABLE offers; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '%zz',
    '2026-02-30T25:61:00Z',
    '0000-00-00',
    '+275760-09-13T00:00:00.001Z',
    'NaN',
    'Infinity',
    '-1',
    '1e999',
    '0x10',
    '１２３',
    'true',
    'null',
    '{}',
    'EUR ',
    'eur',
    'BTC',
    'javascript:alert(1)',
    'http://127.0.0.1:9/x',
    'mailto:a@b',
    'a@b',
  ]);
}

/** JSON text of `value`, with RAW-marked strings written as their raw literal. */
export function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw:([^"]*)"/g, '$1');
}
