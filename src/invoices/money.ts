// Amounts are bigint counts of 1e-8 units ("units") for every currency, crypto and fiat alike.
// Parsing and formatting are exact string arithmetic: no float ever touches money.

export const SCALE = 8;
const ONE = 10n ** BigInt(SCALE);

/** "0.0015", "10", 10.5 → units; null when not a non-negative decimal with at most 8 decimals. */
export function parseUnits(value: unknown): bigint | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    // Shortest round-trip decimal of the JSON number (e.g. 0.1 → "0.1"); exponent forms are expanded.
    text = value.toFixed(SCALE + 2).replace(/0+$/, '');
    if (Number(text) !== value) text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else return null;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  const digits = fraction.replace(/0+$/, '');
  if (digits.length > SCALE) return null;
  return BigInt(whole!) * ONE + BigInt(digits.padEnd(SCALE, '0') || '0');
}

/** units → "106.75000000" (8 decimals, the vendor's wire format), or fewer decimals when asked. */
export function formatUnits(units: bigint, decimals = SCALE): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / ONE;
  const fraction = (abs % ONE).toString().padStart(SCALE, '0').slice(0, decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
