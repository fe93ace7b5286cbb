// Environment → one typed, validated configuration object. Read once at start;
// an invalid value stops the process with one line naming the variable.
import path from 'node:path';
import { ConfigError } from './config-error.js';
import type { Engine } from './db/database.js';
import { EvmConfigProblem, parseEvmNetworks } from './evm-config.js';
import type { EvmNetworkConfig } from './invoices/network/evm/config.js';
import { parseUnits } from './invoices/money.js';
import { loadLimitsConfig, type LimitsConfig } from './limits-config.js';

export { ConfigError } from './config-error.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** Which requests get an info-level access log line: every one (two lines), those answered ≥ 400 (one), none. */
export type RequestLog = 'all' | 'errors' | 'off';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** Media files (uploads, rendered PDFs) go here when set; unset: DATA_DIR/media on the embedded engine, the database on PostgreSQL. */
  mediaDir: string | null;
  /** A postgres:// URL switches from the embedded PGlite to PostgreSQL. */
  databaseUrl: string | null;
  /** Enables the admin API when set. */
  adminToken: string | null;
  /** Enables GET /metrics (Prometheus) for this bearer token when set. */
  metricsToken: string | null;
  /** 32-byte key for AES-256-GCM encryption of stored secrets; generated into dataDir when absent (embedded only). */
  secretKey: Buffer | null;
  logLevel: LogLevel;
  requestLog: RequestLog;
  production: boolean;
  /** Allows webhook/callback targets on loopback and private networks (tests, local development). */
  allowPrivateWebhookTargets: boolean;
  /** Webhook deliveries in flight at once per endpoint (and per merchant callback URL), across all replicas. */
  webhookConcurrency: number;
  /** The embedded engine's WebAssembly also gets V8's optimised code: faster SQL, about 50 MB more memory (db/pglite.ts). */
  pgliteOptimizeWasm: boolean;
  /** Dispatched outbox rows and finished webhook deliveries older than this many days are pruned. */
  retentionDays: number;
  /** USD prices that override the sandbox payment network's defaults, e.g. {"BTC": "60000"}. */
  sandboxRates: Record<string, string>;
  /** smtp:// or smtps:// URL of the mail server; null: no e-mail is sent (nor queued). */
  smtpUrl: string | null;
  /** The From header of every e-mail. */
  mailFrom: string;
  /** Memory for cached GET /offers pages, in bytes; 0 turns the cache off. */
  offersListCacheBytes: number;
  /** Throttling, lock-outs, timeouts and the connection cap (limits-config.ts). */
  limits: LimitsConfig;
  /** The live EVM chains (EVM_NETWORKS); none by default: only the sandbox. */
  evmNetworks: EvmNetworkConfig[];
  /** Base URL of a CoinGecko-compatible price API (RATES_URL); without it the live network has no prices. */
  ratesUrl: string | null;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const REQUEST_LOGS: readonly RequestLog[] = ['all', 'errors', 'off'];

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The engine the environment chooses: PostgreSQL when DATABASE_URL is set, else the embedded one. */
export const chosenEngine = (env: Env): Engine => (nonEmpty(env, 'DATABASE_URL') === undefined ? 'pglite' : 'postgres');

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 8080;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError('PORT', `must be an integer from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function parseUrl(name: string, raw: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.map((p) => p.replace(':', '://')).join(' or ')}`);
  }
  return url;
}

/** Accepts 64 hex characters or the base64 of exactly 32 bytes. */
export function parseSecretKey(raw: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(raw)) return Buffer.from(raw, 'base64');
  throw new ConfigError('SECRET_KEY', 'must be 32 bytes, as 64 hex characters or base64');
}

function parseRetentionDays(raw: string | undefined): number {
  if (raw === undefined) return 30;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 36500) {
    throw new ConfigError('RETENTION_DAYS', `must be an integer from 1 to 36500 (days), got "${raw}"`);
  }
  return Number(raw);
}

/**
 * WEBHOOK_CONCURRENCY: a receiver's slots. An endpoint's rate is bounded by slots ÷ its answer time
 * (4 slots and 50 ms answers: 80 events/s); 8 by default, where one worker keeps up with 2,000 events/s
 * over 10 endpoints (bench/README.md, *Session 11*).
 */
export const WEBHOOK_CONCURRENCY_DEFAULT = 8;

function parseWebhookConcurrency(raw: string | undefined): number {
  if (raw === undefined) return WEBHOOK_CONCURRENCY_DEFAULT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) {
    throw new ConfigError('WEBHOOK_CONCURRENCY', `must be an integer from 1 to 64 (deliveries in flight per endpoint), got "${raw}"`);
  }
  return Number(raw);
}

/**
 * OFFERS_LIST_CACHE_MB's default per engine: 32 MB beside PostgreSQL; 8 MB on the embedded engine,
 * whose process also holds the database (its WebAssembly heap never shrinks), so a full cache adds
 * little to that process's footprint (issue 17; measured peaks in bench/README.md, *Third pass*).
 */
export const LIST_CACHE_DEFAULT_MB = { postgres: 32, pglite: 8 } as const;

function parseCacheMegabytes(raw: string | undefined, embedded: boolean): number {
  if (raw === undefined) return LIST_CACHE_DEFAULT_MB[embedded ? 'pglite' : 'postgres'] * 1024 * 1024;
  if (!/^\d+$/.test(raw) || Number(raw) > 65536) {
    throw new ConfigError('OFFERS_LIST_CACHE_MB', `must be an integer from 0 (off) to 65536 (megabytes), got "${raw}"`);
  }
  return Number(raw) * 1024 * 1024;
}

