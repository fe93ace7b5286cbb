// Prices arrive as JSON numbers; they are read through their shortest decimal text (3012.5, 0.92,
// 1.5e-7) into integers at a fixed scale, so no money arithmetic ever runs in floating point.

/** Decimals kept of a feed price: enough for coins worth a millionth of a cent. */
export const PRICE_SCALE = 18;

/** `value` × 10^PRICE_SCALE, truncated; null for what is not a finite, positive number. */
export function scaledPrice(value: unknown): bigint | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
  if (!match) return null;
  const [, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(whole! + fraction);
  const shift = PRICE_SCALE + Number(exponent) - fraction.length;
  const scaled = shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
  return scaled > 0n ? scaled : null;
}
