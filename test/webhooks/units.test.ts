// Pure parts: state machine (every state × action), schedules, signatures, SSRF address checks, fan-out.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { fanOut, webhookBody } from '../../src/webhooks/dispatcher.js';
import type { EndpointRow } from '../../src/webhooks/endpoints-repository.js';
import type { OutboxRow } from '../../src/webhooks/outbox-repository.js';
import {
  DEFAULT_BACKOFF,
  isSuccess,
  MERCHANT_RETRY_MINUTES,
  merchantRetryDelayMs,
  webhookRetryDelayMs,
} from '../../src/webhooks/schedule.js';
import { signWebhook, verifyWebhook } from '../../src/webhooks/signing.js';
import { checkTargetUrl, isPrivateAddress } from '../../src/webhooks/ssrf.js';
import {
  afterAttempt,
  DELIVERY_ACTIONS,
  DELIVERY_STATUSES,
  shouldDisableEndpoint,
  statesAllowing,
  transition,
} from '../../src/webhooks/states.js';

describe('delivery states', () => {
  const expected: Record<string, Record<string, string | null>> = {
    pending: { claim: 'delivering', succeed: null, retry: null, give_up: null, redeliver: 'pending', abandon: 'failed' },
    delivering: { claim: 'delivering', succeed: 'delivered', retry: 'pending', give_up: 'failed', redeliver: null, abandon: null },
    delivered: { claim: null, succeed: null, retry: null, give_up: null, redeliver: 'pending', abandon: null },
    failed: { claim: null, succeed: null, retry: null, give_up: null, redeliver: 'pending', abandon: null },
  };
  for (const from of DELIVERY_STATUSES) {
    for (const action of DELIVERY_ACTIONS) {
      it(`${from} × ${action} → ${expected[from]![action]}`, () => assert.equal(transition(from, action), expected[from]![action]));
    }
  }
  it('redeliver is refused only while delivering', () => assert.deepEqual(statesAllowing('redeliver'), ['pending', 'delivered', 'failed']));

  it('merchant callbacks: only 200 is success, 12 retries then failed', () => {
    assert.equal(afterAttempt('merchant_callback', 1, 200, Math.random).action, 'succeed');
    assert.deepEqual(afterAttempt('merchant_callback', 1, 201, Math.random), { action: 'retry', status: 'pending', delayMs: 60_000 });
    assert.deepEqual(afterAttempt('merchant_callback', 12, 500, Math.random), {
      action: 'retry',
      status: 'pending',
      delayMs: 240 * 60_000,
    });
    assert.deepEqual(afterAttempt('merchant_callback', 13, null, Math.random), { action: 'give_up', status: 'failed' });
  });
  it('disables an endpoint only after enough failures over enough time', () => {
    const policy = { failures: 3, failingForMs: 60_000 };
    const since = new Date('2026-06-01T10:00:00Z');
    const at = (ms: number) => new Date(since.getTime() + ms);
    assert.equal(shouldDisableEndpoint(2, since, at(120_000), policy), false);
    assert.equal(shouldDisableEndpoint(3, since, at(59_999), policy), false);
    assert.equal(shouldDisableEndpoint(3, since, at(60_000), policy), true);
    assert.equal(shouldDisableEndpoint(3, null, at(60_000), policy), false);
  });
  it('webhooks: any 2xx is success', () => {
    for (const code of [200, 201, 204, 299]) assert.equal(afterAttempt('endpoint', 1, code, Math.random).action, 'succeed');
    for (const code of [null, 199, 301, 302, 400, 410, 500]) assert.equal(afterAttempt('endpoint', 1, code, Math.random).action, 'retry');
  });
});

describe('schedules', () => {
  it('merchant: exactly +1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240 minutes', () => {
    const delays = Array.from({ length: 13 }, (_, i) => merchantRetryDelayMs(i + 1));
    assert.deepEqual(delays, [...MERCHANT_RETRY_MINUTES.map((m) => m * 60_000), null]);
    assert.equal(
      MERCHANT_RETRY_MINUTES.reduce((a, b) => a + b, 0),
      1461,
    );
  });
  it('webhooks: exponential with equal jitter, capped, then null', () => {
    const opts = { baseMs: 1000, maxMs: 16_000, maxAttempts: 8 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => webhookRetryDelayMs(n, () => 0, opts)),
      [500, 1000, 2000, 4000, 8000, 8000, 8000],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => webhookRetryDelayMs(n, () => 1, opts)),
      [1000, 2000, 4000, 8000, 16_000, 16_000, 16_000],
    );
    assert.equal(
      webhookRetryDelayMs(8, () => 0.5, opts),
      null,
    );
  });
  it('webhooks by default: 12 attempts, the last ≈ 12–24.5 h after the first', () => {
    const horizon = (r: number) =>
      Array.from({ length: 11 }, (_, i) => webhookRetryDelayMs(i + 1, () => r)!).reduce((a, b) => a + b, 0) / 3_600_000;
    assert.equal(
      webhookRetryDelayMs(DEFAULT_BACKOFF.maxAttempts, () => 0),
      null,
    );
    assert.equal(horizon(1), 1471 / 60);
    assert.ok(horizon(0) > 12 && horizon(0) < 12.5, String(horizon(0)));
  });
  it('success codes per target kind', () => {
    assert.equal(isSuccess('merchant_callback', 204), false);
    assert.equal(isSuccess('endpoint', 204), true);
    assert.equal(isSuccess('endpoint', null), false);
  });
});

