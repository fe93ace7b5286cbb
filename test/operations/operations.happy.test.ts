import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';

describeEachEngine('operations', (ctx) => {
  it('answers /healthz and /readyz', async () => {
    const health = await ctx().app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(json(health), { status: 'ok' });
    const ready = await ctx().app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await ctx().app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(kept.headers['x-request-id'], 'abc-123');
    const replaced = await ctx().app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\u00e9'.repeat(3) } });
    assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
});

describeEachEngine('readiness', (ctx) => {
  it('answers 503 once the database no longer answers, while liveness stays 200', async () => {
    await ctx().db.close();
    const ready = await ctx().app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.equal((await ctx().app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});
