// Merchant API load scenarios: signed invoice creation and signed cancellation.
// Each request gets a fresh body and signature in autocannon's setupRequest.
import crypto from 'node:crypto';
import type { BenchContext, BenchRequest, Scenario } from '../scenario.js';

/** Invoices pre-created for the cancel scenario; beyond this the cancels answer 400 (already failed). */
const CANCELLABLE = 200_000;

export default async function setup(ctx: BenchContext): Promise<Scenario[]> {
  const run = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  const signed = (req: BenchRequest, body: string): BenchRequest => ({
    ...req,
    body,
    headers: {
      ...req.headers,
      'content-type': 'application/json',
      'x-processing-key': ctx.merchantKey,
      'x-processing-signature': crypto.createHmac('sha512', ctx.merchantSecret).update(body).digest('hex'),
    },
  });

  // One statement instead of 200k API calls; the rows are what invoices/create would write for a no-timer invoice.
  await ctx.db.query(
    `INSERT INTO invoices (organisation_id, foreign_id, slug_hash, slug_encrypted, type, timer, title, currency, amount, status, url_success, url_failed, created_at, updated_at)
     SELECT $1, $2 || '-' || g, sha256(convert_to($2 || '-s-' || g, 'UTF8')), 'unused', 'fill_or_kill', false, 'Bench', 'EUR', 10000000000, 'created',
            'https://shop.example.com/ok', 'https://shop.example.com/failed', now(), now()
       FROM generate_series(1, $3::int) AS g`,
    [ctx.organisationId, `bench-cancel-${run}`, CANCELLABLE],
  );

  let created = 0;
  let cancelled = 0;
  return [
    {
      name: 'merchant: POST /api/v2/invoices/create (signed)',
      request: { method: 'POST', path: '/api/v2/invoices/create', headers: {} },
      setupRequest: (req) =>
        signed(
          req,
          JSON.stringify({
            timer: true,
            title: 'Bench order',
            currency: 'EUR',
            amount: '106.75',
            sender_currency: 'BTC',
            foreign_id: `bench-create-${run}-${++created}`,
            url_success: 'https://shop.example.com/ok',
            url_failed: 'https://shop.example.com/failed',
          }),
        ),
    },
    {
      name: 'merchant: POST /api/v2/invoices/{foreign_id}/cancel/ (signed)',
      request: { method: 'POST', path: '/api/v2/invoices/x/cancel/', headers: {} },
      setupRequest: (req) => {
        const n = (cancelled++ % CANCELLABLE) + 1;
        return { ...signed(req, '{}'), path: `/api/v2/invoices/${encodeURIComponent(`bench-cancel-${run}-${n}`)}/cancel/` };
      },
    },
  ];
}
