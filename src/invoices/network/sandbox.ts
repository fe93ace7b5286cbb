// The built-in sandbox network: deterministic addresses and rates from a USD price table
// (defaults in currencies.ts; SANDBOX_RATES='{"BTC":"60000"}' overrides them, parsed by config.ts).
import crypto from 'node:crypto';
import { CURRENCIES } from '../currencies.js';
import { ceilDiv, parseUnits, SCALE } from '../money.js';
import type { PaymentNetwork } from './network.js';

const ONE = 10n ** BigInt(SCALE);

function addressFor(currency: string, digest: string): string {
  switch (currency) {
    case 'BTC':
      return `tb1q${digest.slice(0, 38)}`;
    case 'LTC':
      return `tltc1q${digest.slice(0, 38)}`;
    case 'USDTT':
      return `T${digest.slice(0, 33)}`;
    default:
      return `0x${digest.slice(0, 40)}`;
  }
}

export function createSandboxNetwork(overrides: Record<string, string> = {}): PaymentNetwork {
  const prices = new Map<string, bigint>(CURRENCIES.map((c) => [c.currency, parseUnits(overrides[c.currency] ?? c.usd)!]));
  return {
    name: 'sandbox',
    simulated: true,
    custodial: true,
    async assignAddress({ organisationId, invoiceId, currency }) {
      const digest = crypto.createHash('sha256').update(`${organisationId}:${invoiceId}:${currency}`).digest('hex');
      return { address: addressFor(currency, digest), tag: null };
    },
    rate(from, to) {
      const a = prices.get(from);
      const b = prices.get(to);
      if (a === undefined || b === undefined || b === 0n) return null;
      return (a * ONE) / b;
    },
    quote(amount, from, to) {
      const a = prices.get(from);
      const b = prices.get(to);
      if (a === undefined || b === undefined || b === 0n) return null;
      return ceilDiv(amount * a, b);
    },
  };
}
