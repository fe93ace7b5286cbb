// EVM_NETWORKS and RATES_URL: the live EVM chains the operator configures and the price feed that
// quotes them. Parsed once at start (config.ts); every mistake names the variable and the entry, so a
// typo stops the server instead of losing a payment.
import type { EvmCurrencyConfig, EvmNetworkConfig } from './invoices/network/evm/config.js';
import { CURRENCIES } from './invoices/currencies.js';

/** Thrown with the path inside the variable (`[0].currencies.USDTE.contract`); config.ts adds the variable's name. */
export class EvmConfigProblem extends Error {}

const NETWORK_KEYS = ['name', 'rpcUrl', 'chainId', 'confirmations', 'currencies', 'pollIntervalMs', 'startBlock'];
const CURRENCY_KEYS = ['native', 'contract', 'priceId'];
const FIAT = new Set(CURRENCIES.filter((c) => c.type === 'fiat').map((c) => c.currency));
/** The Merchant API's crypto codes: a live currency must be one of them, or its invoices could not be booked. */
const CRYPTO = CURRENCIES.filter((c) => c.type === 'crypto').map((c) => c.currency);

const fail = (path: string, message: string): never => {
  throw new EvmConfigProblem(`${path}: ${message}`);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function integer(path: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(path, `must be an integer of at least ${min}`);
  return v as number;
}

function closed(path: string, v: Record<string, unknown>, known: string[]): void {
  const unknown = Object.keys(v).find((k) => !known.includes(k));
  if (unknown !== undefined) fail(`${path}.${unknown}`, `is not a known field (${known.join(', ')})`);
}

function currency(path: string, v: unknown): EvmCurrencyConfig {
  if (!isObject(v)) return fail(path, 'must be an object with "native": true or "contract", and "priceId"');
  closed(path, v, CURRENCY_KEYS);
  if (typeof v.priceId !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(v.priceId))
    fail(`${path}.priceId`, 'must be the price feed\'s id, e.g. "ethereum" or "tether"');
  if (v.native !== undefined && v.native !== true) fail(`${path}.native`, 'must be true when given');
  if ((v.native === true) === (v.contract !== undefined)) fail(path, 'needs exactly one of "native": true and "contract"');
  if (v.contract !== undefined && (typeof v.contract !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v.contract)))
    fail(`${path}.contract`, 'must be an address: 0x and 40 hex digits');
  return v.native === true
    ? { native: true, priceId: v.priceId as string }
    : { contract: v.contract as `0x${string}`, priceId: v.priceId as string };
}

function network(path: string, v: unknown): EvmNetworkConfig {
  if (!isObject(v)) return fail(path, 'must be an object');
  closed(path, v, NETWORK_KEYS);
  if (typeof v.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(v.name)) fail(`${path}.name`, 'must be lower-case letters, digits and -');
  let rpc: URL | undefined;
  try {
    rpc = new URL(String(v.rpcUrl));
  } catch {}
  if (typeof v.rpcUrl !== 'string' || !rpc || !['http:', 'https:', 'ws:', 'wss:'].includes(rpc.protocol))
    fail(`${path}.rpcUrl`, 'must be an http(s) or ws(s) URL');
  if (!isObject(v.currencies) || Object.keys(v.currencies).length === 0)
    fail(`${path}.currencies`, 'must be an object with at least one currency');
  const currencies: Record<string, EvmCurrencyConfig> = {};
  for (const [code, entry] of Object.entries(v.currencies as Record<string, unknown>)) {
    if (!/^[A-Z][A-Z0-9]{1,9}$/.test(code) || FIAT.has(code))
      fail(`${path}.currencies.${code}`, 'must be named by a crypto currency code (upper-case, e.g. ETH, USDTE)');
    if (!CRYPTO.includes(code)) fail(`${path}.currencies.${code}`, `is not a currency the Merchant API knows (${CRYPTO.join(', ')})`);
    currencies[code] = currency(`${path}.currencies.${code}`, entry);
  }
  if (Object.values(currencies).filter((c) => c.native).length > 1) fail(`${path}.currencies`, 'has more than one native currency');
  return {
    name: v.name as string,
    rpcUrl: v.rpcUrl as string,
    chainId: integer(`${path}.chainId`, v.chainId, 1),
    confirmations: integer(`${path}.confirmations`, v.confirmations, 1),
    currencies,
    pollIntervalMs: v.pollIntervalMs === undefined ? 2000 : integer(`${path}.pollIntervalMs`, v.pollIntervalMs, 100),
    ...(v.startBlock === undefined ? {} : { startBlock: integer(`${path}.startBlock`, v.startBlock, 0) }),
  };
}

/** The networks in EVM_NETWORKS; [] when unset. A currency code and a chain id name one network each. */
export function parseEvmNetworks(raw: string | undefined): EvmNetworkConfig[] {
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return fail('', `is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) return fail('', 'must be a JSON array of networks, e.g. [{"name": "ethereum", "rpcUrl": …}]');
  const networks = parsed.map((entry, i) => network(`[${i}]`, entry));
  const seen = { name: new Map<string, number>(), chainId: new Map<number, number>(), code: new Map<string, number>() };
  networks.forEach((n, i) => {
    if (seen.name.has(n.name)) fail(`[${i}].name`, `"${n.name}" is also the name of [${seen.name.get(n.name)}]`);
    if (seen.chainId.has(n.chainId)) fail(`[${i}].chainId`, `${n.chainId} is also the chain id of [${seen.chainId.get(n.chainId)}]`);
    for (const code of Object.keys(n.currencies)) {
      if (seen.code.has(code))
        fail(`[${i}].currencies.${code}`, `${code} is also configured on [${seen.code.get(code)}]; a code names one network`);
      seen.code.set(code, i);
    }
    seen.name.set(n.name, i);
    seen.chainId.set(n.chainId, i);
  });
  return networks;
}
