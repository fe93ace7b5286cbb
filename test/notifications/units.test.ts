// The pure parts of e-mail: the retry schedule and which payer notice a state change calls for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { payerNotice } from '../../src/invoices/payer-notice.js';
import type { InvoiceRow, TransactionRow } from '../../src/invoices/repository.js';
import { ERRORS } from '../../src/invoices/states.js';
import { afterSend, MAX_ATTEMPTS } from '../../src/notifications/retry.js';

describe('e-mail retry schedule', () => {
  it('sent is final; permanent failures fail at once; temporary ones back off up to an hour, then fail', () => {
    for (let n = 1; n <= MAX_ATTEMPTS; n++) {
      assert.deepEqual(afterSend(n, 'sent'), { status: 'sent' });
      assert.deepEqual(afterSend(n, 'permanent'), { status: 'failed' });
    }
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => afterSend(n, 'temporary')),
      [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000].map((retryInMs) => ({ status: 'pending', retryInMs })),
    );
    assert.deepEqual(afterSend(MAX_ATTEMPTS, 'temporary'), { status: 'failed' });
  });
});

describe('payer notices', () => {
  const invoice = (over: Partial<InvoiceRow>) =>
    ({ status: 'processing', error: null, email_user: 'payer@example.com', sender_amount: 100n, ...over }) as InvoiceRow;
  const paid = (...amounts: bigint[]) => amounts.map((amount) => ({ amount, status: 'confirmed' }) as TransactionRow);

  it('paid less: a failure with the paid-less text; paid more: a confirmation beyond the due sum', () => {
    assert.equal(payerNotice({ status: 'pending' }, invoice({ status: 'failed', error: ERRORS.paidLess }), paid(40n)), 'invoice_underpaid');
    assert.equal(payerNotice({ status: 'processing' }, invoice({ status: 'confirmed' }), paid(60n, 50n)), 'invoice_overpaid');
  });

  it('nothing for exact payments, other failures, no e-mail address, or no change', () => {
    assert.equal(payerNotice({ status: 'processing' }, invoice({ status: 'confirmed' }), paid(100n)), null);
    for (const error of [ERRORS.notPaid, ERRORS.processingTooLong, ERRORS.cancelled]) {
      assert.equal(payerNotice({ status: 'pending' }, invoice({ status: 'failed', error }), paid(40n)), null, error);
    }
    assert.equal(
      payerNotice({ status: 'pending' }, invoice({ status: 'failed', error: ERRORS.paidLess, email_user: null }), paid(40n)),
      null,
    );
    assert.equal(payerNotice({ status: 'failed' }, invoice({ status: 'failed', error: ERRORS.paidLess }), paid(40n)), null);
  });
});
