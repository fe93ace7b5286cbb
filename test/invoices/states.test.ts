// Every status × every event of the pure invoice state machine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALLOWED_FROM,
  ERRORS,
  EVENT_TYPES,
  isFinal,
  STATUSES,
  transition,
  type InvoiceEvent,
  type InvoiceStatus,
} from '../../src/invoices/states.js';

const sums = (seen: bigint, confirmed = 0n, due = 100n) => ({ due, seen, confirmed });

// A representative event of each type, and what it does from each open status.
const events: Record<(typeof EVENT_TYPES)[number], InvoiceEvent> = {
  select_currency: { type: 'select_currency' },
  payment: { type: 'payment', sums: sums(40n) },
  confirmation: { type: 'confirmation', sums: sums(100n, 100n), invoiceType: 'fill_or_kill', allConfirmed: true },
  expire: { type: 'expire', sums: sums(0n) },
  cancel: { type: 'cancel' },
  withdrawal: { type: 'withdrawal', sums: sums(40n) },
};

const expected: Record<InvoiceStatus, Record<(typeof EVENT_TYPES)[number], [InvoiceStatus, string | null] | null>> = {
  created: {
    select_currency: ['pending', null],
    payment: ['pending', null],
    confirmation: ['confirmed', null],
    expire: ['failed', ERRORS.notPaid],
    cancel: ['failed', ERRORS.cancelled],
    withdrawal: ['created', null],
  },
  pending: {
    select_currency: null,
    payment: ['pending', null],
    confirmation: ['confirmed', null],
    expire: ['failed', ERRORS.notPaid],
    cancel: ['failed', ERRORS.cancelled],
    withdrawal: ['pending', null],
  },
  processing: {
    select_currency: null,
    payment: ['processing', null],
    confirmation: ['confirmed', null],
    expire: ['failed', ERRORS.processingTooLong],
    cancel: ['failed', ERRORS.cancelled],
    withdrawal: ['pending', null],
  },
  confirmed: { select_currency: null, payment: null, confirmation: null, expire: null, cancel: null, withdrawal: null },
  failed: { select_currency: null, payment: null, confirmation: null, expire: null, cancel: null, withdrawal: null },
};

describe('invoice states', () => {
  for (const status of STATUSES) {
    for (const type of EVENT_TYPES) {
      it(`${status} × ${type}`, () => {
        const outcome = transition(status, events[type]);
        const want = expected[status][type];
        if (want === null) {
          assert.deepEqual(outcome, { ok: false });
          assert.ok(!ALLOWED_FROM[type].includes(status));
        } else {
          assert.equal(outcome.ok, true);
          if (!outcome.ok) return;
          assert.deepEqual([outcome.status, outcome.error], want);
        }
      });
    }
  }

  it('final statuses accept nothing', () => {
    for (const status of STATUSES.filter(isFinal)) for (const type of EVENT_TYPES) assert.equal(transition(status, events[type]).ok, false);
  });

  it('the full sum seen moves to processing and extends the deadline once', () => {
    assert.deepEqual(transition('pending', { type: 'payment', sums: sums(100n) }), {
      ok: true,
      status: 'processing',
      error: null,
      extendDeadline: true,
    });
    assert.deepEqual(transition('created', { type: 'payment', sums: sums(250n) }), {
      ok: true,
      status: 'processing',
      error: null,
      extendDeadline: true,
    });
    assert.deepEqual(transition('processing', { type: 'payment', sums: sums(150n) }), {
      ok: true,
      status: 'processing',
      error: null,
      extendDeadline: false,
    });
  });

  it('overpayment confirms', () => {
    const o = transition('processing', { type: 'confirmation', sums: sums(150n, 150n), invoiceType: 'fill_or_kill', allConfirmed: true });
    assert.deepEqual(o, { ok: true, status: 'confirmed', error: null, extendDeadline: false });
  });

  it('a confirmed partial payment: fill_or_kill fails, good_until_expired keeps waiting', () => {
    const partial = { sums: sums(40n, 40n), allConfirmed: true } as const;
    assert.deepEqual(transition('pending', { type: 'confirmation', invoiceType: 'fill_or_kill', ...partial }), {
      ok: true,
      status: 'failed',
      error: ERRORS.paidLess,
      extendDeadline: false,
    });
    assert.deepEqual(transition('pending', { type: 'confirmation', invoiceType: 'good_until_expired', ...partial }), {
      ok: true,
      status: 'pending',
      error: null,
      extendDeadline: false,
    });
    // Not everything confirmed yet: wait.
    assert.equal(
      (transition('processing', { type: 'confirmation', invoiceType: 'fill_or_kill', sums: sums(100n, 40n), allConfirmed: false }) as any)
        .status,
      'processing',
    );
  });

  it('expiry texts: not paid, paid less, processing too long', () => {
    assert.equal((transition('created', { type: 'expire', sums: sums(0n) }) as any).error, 'Timer expired. User not paid.');
    assert.equal(
      (transition('pending', { type: 'expire', sums: sums(40n) }) as any).error,
      'Timer expired. User paid less than requested.',
    );
    assert.equal(
      (transition('processing', { type: 'expire', sums: sums(100n) }) as any).error,
      'Timer expired. Transactions were in status processing too long.',
    );
  });

  it('a withdrawn payment: processing stays only while the rest still covers the sum', () => {
    assert.equal((transition('processing', { type: 'withdrawal', sums: sums(100n) }) as any).status, 'processing');
    assert.equal((transition('processing', { type: 'withdrawal', sums: sums(0n) }) as any).status, 'pending');
    assert.equal((transition('pending', { type: 'withdrawal', sums: sums(0n) }) as any).status, 'pending');
  });
});
