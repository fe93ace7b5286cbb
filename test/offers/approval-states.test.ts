// The approval request's state machine, exhaustively: every stored status × caller × decision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canDecide, decide, effectiveStatus, REQUEST_STATUSES, type RequestState } from '../../src/offers/approval/states.js';

const steps = [
  {
    name: 'Sales lead',
    quorum: 1,
    approvers: [
      { id: 'lead', label: 'Lead' },
      { id: 'requester', label: 'Rep' },
    ],
  },
  {
    name: 'Finance',
    quorum: 2,
    approvers: [
      { id: 'cfo', label: null },
      { id: 'controller', label: null },
      { id: 'lead', label: null },
    ],
  },
];
const state = (over: Partial<RequestState> = {}): RequestState => ({
  status: 'pending',
  stepIndex: 0,
  steps,
  requestedBy: 'requester',
  approvedInStep: [],
  ...over,
});

describe('approval states', () => {
  it('only a pending request can be decided, whoever asks', () => {
    for (const status of REQUEST_STATUSES.filter((s) => s !== 'pending')) {
      for (const who of ['lead', 'cfo', 'stranger', 'requester']) {
        for (const decision of ['approve', 'reject'] as const) {
          const r = decide(state({ status }), who, decision);
          assert.equal(r.ok, false);
          assert.equal(!r.ok && r.error, 'not_pending', `${status} ${who} ${decision}`);
        }
      }
    }
  });

  it('only a named approver of the current step decides; the requester never does', () => {
    for (const decision of ['approve', 'reject'] as const) {
      assert.deepEqual(decide(state(), 'cfo', decision), {
        ok: false,
        error: 'not_approver',
        reason: 'Only a named approver of step "Sales lead" may decide.',
      });
      assert.equal((decide(state(), 'stranger', decision) as { error: string }).error, 'not_approver');
      assert.equal((decide(state(), 'requester', decision) as { error: string }).error, 'own_request');
      assert.equal((decide(state({ stepIndex: 1 }), 'lead', decision) as { ok: boolean }).ok, true, 'lead is also named in step 2');
    }
  });

  it('a step passes on quorum; the last step approves and goes live; one rejection ends it', () => {
    assert.deepEqual(decide(state(), 'lead', 'approve'), { ok: true, status: 'pending', stepIndex: 1, stepPassed: true, live: false });
    assert.deepEqual(decide(state({ stepIndex: 1 }), 'cfo', 'approve'), {
      ok: true,
      status: 'pending',
      stepIndex: 1,
      stepPassed: false,
      live: false,
    });
    assert.deepEqual(decide(state({ stepIndex: 1, approvedInStep: ['cfo'] }), 'controller', 'approve'), {
      ok: true,
      status: 'approved',
      stepIndex: 1,
      stepPassed: true,
      live: true,
    });
    assert.deepEqual(decide(state({ stepIndex: 1, approvedInStep: ['cfo'] }), 'cfo', 'approve'), {
      ok: false,
      error: 'already_decided',
      reason: 'You already approved step "Finance".',
    });
    assert.deepEqual(decide(state({ stepIndex: 1, approvedInStep: ['cfo'] }), 'controller', 'reject'), {
      ok: true,
      status: 'rejected',
      stepIndex: 1,
      stepPassed: false,
      live: false,
    });
    assert.deepEqual(decide(state(), 'lead', 'reject'), { ok: true, status: 'rejected', stepIndex: 0, stepPassed: false, live: false });
  });

  it('canDecide mirrors decide', () => {
    assert.equal(canDecide(state(), 'lead'), true);
    assert.equal(canDecide(state(), 'requester'), false);
    assert.equal(canDecide(state(), 'cfo'), false);
    assert.equal(canDecide(state({ status: 'approved' }), 'lead'), false);
    assert.equal(canDecide(state({ stepIndex: 1, approvedInStep: ['cfo'] }), 'cfo'), false);
  });

  it('a request is superseded once the offer changed, and a pending one once the offer left open', () => {
    const current = { versionHash: 'v1', status: 'open' };
    for (const stored of REQUEST_STATUSES) {
      assert.equal(effectiveStatus(stored, 'v1', current), stored);
      assert.equal(effectiveStatus(stored, 'v0', current), 'superseded');
      for (const status of ['signing', 'signed', 'awaiting_invoice_details', 'archived']) {
        assert.equal(effectiveStatus(stored, 'v1', { versionHash: 'v1', status }), stored === 'pending' ? 'superseded' : stored);
      }
    }
  });
});
