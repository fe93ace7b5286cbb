// The settings that protect the server from its clients: throttling (platform/throttle.ts), the
// lock-out after failed authentication (platform/auth-failures.ts), timeouts and the connection cap.
// Read once at start with the rest of the configuration (config.ts); a bad value stops the process.
import { ConfigError } from './config-error.js';

export interface LimitsConfig {
  /** RATE_LIMITS=off switches all throttling off (benchmarks, fuzzing); timeouts and the cap stay. */
  throttling: boolean;
  /** Requests per client address per window, per surface. */
  requestsPerWindow: { admin: number; offers: number; merchant: number; public: number };
  windowMs: number;
  /** Failed authentications per address, and per presented credential, before both are locked out. */
  authFailureLimit: number;
  authFailureWindowMs: number;
  /** Fastify's trustProxy: whose X-Forwarded-For names the client address (a hop count as a function). */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  /** The whole request, body included. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** An idle socket (no bytes either way) is closed after this long. */
  connectionTimeoutMs: number;
  maxConnections: number;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, unit: string): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (${unit}), got "${raw}"`);
  }
  return Number(raw);
}

function switchValue(raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new ConfigError('RATE_LIMITS', `must be "on" or "off", got "${raw}"`);
}

/** TRUST_PROXY: false (default), true, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs. */
function trustProxy(raw: string | undefined): LimitsConfig['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(false|0|no)$/i.test(value)) return false;
  if (/^(true|yes)$/i.test(value)) return true;
  if (/^\d{1,2}$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const list = value.split(',').map((s) => s.trim());
  if (list.every((s) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s))) return list;
  throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count or a list of proxy addresses/CIDRs, got "${raw}"`);
}

const HOUR_MS = 3_600_000;

export function loadLimitsConfig(env: Env): LimitsConfig {
  const perWindow = (name: string, fallback: number) => integer(env, name, fallback, 1, 1_000_000, 'requests per window');
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', 120_000, 100, HOUR_MS, 'milliseconds');
  const headersTimeoutMs = integer(env, 'HEADERS_TIMEOUT_MS', Math.min(20_000, requestTimeoutMs), 100, HOUR_MS, 'milliseconds');
  // Node refuses a headers timeout longer than the request timeout; say so here, by name.
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError('HEADERS_TIMEOUT_MS', 'must not exceed REQUEST_TIMEOUT_MS');
  return {
    throttling: switchValue(env.RATE_LIMITS),
    requestsPerWindow: {
      admin: perWindow('RATE_LIMIT_ADMIN', 300),
      offers: perWindow('RATE_LIMIT_OFFERS', 3000),
      merchant: perWindow('RATE_LIMIT_MERCHANT', 3000),
      public: perWindow('RATE_LIMIT_PUBLIC', 600),
    },
    windowMs: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400, 'seconds') * 1000,
    authFailureLimit: integer(env, 'AUTH_FAILURE_LIMIT', 20, 1, 1_000_000, 'failures'),
    authFailureWindowMs: integer(env, 'AUTH_FAILURE_WINDOW_SECONDS', 900, 1, 86_400, 'seconds') * 1000,
    trustProxy: trustProxy(env.TRUST_PROXY),
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, HOUR_MS, 'milliseconds'),
    connectionTimeoutMs: integer(env, 'CONNECTION_TIMEOUT_MS', 120_000, 100, HOUR_MS, 'milliseconds'),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 4096, 1, 1_000_000, 'connections'),
  };
}
