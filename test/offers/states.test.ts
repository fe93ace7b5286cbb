// The state machines, exhaustively: every status × every action, against the expected table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  nextSigningStatus,
  RECIPIENT_ACTIONS,
  RECIPIENT_ROLES,
  SIGNING_STATUSES,
  type RecipientAction,
  type RecipientRole,
  type SigningStatus,
} from '../../src/offers/recipient-states.js';
import {
  ACCEPTANCE_MODES,
  OFFER_ACTIONS,
  OFFER_STATUSES,
  transition,
  type AcceptanceMode,
  type OfferAction,
  type OfferStatus,
} from '../../src/offers/states.js';

const offerExpected = (from: OfferStatus, action: OfferAction, mode: AcceptanceMode): OfferStatus | null => {
  switch (action) {
    case 'update':
    case 'add_recipient':
    case 'remove_recipient':
      return from === 'open' ? 'open' : null;
    case 'publish':
      return from === 'open' ? (mode === 'esignature' ? 'signing' : 'open') : null;
    case 'cancel_signing':
      return from === 'signing' ? 'open' : null;
    case 'accept_manually':
      return from === 'open' || from === 'signing' ? 'signed' : null;
    case 'await_invoice_details':
      return from === 'open' || from === 'signing' ? 'awaiting_invoice_details' : null;
    case 'capture_invoice_details':
      return from === 'awaiting_invoice_details' ? 'signed' : null;
    case 'complete_signing':
      return from === 'signing' ? 'signed' : null;
    case 'archive':
      return from === 'open' || from === 'signing' || from === 'awaiting_invoice_details' ? 'archived' : null;
  }
};

describe('offer states', () => {
  for (const from of OFFER_STATUSES) {
    for (const action of OFFER_ACTIONS) {
      for (const mode of ACCEPTANCE_MODES) {
        it(`${from} × ${action} (${mode})`, () => {
          const result = transition(from, action, mode);
          const expected = offerExpected(from, action, mode);
          if (expected === null) {
            assert.equal(result.ok, false);
            if (!result.ok) assert.ok(result.reason.length > 0);
          } else {
            assert.deepEqual(result, { ok: true, to: expected });
          }
        });
      }
    }
  }

  it('archived is final and signing → open only by cancel-signing', () => {
    for (const action of OFFER_ACTIONS) assert.equal(transition('archived', action).ok, false);
    for (const action of OFFER_ACTIONS) {
      const r = transition('signing', action, 'esignature');
      if (r.ok && r.to === 'open') assert.equal(action, 'cancel_signing');
    }
  });

  it('says "not in a signing state" for a refused cancel-signing', () => {
    const r = transition('open', 'cancel_signing');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /not in a signing state/);
  });
});

const recipientExpected = (role: RecipientRole, from: SigningStatus, action: RecipientAction): SigningStatus | null => {
  switch (action) {
    case 'start_signing':
      return role === 'sign' && from === 'not_started' ? 'pending' : null;
    case 'open':
      return role !== 'read' && (from === 'pending' || from === 'started') ? 'started' : null;
    case 'sign':
      return role !== 'read' && (from === 'pending' || from === 'started') ? 'signed' : null;
    case 'request_countersignature':
      return role === 'countersigner' && from === 'not_started' ? 'pending' : null;
    case 'countersign':
      return role === 'countersigner' && (from === 'not_started' || from === 'pending' || from === 'started') ? 'signed' : null;
    case 'cancel_signing':
      return from === 'pending' || from === 'started' || from === 'signed' ? 'not_started' : null;
    case 'archive':
      return from === 'archived' ? null : 'archived';
  }
};

describe('recipient states', () => {
  for (const role of RECIPIENT_ROLES) {
    for (const from of SIGNING_STATUSES) {
      for (const action of RECIPIENT_ACTIONS) {
        it(`${role}: ${from} × ${action}`, () => {
          assert.equal(nextSigningStatus(role, from, action), recipientExpected(role, from, action));
        });
      }
    }
  }
});
