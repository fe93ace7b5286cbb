// The approval request's state machine as a pure function: who may decide, and what a decision leads to.
// A request walks its steps in order; a step passes when `quorum` of its named approvers approved it.
// One rejection ends the request. No I/O: the service locks the offer, asks `decide`, then writes.

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A named approver: an API token (no kind, as before people could approve) or a console user. */
export interface Approver {
  id: string;
  /** The token's label, or the user's name, when the policy was set. */
  label: string | null;
  kind?: 'user';
}

export interface Step {
  name: string;
  approvers: Approver[];
  quorum: number;
}

export interface RequestState {
  status: RequestStatus;
  stepIndex: number;
  steps: readonly Step[];
  /** Who requested it (token or user id): the four-eyes rule keeps them from deciding. */
  requestedBy: string;
  /** Approvers who already approved the current step. */
  approvedInStep: readonly string[];
}

export type Decision = 'approve' | 'reject';

export type DecideError = 'not_pending' | 'not_approver' | 'own_request' | 'already_decided';

export type DecideResult =
  | { ok: true; status: RequestStatus; stepIndex: number; stepPassed: boolean; live: boolean }
  | { ok: false; error: DecideError; reason: string };

export function decide(state: RequestState, approverId: string, decision: Decision): DecideResult {
  if (state.status !== 'pending')
    return { ok: false, error: 'not_pending', reason: `The approval request is ${state.status}; only a pending request can be decided.` };
  const step = state.steps[state.stepIndex]!;
  if (!step.approvers.some((a) => a.id === approverId)) {
    return { ok: false, error: 'not_approver', reason: `Only a named approver of step "${step.name}" may decide.` };
  }
  if (approverId === state.requestedBy)
    return { ok: false, error: 'own_request', reason: 'The requester cannot decide on their own approval request.' };
  if (state.approvedInStep.includes(approverId))
    return { ok: false, error: 'already_decided', reason: `You already approved step "${step.name}".` };

  if (decision === 'reject') return { ok: true, status: 'rejected', stepIndex: state.stepIndex, stepPassed: false, live: false };
  const stepPassed = state.approvedInStep.length + 1 >= step.quorum;
  if (!stepPassed) return { ok: true, status: 'pending', stepIndex: state.stepIndex, stepPassed, live: false };
  const last = state.stepIndex === state.steps.length - 1;
  return last
    ? { ok: true, status: 'approved', stepIndex: state.stepIndex, stepPassed, live: true }
    : { ok: true, status: 'pending', stepIndex: state.stepIndex + 1, stepPassed, live: false };
}

/** Whether the caller could decide now (for `canCurrentUserDecide`): any decision would be accepted. */
export const canDecide = (state: RequestState, approverId: string): boolean => decide(state, approverId, 'reject').ok;

/**
 * The status a request has for the offer as it is now. A request is about one version: once the offer
 * changed it is superseded, whatever it was; a pending one also stops counting when the offer left `open`
 * (accepted, archived) — superseded before any write says so.
 */
export function effectiveStatus(
  stored: RequestStatus,
  requestVersion: string,
  current: { versionHash: string; status: string },
): RequestStatus {
  if (requestVersion !== current.versionHash) return 'superseded';
  if (stored === 'pending' && current.status !== 'open') return 'superseded';
  return stored;
}