/** SANDBOX_RATES: a JSON object of positive USD prices per currency code, e.g. {"BTC": "60000"}. */
export function parseRateTable(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  const parsed = JSON.parse(raw) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not a JSON object');
  for (const [code, price] of Object.entries(parsed)) {
    if (parseUnits(price) === null || parseUnits(price) === 0n) throw new Error(`bad USD price for ${code}`);
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(nonEmpty(env, 'PORT'));
  const host = nonEmpty(env, 'HOST') ?? '127.0.0.1';

  const rawPublicUrl = nonEmpty(env, 'PUBLIC_URL');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const publicUrl = rawPublicUrl
    ? parseUrl('PUBLIC_URL', rawPublicUrl, ['http:', 'https:']).toString().replace(/\/+$/, '')
    : `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${port}`;

  const rawDatabaseUrl = nonEmpty(env, 'DATABASE_URL');
  const databaseUrl = rawDatabaseUrl ? parseUrl('DATABASE_URL', rawDatabaseUrl, ['postgres:', 'postgresql:']) && rawDatabaseUrl : null;

  const adminToken = nonEmpty(env, 'ADMIN_TOKEN') ?? null;
  if (adminToken !== null && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters long');
  }
  const metricsToken = nonEmpty(env, 'METRICS_TOKEN') ?? null;
  if (metricsToken !== null && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters long');
  }

  const rawSecretKey = nonEmpty(env, 'SECRET_KEY');
  const secretKey = rawSecretKey ? parseSecretKey(rawSecretKey) : null;
  if (secretKey === null && databaseUrl !== null) {
    // On PostgreSQL several replicas must share one key, so it cannot be generated locally.
    throw new ConfigError('SECRET_KEY', 'is required with DATABASE_URL (generate one with: openssl rand -hex 32)');
  }

  const rawLevel = (nonEmpty(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(rawLevel as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${rawLevel}"`);
  }
  const requestLog = (nonEmpty(env, 'REQUEST_LOG') ?? 'all').toLowerCase() as RequestLog;
  if (!REQUEST_LOGS.includes(requestLog)) {
    throw new ConfigError('REQUEST_LOG', `must be one of ${REQUEST_LOGS.join(', ')}, got "${requestLog}"`);
  }

  let sandboxRates: Record<string, string>;
  try {
    sandboxRates = parseRateTable(nonEmpty(env, 'SANDBOX_RATES'));
  } catch (error) {
    throw new ConfigError(
      'SANDBOX_RATES',
      `must be a JSON object of positive USD prices, e.g. {"BTC": "60000"} (${(error as Error).message})`,
    );
  }

  const rawSmtpUrl = nonEmpty(env, 'SMTP_URL');
  const smtpUrl = rawSmtpUrl ? parseUrl('SMTP_URL', rawSmtpUrl, ['smtp:', 'smtps:']) && rawSmtpUrl : null;
  const mailFrom = nonEmpty(env, 'MAIL_FROM') ?? `offerpay <no-reply@${new URL(publicUrl).hostname}>`;
  if (!/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', 'must be an address, e.g. "Acme Sales <sales@acme.example>"');
  }

  let evmNetworks: EvmNetworkConfig[];
  try {
    evmNetworks = parseEvmNetworks(nonEmpty(env, 'EVM_NETWORKS'));
  } catch (error) {
    if (error instanceof EvmConfigProblem) throw new ConfigError('EVM_NETWORKS', error.message.replace(/^: /, ''));
    throw error;
  }
  const rawRatesUrl = nonEmpty(env, 'RATES_URL');
  const ratesUrl = rawRatesUrl ? parseUrl('RATES_URL', rawRatesUrl, ['http:', 'https:']).toString().replace(/\/+$/, '') : null;

  return {
    port,
    host,
    publicUrl,
    dataDir: path.resolve(nonEmpty(env, 'DATA_DIR') ?? './data'),
    mediaDir: nonEmpty(env, 'MEDIA_DIR') ? path.resolve(nonEmpty(env, 'MEDIA_DIR')!) : null,
    databaseUrl,
    adminToken,
    metricsToken,
    secretKey,
    logLevel: rawLevel as LogLevel,
    requestLog,
    retentionDays: parseRetentionDays(nonEmpty(env, 'RETENTION_DAYS')),
    production: env.NODE_ENV === 'production',
    sandboxRates,
    smtpUrl,
    mailFrom,
    offersListCacheBytes: parseCacheMegabytes(nonEmpty(env, 'OFFERS_LIST_CACHE_MB'), databaseUrl === null),
    evmNetworks,
    ratesUrl,
    allowPrivateWebhookTargets: parseBoolean('ALLOW_PRIVATE_WEBHOOK_TARGETS', nonEmpty(env, 'ALLOW_PRIVATE_WEBHOOK_TARGETS'), false),
    webhookConcurrency: parseWebhookConcurrency(nonEmpty(env, 'WEBHOOK_CONCURRENCY')),
    pgliteOptimizeWasm: parseBoolean('PGLITE_OPTIMIZE_WASM', nonEmpty(env, 'PGLITE_OPTIMIZE_WASM'), false),
    limits: loadLimitsConfig(env),
  };
}
