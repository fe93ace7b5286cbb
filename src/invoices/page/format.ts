// Money and networks in the payer's terms: fiat with its currency's minor units and the code ("49.90
// EUR", "5,000 JPY"; "49,90 EUR" in German), crypto with no trailing zeros beyond the network's
// precision, currencies named with their network, and the wallet URI (BIP-21 / EIP-681) of a payment.
import { type Lang, minorUnits } from '../../platform/locale-format.js';
import { findCurrency } from '../currencies.js';
import { parseUnits, SCALE } from '../money.js';
import { baseUnits } from './live.js';

const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-US' };
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A fiat amount in 1e-8 units as "1,500 JPY" / "25.50 GBP" (German: "1.500 JPY", "25,50 GBP"). */
export function fiatText(units: bigint, currency: string, lang: Lang): string {
  const digits = minorUnits(currency);
  const key = `${lang}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  const scale = 10n ** BigInt(SCALE - digits);
  const minor = units / scale; // invoice amounts fit the currency's precision (validated on create)
  const whole = 10n ** BigInt(digits);
  const decimal = `${minor / whole}${digits > 0 ? `.${(minor % whole).toString().padStart(digits, '0')}` : ''}`;
  return `${format.format(decimal as unknown as number)} ${currency}`;
}

/**
 * A crypto amount (8-decimal wire string) rounded up to what the network can carry (6 decimals for
 * USDT), without trailing zeros: "0.0001", "30". Always with a point: the payer types or pastes it
 * into a wallet, which expects one.
 */
export function cryptoAmount(wire: string | null, currency: string | null): string {
  const units = parseUnits(wire ?? '0') ?? 0n;
  const precision = findCurrency(currency)?.precision ?? SCALE;
  const step = 10n ** BigInt(SCALE - precision);
  const rounded = ((units + step - 1n) / step) * step;
  const one = 10n ** BigInt(SCALE);
  const fraction = (rounded % one).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${rounded / one}${fraction ? `.${fraction}` : ''}`;
}

/** The token and the network it travels on, for the sandbox's currencies (live ones come from EVM_NETWORKS). */
const NETWORKS: Record<string, { token: string; network: string | null; standard?: string }> = {
  BTC: { token: 'Bitcoin', network: null },
  LTC: { token: 'Litecoin', network: null },
  ETH: { token: 'ETH', network: 'Ethereum' },
  USDTE: { token: 'USDT', network: 'Ethereum', standard: 'ERC-20' },
  USDTT: { token: 'USDT', network: 'Tron', standard: 'TRC-20' },
  USDC: { token: 'USDC', network: 'Ethereum', standard: 'ERC-20' },
};

/** "USDT on Ethereum (ERC-20)", "USDT auf Tron (TRC-20)", "Bitcoin"; an unknown code as itself. */
export function currencyName(code: string, lang: Lang): string {
  const n = NETWORKS[code];
  if (!n) return code;
  if (!n.network) return n.token;
  return `${n.token} ${lang === 'de' ? 'auf' : 'on'} ${n.network}${n.standard ? ` (${n.standard})` : ''}`;
}

const SCHEMES: Record<string, string> = { BTC: 'bitcoin', LTC: 'litecoin' };

/**
 * The sandbox payment's wallet URI: BIP-21 `bitcoin:<address>?amount=<btc>` (litecoin: likewise) or
 * EIP-681 `ethereum:<address>?value=<wei>`; null for a token without a contract to name.
 */
export function sandboxPaymentUri(currency: string, address: string, amount: string): string | null {
  const scheme = SCHEMES[currency];
  if (scheme) return `${scheme}:${address}?amount=${amount}`;
  if (currency === 'ETH') return `ethereum:${address}?value=${baseUnits(parseUnits(amount) ?? 0n, 18)}`;
  return null;
}

/** The symbol a wallet shows for a Merchant API code: USDTE and USDTT are both USDT. */
export const tokenSymbol = (code: string | null): string => (code === 'USDTE' || code === 'USDTT' ? 'USDT' : (code ?? ''));
