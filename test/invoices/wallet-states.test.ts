// The wallet's status tables, every status × every event.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEPOSIT_EVENTS,
  DEPOSIT_STATUSES,
  depositEventFor,
  depositTransition,
  WITHDRAWAL_EVENTS,
  WITHDRAWAL_STATUSES,
  withdrawalTransition,
} from '../../src/invoices/wallet/states.js';

describe('wallet states', () => {
  it('deposits: only not_confirmed moves, to confirmed or cancelled', () => {
    const table = Object.fromEntries(
      DEPOSIT_STATUSES.map((s) => [s, Object.fromEntries(DEPOSIT_EVENTS.map((e) => [e, depositTransition(s, e)]))]),
    );
    assert.deepEqual(table, {
      not_confirmed: { confirm: 'confirmed', cancel: 'cancelled' },
      confirmed: { confirm: null, cancel: null },
      cancelled: { confirm: null, cancel: null },
    });
  });

  it('withdrawals: only processing moves, to confirmed or cancelled', () => {
    const table = Object.fromEntries(
      WITHDRAWAL_STATUSES.map((s) => [s, Object.fromEntries(WITHDRAWAL_EVENTS.map((e) => [e, withdrawalTransition(s, e)]))]),
    );
    assert.deepEqual(table, {
      processing: { confirm: 'confirmed', cancel: 'cancelled' },
      confirmed: { confirm: null, cancel: null },
      cancelled: { confirm: null, cancel: null },
    });
  });

  it('a deposit confirms at the required count', () => {
    assert.equal(depositEventFor(0, 2), null);
    assert.equal(depositEventFor(1, 2), null);
    assert.equal(depositEventFor(2, 2), 'confirm');
    assert.equal(depositEventFor(9, 2), 'confirm');
  });
});