describe('signing', () => {
  it('X-Webhook-Signature is lowercase hex HMAC-SHA256 of the raw body', () => {
    const body = '{"a":1}';
    const signature = signWebhook('whsec_x', body);
    assert.equal(signature, crypto.createHmac('sha256', 'whsec_x').update(body).digest('hex'));
    assert.match(signature, /^[0-9a-f]{64}$/);
    assert.equal(verifyWebhook('whsec_x', body, signature), true);
    assert.equal(verifyWebhook('whsec_x', `${body} `, signature), false);
    assert.equal(verifyWebhook('whsec_y', body, signature), false);
    assert.equal(verifyWebhook('whsec_x', body, signature.toUpperCase()), false);
  });
});

describe('SSRF guard', () => {
  const refused = [
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'not-an-ip',
    // IPv4 embedded in IPv6 however it is spelled (issue 13): what new URL() makes of [::127.0.0.1] …
    '::7f00:1',
    '::127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '2002:7f00:1::', // 6to4 of 127.0.0.1
    '2002:c0a8:101::1', // 6to4 of 192.168.1.1
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    '64:ff9b:1::a00:1', // local-use NAT64
  ];
  const allowed = [
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '2002:808:808::1',
  ];
  for (const a of refused) it(`refuses ${a}`, () => assert.equal(isPrivateAddress(a), true));
  for (const a of allowed) it(`allows ${a}`, () => assert.equal(isPrivateAddress(a), false));

  it('checks URLs at registration: scheme, credentials, literal addresses, localhost', () => {
    assert.equal(checkTargetUrl('https://example.com/hook', false).hostname, 'example.com');
    for (const bad of [
      'ftp://example.com',
      'https://u:p@example.com/',
      'http://127.0.0.1/',
      'http://[::1]:8080/',
      'http://localhost/',
      'http://169.254.169.254/latest',
      'http://[::127.0.0.1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[2002:7f00:1::]/',
      'nope',
    ]) {
      assert.throws(() => checkTargetUrl(bad, false), bad);
    }
    assert.equal(checkTargetUrl('http://127.0.0.1:9/', true).port, '9');
  });
});

describe('fan-out', () => {
  const org = crypto.randomUUID();
  const row: OutboxRow = {
    id: 1n,
    organisation_id: org,
    event_id: 'evt_1',
    topic: 'offer.signed',
    payload: { data: { id: 'o1' } },
    ordering_key: null,
    body: null,
    created_at: new Date('2026-06-01T10:00:00Z'),
  };
  const endpoint = (id: string, events: string[], extra: Partial<EndpointRow> = {}): EndpointRow => ({
    id,
    organisation_id: org,
    url: 'http://x',
    description: null,
    events,
    version: 'v1',
    secret_encrypted: '',
    enabled: true,
    consecutive_failures: 0,
    failing_since: null,
    disabled_at: null,
    disabled_reason: null,
    created_at: new Date(),
    updated_at: new Date(),
    ...extra,
  });
  it('sends to subscribed and wildcard endpoints of the same organisation only', () => {
    const deliveries = fanOut(
      row,
      [
        endpoint('a', ['offer.signed']),
        endpoint('b', ['*']),
        endpoint('c', ['offer.created']),
        endpoint('d', ['*'], { enabled: false }),
        endpoint('e', ['*'], { organisation_id: crypto.randomUUID() }),
      ],
      undefined,
    );
    assert.deepEqual(
      deliveries.map((d) => d.targetKey),
      ['a', 'b'],
    );
    assert.equal(deliveries[0]!.body, deliveries[1]!.body);
  });
  it('builds the Fynn envelope', () => {
    assert.deepEqual(JSON.parse(webhookBody(row)), {
      event: { type: 'offer.signed', id: 'evt_1', version: '1.0.0', created: '2026-06-01T10:00:00+00:00' },
      tenantId: org,
      data: { id: 'o1' },
    });
  });
  it('merchant callbacks go to the callback URL with the payload as body, or nowhere', () => {
    const cb = { ...row, topic: 'merchant.invoice_callback', payload: { id: 7, status: 'confirmed' } };
    assert.deepEqual(fanOut(cb, [endpoint('a', ['*'])], undefined), []);
    const [d] = fanOut(cb, [endpoint('a', ['*'])], 'http://merchant');
    assert.equal(d!.targetKind, 'merchant_callback');
    assert.deepEqual(JSON.parse(d!.body), { id: 7, status: 'confirmed' });
  });
  it('unknown topics go nowhere', () =>
    assert.deepEqual(fanOut({ ...row, topic: 'invoice.internal' }, [endpoint('a', ['*'])], 'http://m'), []));
});
