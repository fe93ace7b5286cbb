import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

const invalid = (env: Record<string, string>, variable: string) =>
  assert.throws(
    () => loadConfig(env),
    (e: unknown) => e instanceof ConfigError && e.variable === variable && e.message.startsWith(`${variable}:`),
  );

describe('configuration', () => {
  it('has working defaults for the embedded database', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.databaseUrl, null);
    assert.equal(c.adminToken, null);
    assert.equal(c.metricsToken, null);
    assert.equal(c.secretKey, null);
    assert.equal(c.logLevel, 'info');
  });

  it('derives PUBLIC_URL from HOST and PORT and strips a trailing slash from an explicit one', () => {
    assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '9000' }).publicUrl, 'http://127.0.0.1:9000');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://pay.example.com/' }).publicUrl, 'https://pay.example.com');
  });

  it('accepts a SECRET_KEY as hex or base64 of 32 bytes', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(loadConfig({ SECRET_KEY: hex }).secretKey?.toString('hex'), hex);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    assert.deepEqual(loadConfig({ SECRET_KEY: b64 }).secretKey, Buffer.alloc(32, 7));
  });

  it('names the variable of every invalid value', () => {
    invalid({ PORT: 'eighty' }, 'PORT');
    invalid({ PORT: '70000' }, 'PORT');
    invalid({ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL');
    invalid({ PUBLIC_URL: 'ftp://x.example' }, 'PUBLIC_URL');
    invalid({ DATABASE_URL: 'mysql://localhost/db', SECRET_KEY: 'ab'.repeat(32) }, 'DATABASE_URL');
    invalid({ DATABASE_URL: 'postgres://localhost/db' }, 'SECRET_KEY');
    invalid({ SECRET_KEY: 'too-short' }, 'SECRET_KEY');
    invalid({ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN');
    invalid({ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN');
    invalid({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    invalid({ SANDBOX_RATES: '{"BTC": "-1"}' }, 'SANDBOX_RATES');
    invalid({ SANDBOX_RATES: 'not json' }, 'SANDBOX_RATES');
    invalid({ ALLOW_PRIVATE_WEBHOOK_TARGETS: 'maybe' }, 'ALLOW_PRIVATE_WEBHOOK_TARGETS');
    invalid({ PGLITE_OPTIMIZE_WASM: 'fast' }, 'PGLITE_OPTIMIZE_WASM');
  });

  it('reads WEBHOOK_CONCURRENCY: 8 deliveries in flight per endpoint by default, 1 to 64 otherwise', () => {
    assert.equal(loadConfig({}).webhookConcurrency, 8);
    assert.equal(loadConfig({ WEBHOOK_CONCURRENCY: '1' }).webhookConcurrency, 1);
    assert.equal(loadConfig({ WEBHOOK_CONCURRENCY: ' 64 ' }).webhookConcurrency, 64);
    for (const bad of ['0', '-1', '2.5', 'many', '65', '1e1']) invalid({ WEBHOOK_CONCURRENCY: bad }, 'WEBHOOK_CONCURRENCY');
  });

  it('reads RETENTION_DAYS: 30 by default, an integer of at least 1 otherwise', () => {
    assert.equal(loadConfig({}).retentionDays, 30);
    assert.equal(loadConfig({ RETENTION_DAYS: '1' }).retentionDays, 1);
    assert.equal(loadConfig({ RETENTION_DAYS: ' 90 ' }).retentionDays, 90);
    for (const bad of ['0', '-1', '1.5', 'thirty', '1e3', '36501']) invalid({ RETENTION_DAYS: bad }, 'RETENTION_DAYS');
  });

  it('reads OFFERS_LIST_CACHE_MB: 8 MB by default on the embedded database, 32 MB on PostgreSQL, 0 turns the list cache off', () => {
    assert.equal(loadConfig({}).offersListCacheBytes, 8 * 1024 * 1024);
    const postgres = { DATABASE_URL: 'postgres://localhost/db', SECRET_KEY: 'ab'.repeat(32) };
    assert.equal(loadConfig(postgres).offersListCacheBytes, 32 * 1024 * 1024);
    assert.equal(loadConfig({ ...postgres, OFFERS_LIST_CACHE_MB: '8' }).offersListCacheBytes, 8 * 1024 * 1024);
    assert.equal(loadConfig({ OFFERS_LIST_CACHE_MB: '32' }).offersListCacheBytes, 32 * 1024 * 1024);
    assert.equal(loadConfig({ OFFERS_LIST_CACHE_MB: '0' }).offersListCacheBytes, 0);
    assert.equal(loadConfig({ OFFERS_LIST_CACHE_MB: '256' }).offersListCacheBytes, 256 * 1024 * 1024);
    for (const bad of ['-1', '1.5', 'lots', '65537']) invalid({ OFFERS_LIST_CACHE_MB: bad }, 'OFFERS_LIST_CACHE_MB');
  });

  it('reads SMTP_URL and MAIL_FROM: no mail by default, the sender derived from PUBLIC_URL', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://pay.example.com' });
    assert.equal(c.smtpUrl, null);
    assert.equal(c.mailFrom, 'offerpay <no-reply@pay.example.com>');
    const s = loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.com', MAIL_FROM: 'Acme Sales <sales@acme.example>' });
    assert.equal(s.smtpUrl, 'smtps://user:pw@mail.example.com');
    assert.equal(s.mailFrom, 'Acme Sales <sales@acme.example>');
    assert.equal(loadConfig({ MAIL_FROM: 'sales@acme.example' }).mailFrom, 'sales@acme.example');
    invalid({ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL');
    invalid({ SMTP_URL: 'not a url' }, 'SMTP_URL');
    invalid({ MAIL_FROM: 'Acme Sales' }, 'MAIL_FROM');
  });

  it('reads the limits: throttling on with generous defaults, RATE_LIMITS=off, timeouts, the cap, TRUST_PROXY', () => {
    const d = loadConfig({}).limits;
    assert.equal(d.throttling, true);
    assert.deepEqual(d.requestsPerWindow, { admin: 300, offers: 3000, merchant: 3000, public: 600 });
    assert.equal(d.windowMs, 60_000);
    assert.equal(d.authFailureLimit, 20);
    assert.equal(d.authFailureWindowMs, 900_000);
    assert.equal(d.trustProxy, false);
    assert.equal(d.requestTimeoutMs, 120_000);
    assert.equal(d.headersTimeoutMs, 20_000);
    assert.equal(d.maxConnections, 4096);
    assert.equal(loadConfig({ RATE_LIMITS: 'off' }).limits.throttling, false);
    assert.equal(loadConfig({ RATE_LIMITS: 'OFF' }).limits.throttling, false);
    const c = loadConfig({
      RATE_LIMIT_OFFERS: '10',
      AUTH_FAILURE_LIMIT: '5',
      REQUEST_TIMEOUT_MS: '500',
      HEADERS_TIMEOUT_MS: '400',
      MAX_CONNECTIONS: '2',
    });
    assert.equal(c.limits.requestsPerWindow.offers, 10);
    assert.equal(c.limits.authFailureLimit, 5);
    assert.equal(c.limits.requestTimeoutMs, 500);
    assert.equal(c.limits.maxConnections, 2);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).limits.trustProxy, true);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).limits.trustProxy, ['10.0.0.0/8', '127.0.0.1']);
    const hops = loadConfig({ TRUST_PROXY: '1' }).limits.trustProxy as (address: string, hop: number) => boolean;
    assert.equal(hops('10.0.0.1', 0), true);
    assert.equal(hops('10.0.0.1', 1), false);
    invalid({ RATE_LIMITS: 'maybe' }, 'RATE_LIMITS');
    invalid({ RATE_LIMIT_PUBLIC: '0' }, 'RATE_LIMIT_PUBLIC');
    invalid({ AUTH_FAILURE_WINDOW_SECONDS: 'soon' }, 'AUTH_FAILURE_WINDOW_SECONDS');
    invalid({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000' }, 'HEADERS_TIMEOUT_MS');
    invalid({ MAX_CONNECTIONS: '-1' }, 'MAX_CONNECTIONS');
    invalid({ TRUST_PROXY: 'the internet' }, 'TRUST_PROXY');
  });
});
