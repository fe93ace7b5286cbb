// Field errors with the vendor's messages, duplicates (also concurrent), cancel's documented errors
// and a cancel racing a confirmation.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine, json } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

describeEachEngine(
  'merchant invoices errors',
  (ctx) => {
    let client: MerchantClient;
    const create = (overrides: Record<string, unknown>) => client.post('/invoices/create', invoiceBody(overrides));
    const errorsOf = async (overrides: Record<string, unknown>) => {
      const res = await create(overrides);
      assert.equal(res.statusCode, 400, res.body);
      return json(res).errors as Record<string, string>;
    };

    it('sets up a merchant', async () => {
      client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
    });

    it('reports every missing required field with its message', async () => {
      const res = await client.post('/invoices/create', {});
      assert.equal(res.statusCode, 400);
      assert.deepEqual(json(res), {
        errors: {
          timer: 'The timer field is required.',
          title: 'The title field is required.',
          foreign_id: 'The foreign id field is required.',
          currency: 'The currency field is required.',
          amount: 'The amount field is required.',
          url_success: 'The url success field is required.',
          url_failed: 'The url failed field is required.',
        },
      });
    });

    it('field rules and messages', async () => {
      assert.deepEqual(await errorsOf({ title: 'x'.repeat(51) }), { title: 'The title may not be greater than 50 characters.' });
      assert.deepEqual(await errorsOf({ title: '' }), { title: 'The title field is required.' });
      assert.deepEqual(await errorsOf({ description: 'd'.repeat(1001) }), {
        description: 'The description may not be greater than 1000 characters.',
      });
      assert.deepEqual(await errorsOf({ foreign_id: 'f'.repeat(256) }), {
        foreign_id: 'The foreign id may not be greater than 255 characters.',
      });
      assert.deepEqual(await errorsOf({ type: 'forever' }), { type: 'The selected type is invalid.' });
      assert.deepEqual(await errorsOf({ timer: 'sometimes' }), { timer: 'The timer field must be true or false.' });
      assert.deepEqual(await errorsOf({ currency: 'XYZ' }), { currency: 'The selected currency is invalid.' });
      assert.deepEqual(await errorsOf({ sender_currency: 'EUR', timer: true }), {
        sender_currency: 'The selected sender currency is invalid.',
      });
      assert.deepEqual(await errorsOf({ amount: 'ten' }), { amount: 'The amount must be a number.' });
      assert.deepEqual(await errorsOf({ amount: '1.123456789' }), { amount: 'The amount must be a number.' });
      assert.deepEqual(await errorsOf({ amount: 9.99 }), { amount: 'The amount is too small. The minimum amount is 10.00 EUR.' });
      assert.deepEqual(await errorsOf({ amount: '0.00001', currency: 'BTC' }), {
        amount: 'The amount is too small. The minimum amount is 0.00010000 BTC.',
      });
      assert.deepEqual(await errorsOf({ amount: '1000000000.1' }), { amount: 'The amount may not be greater than 1000000000.' });
      assert.deepEqual(await errorsOf({ amount: '900000000', currency: 'BTC', timer: true, sender_currency: 'USDTE' }), {
        amount: 'The amount is too large for the selected currency.',
      });
      assert.deepEqual(await errorsOf({ url_success: 'http://shop.example.com/ok' }), {
        url_success: 'The url success format is invalid.',
      });
      assert.deepEqual(await errorsOf({ url_failed: 'https://10.0.0.1/failed' }), { url_failed: 'The url failed format is invalid.' });
      assert.deepEqual(await errorsOf({ email_user: 'not-an-email' }), { email_user: 'The email user must be a valid email address.' });
      assert.deepEqual(await errorsOf({ sender_type: 'robot' }), { sender_type: 'The selected sender type is invalid.' });
      assert.deepEqual(await errorsOf({ sender_data: 'Jane' }), { sender_data: 'The sender data must be an array.' });
    });

    it('accepts amounts as numbers or strings and unset optional fields as null', async () => {
      const nulls = {
        type: null,
        description: null,
        sender_currency: null,
        end_user_reference: null,
        email_user: null,
        sender_type: null,
        sender_data: null,
      };
      const res = await create({ ...nulls, amount: '10.5', foreign_id: 'nulls-1' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(json(res).data.amount, '10.50000000');
      const asNumber = await create({
        amount: 12,
        foreign_id: 'number-1',
        sender_type: 'natural',
        sender_data: { first_name: 'Jane', last_name: 'Doe', date_of_birth: '1990-01-01' },
      });
      assert.equal(json(asNumber).data.amount, '12.00000000');
    });

    it('duplicate foreign_id: "The foreign id has already been taken."', async () => {
      assert.equal((await create({ foreign_id: 'dup-1' })).statusCode, 200);
      assert.deepEqual(await errorsOf({ foreign_id: 'dup-1' }), { foreign_id: 'The foreign id has already been taken.' });
    });

    it('100 concurrent creates of one foreign_id: exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 100 }, () => create({ foreign_id: 'race-create' })));
      assert.equal(results.filter((r) => r.statusCode === 200).length, 1);
      for (const r of results.filter((r) => r.statusCode !== 200)) {
        assert.equal(r.statusCode, 400);
        assert.deepEqual(json(r), { errors: { foreign_id: 'The foreign id has already been taken.' } });
      }
      const { rows } = await ctx().db.query<{ n: number }>("SELECT count(*)::int AS n FROM invoices WHERE foreign_id = 'race-create'");
      assert.equal(rows[0]!.n, 1);
    });

    it('cancel: unknown invoice', async () => {
      const res = await client.post('/invoices/nope/cancel/', {});
      assert.equal(res.statusCode, 400);
      assert.deepEqual(json(res), { errors: { foreign_id: 'Invoice not found.' } });
    });

    it('cancel: any body field is an error, and nothing changes', async () => {
      await create({ foreign_id: 'cancel-body' });
      const res = await client.post('/invoices/cancel-body/cancel/', { reason: 'x' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(json(res), { errors: { reason: 'The reason field is prohibited.' } });
      assert.equal(json(await client.post('/invoices/info', { foreign_id: 'cancel-body' })).data.status, 'created');
    });

    it('cancel: a failed or confirmed invoice cannot be cancelled', async () => {
      await create({ foreign_id: 'cancel-twice' });
      assert.equal((await client.post('/invoices/cancel-twice/cancel/', {})).statusCode, 200);
      const again = await client.post('/invoices/cancel-twice/cancel/', {});
      assert.equal(again.statusCode, 400);
      assert.deepEqual(json(again), { error: 'Invoice cannot be failed in its current state.', code: 'invalid_invoice_state' });

      await create({ foreign_id: 'cancel-paid', timer: true, sender_currency: 'BTC' });
      assert.equal(json(await client.post('/sandbox/invoices/cancel-paid/payments', { confirmations: 2 })).data.status, 'confirmed');
      const paid = await client.post('/invoices/cancel-paid/cancel/', {});
      assert.deepEqual(json(paid), { error: 'Invoice cannot be failed in its current state.', code: 'invalid_invoice_state' });
    });

    it('foreign ids with URL-special characters round-trip through the path', async () => {
      await create({ foreign_id: 'a b/ü' });
      assert.equal((await client.post(`/invoices/${encodeURIComponent('a b/ü')}/cancel/`, {})).statusCode, 200);
    });

    it('a cancel racing a confirmation: exactly one outcome', async () => {
      for (let i = 0; i < 5; i++) {
        const fid = `race-${i}`;
        await create({ foreign_id: fid, timer: true, sender_currency: 'BTC' });
        await client.post(`/sandbox/invoices/${fid}/payments`, {});
        const [cancel, confirm] = await Promise.all([
          client.post(`/invoices/${fid}/cancel/`, {}),
          client.post(`/sandbox/invoices/${fid}/confirmations`, {}),
        ]);
        const status = json(await client.post('/invoices/info', { foreign_id: fid })).data.status;
        if (cancel.statusCode === 200) {
          assert.equal(status, 'failed');
        } else {
          assert.deepEqual(json(cancel), { error: 'Invoice cannot be failed in its current state.', code: 'invalid_invoice_state' });
          assert.equal(confirm.statusCode, 200);
          assert.equal(status, 'confirmed');
        }
        const { rows } = await ctx().db.query<{ status: string }>(
          "SELECT payload->>'status' AS status FROM outbox WHERE payload->>'foreign_id' = $1 AND payload->>'status' IN ('failed', 'confirmed')",
          [fid],
        );
        assert.equal(rows.length, 1, 'one final callback');
      }
    });

    it('sandbox: paying a final invoice, or in another currency, is refused', async () => {
      await create({ foreign_id: 'sb-1', timer: true, sender_currency: 'BTC' });
      const wrong = await client.post('/sandbox/invoices/sb-1/payments', { currency: 'ETH' });
      assert.deepEqual(json(wrong), { errors: { currency: 'The selected currency is invalid.' } });
      assert.equal((await client.post('/sandbox/invoices/sb-1/payments', { amount: '0.0001', txid: 'tx-dup' })).statusCode, 200);
      assert.deepEqual(json(await client.post('/sandbox/invoices/sb-1/payments', { amount: '0.0001', txid: 'tx-dup' })), {
        errors: { txid: 'The txid has already been taken.' },
      });
      await client.post('/invoices/sb-1/cancel/', {});
      const late = await client.post('/sandbox/invoices/sb-1/payments', {});
      assert.deepEqual(json(late), { error: 'Invoice cannot accept payments in its current state.', code: 'invalid_invoice_state' });
    });

    it('info, list and rates validate their parameters', async () => {
      assert.deepEqual(json(await client.post('/invoices/info', {})), {
        errors: { foreign_id: 'The foreign id field is required when id is not present.' },
      });
      assert.deepEqual(json(await client.post('/invoices/info', { id: 999999 })), { errors: { id: 'Invoice not found.' } });
      assert.deepEqual(json(await client.post('/invoices/list', { per_page: 101, status: 'paid' })), {
        errors: { per_page: 'The per page may not be greater than 100.', status: 'The selected status is invalid.' },
      });
      assert.deepEqual(json(await client.post('/currencies/rates', { currency_from: 'NOPE', currency_to: 'EUR' })), {
        errors: { currency_from: 'The selected currency from is invalid.' },
      });
      assert.deepEqual(json(await client.post('/transactions/info', { id: 424242 })), { errors: { id: 'Transaction not found.' } });
    });
    // Return URLs are strict (https, a domain) unless ALLOW_PRIVATE_WEBHOOK_TARGETS is set for local development.
  },
  { env: { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'false' } },
);
