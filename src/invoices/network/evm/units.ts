// On-chain base units (wei, a token's smallest unit) ↔ the ledger's 1e-8 units, in integers only.
// A quote is rounded up to what the chain can carry (a 6-decimal token cannot be asked for 1e-8), so
// the payer may pay up to one base unit more, never less. What arrives is never rounded against the
// payer: base units below 1e-8 (an 18-decimal coin's dust) round up, and the exact base amount is kept.
import { SCALE } from '../../money.js';

const pow10 = (n: number) => 10n ** BigInt(n);

/** Ledger units received for `base` base units of a `decimals`-decimal coin, rounded up. */
export function unitsFromBase(base: bigint, decimals: number): bigint {
  if (decimals <= SCALE) return base * pow10(SCALE - decimals);
  const step = pow10(decimals - SCALE);
  return (base + step - 1n) / step;
}

/** The base units the payer sends for `units` (exact once `units` passed `payableUnits`). */
export function baseFromUnits(units: bigint, decimals: number): bigint {
  if (decimals >= SCALE) return units * pow10(decimals - SCALE);
  const step = pow10(SCALE - decimals);
  return (units + step - 1n) / step;
}

/** `units` rounded up to the coin's smallest unit, so the quoted sum can be paid exactly. */
export function payableUnits(units: bigint, decimals: number): bigint {
  if (decimals >= SCALE) return units;
  const step = pow10(SCALE - decimals);
  return ((units + step - 1n) / step) * step;
}
