// What the payer's page shows of a live EVM network: the currency named in words ("USDT on Ethereum
// (ERC-20)"), an EIP-681 payment URI for the QR code and the wallet link, and the confirmations the
// payment still waits for. All from EVM_NETWORKS and the network; nothing here talks to a chain.
import type { Lang } from '../../platform/locale-format.js';
import type { EvmNetworkConfig } from '../network/evm/config.js';
import type { PaymentNetwork } from '../network/network.js';
import type { TransactionRow } from '../repository.js';

export interface LiveView {
  label: string;
  payment_uri: string | null;
  /** The least-confirmed pending payment: seen confirmations of those required; null with none pending. */
  confirmations: { seen: number; required: number } | null;
}

/** Merchant API codes whose token is known by another name (USDTE: USDT on an EVM chain). */
const TOKEN_NAMES: Record<string, string> = { USDTE: 'USDT' };
const capitalised = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => (dash ? ' ' : '') + c.toUpperCase());

/** EIP-681: native `ethereum:<to>@<chainId>?value=<wei>`; ERC-20 `ethereum:<token>@<chainId>/transfer?address=<to>&uint256=<units>`. */
export function eip681(input: { chainId: number; contract?: string; to: string; units: bigint }): string {
  return input.contract
    ? `ethereum:${input.contract}@${input.chainId}/transfer?address=${input.to}&uint256=${input.units}`
    : `ethereum:${input.to}@${input.chainId}?value=${input.units}`;
}

/** 1e-8 units → the chain's base units, rounded up (the payer never sends less than due). */
export function baseUnits(amount: bigint, decimals: number): bigint {
  if (decimals >= 8) return amount * 10n ** BigInt(decimals - 8);
  const step = 10n ** BigInt(8 - decimals);
  return (amount + step - 1n) / step;
}

export function liveView(
  networks: readonly EvmNetworkConfig[],
  network: PaymentNetwork,
  invoice: { sender_currency: string | null; address: string | null },
  due: bigint | null,
  transactions: TransactionRow[],
  lang: Lang = 'en',
): LiveView | null {
  const code = invoice.sender_currency;
  const chain = code ? networks.find((n) => n.currencies[code]) : undefined;
  if (!code || !chain) return null;
  const currency = chain.currencies[code]!;
  const label = `${TOKEN_NAMES[code] ?? code} ${lang === 'de' ? 'auf' : 'on'} ${capitalised(chain.name)}${currency.contract ? ' (ERC-20)' : ''}`;
  const decimals = currency.native ? 18 : (network.decimals?.(code) ?? null);
  const payment_uri =
    invoice.address && due !== null && due > 0n && decimals !== null
      ? eip681({ chainId: chain.chainId, contract: currency.contract, to: invoice.address, units: baseUnits(due, decimals) })
      : null;
  const pending = transactions.filter((t) => t.status !== 'confirmed');
  const confirmations = pending.length ? { seen: Math.min(...pending.map((t) => t.confirmations)), required: chain.confirmations } : null;
  return { label, payment_uri, confirmations };
}
