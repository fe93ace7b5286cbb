// The live networks' prices from a CoinGecko-compatible API (RATES_URL):
//   GET {RATES_URL}/api/v3/simple/price?ids=ethereum,tether&vs_currencies=eur,usd,…
//   → {"ethereum": {"eur": 3012.5, "usd": 3250.1}, "tether": {"eur": 0.92, "usd": 1.0}}
// Kept in memory and refreshed in the background (every 60 s, and when a read finds the cache older),
// so `rate` is synchronous and never waits on the network. Crypto ↔ fiat comes from a coin's price,
// crypto ↔ crypto through a fiat both are priced in, fiat ↔ fiat through a coin priced in both. A price
// older than 10 minutes is not quoted: StalePriceError names it.
import { PRICE_SCALE, scaledPrice } from './decimal.js';
import type { PriceSource } from './price-source.js';
import { StalePriceError } from './stale.js';

export interface PriceFeedOptions {
  /** RATES_URL, without a trailing slash. */
  url: string;
  /** Crypto currency code → the feed's id (ETH → ethereum), from EVM_NETWORKS. */
  coins: Record<string, string>;
  /** Fiat currency codes (EUR, USD, …): the feed's vs_currencies. */
  fiats: readonly string[];
  now?: () => number;
  fetch?: typeof fetch;
  ttlMs?: number;
  maxAgeMs?: number;
  timeoutMs?: number;
  /** A background refresh failed (the cached prices stay until they are stale). */
  onError?: (error: unknown) => void;
}

export interface PriceFeed extends PriceSource {
  /** Units of `to` worth `amount` units of `from` (1e-8 units both), rounded up; null when not quoted. */
  quote(amount: bigint, from: string, to: string): bigint | null;
  /** Fetches now; rejects when the feed cannot be read (the cache is kept). */
  refresh(): Promise<void>;
  start(): void;
  stop(): void;
}

const ONE = 10n ** BigInt(PRICE_SCALE);
const UNIT = 10n ** 8n;
type Price = { value: bigint; at: number };
/** 1 `from` = num / den `to`. */
type Ratio = { num: bigint; den: bigint };

export function createPriceFeed(options: PriceFeedOptions): PriceFeed {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const ttl = options.ttlMs ?? 60_000;
  const maxAge = options.maxAgeMs ?? 10 * 60_000;
  const timeout = options.timeoutMs ?? 5_000;
  const fiats = new Set(options.fiats.map((f) => f.toUpperCase()));
  const ids = [...new Set(Object.values(options.coins))].sort();
  const vs = [...fiats].map((f) => f.toLowerCase()).sort();
  const prices = new Map<string, Map<string, Price>>();
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function fetchPrices(): Promise<void> {
    const url = `${options.url}/api/v3/simple/price?ids=${ids.map(encodeURIComponent).join(',')}&vs_currencies=${vs.join(',')}`;
    const response = await doFetch(url, { signal: AbortSignal.timeout(timeout), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`price feed answered ${response.status}`);
    const body = (await response.json()) as Record<string, Record<string, unknown> | undefined>;
    const at = now();
    for (const id of ids) {
      for (const currency of vs) {
        const value = scaledPrice(body?.[id]?.[currency]);
        if (value === null) continue;
        if (!prices.has(id)) prices.set(id, new Map());
        prices.get(id)!.set(currency, { value, at });
      }
    }
  }

  function refresh(): Promise<void> {
    lastAttempt = now();
    inFlight ??= fetchPrices().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  /** A read finds the cache older than its lifetime: refresh behind it, without waiting. */
  function refreshIfDue(): void {
    if (inFlight || now() - lastAttempt < ttl) return;
    refresh().catch((error: unknown) => options.onError?.(error));
  }

  function price(id: string, currency: string): bigint | null {
    const p = prices.get(id)?.get(currency);
    if (!p) return null;
    if (now() - p.at > maxAge) throw new StalePriceError(id, currency, new Date(p.at));
    return p.value;
  }

  function ratio(from: string, to: string): Ratio | null {
    if (from === to) return { num: 1n, den: 1n };
    const a = options.coins[from];
    const b = options.coins[to];
    const f = fiats.has(from) ? from.toLowerCase() : null;
    const t = fiats.has(to) ? to.toLowerCase() : null;
    const pair = (num: bigint | null, den: bigint | null) => (num === null || den === null ? null : { num, den });
    if (a && t) return pair(price(a, t), ONE);
    if (f && b) return pair(ONE, price(b, f));
    // Through a fiat (USD first) or a coin that prices both sides.
    if (a && b) return through(['usd', ...vs], (c) => pair(price(a, c), price(b, c)));
    if (f && t) return through(ids, (x) => pair(price(x, t), price(x, f)));
    return null;
  }

  function through(bridges: string[], make: (bridge: string) => Ratio | null): Ratio | null {
    for (const bridge of bridges) {
      const r = make(bridge);
      if (r) return r;
    }
    return null;
  }

  return {
    rate(from, to) {
      refreshIfDue();
      const r = ratio(from, to);
      return r === null ? null : (r.num * UNIT) / r.den;
    },
    quote(amount, from, to) {
      refreshIfDue();
      const r = ratio(from, to);
      return r === null ? null : (amount * r.num + r.den - 1n) / r.den;
    },
    refresh,
    start() {
      if (timer) return;
      refresh().catch((error: unknown) => options.onError?.(error));
      timer = setInterval(() => refresh().catch((error: unknown) => options.onError?.(error)), ttl);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
