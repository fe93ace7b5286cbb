// An organisation's approval policy: which offers need internal approval before they go live, and
// the ordered steps of named approvers (API tokens) that must agree. Set through the admin API.
import type { Step } from './states.js';

export interface ApprovalPolicy {
  /** Offers whose contract value (cents, in the offer's currency) is below this go live at once; null: all need approval. */
  minContractValueCents: bigint | null;
  steps: Step[];
  updatedAt: Date;
}

/**
 * Whether publishing an offer with this contract value needs approval. An offer without a computable
 * value (no priced items) counts as 0, so a threshold exempts it.
 */
export function requiresApproval(policy: ApprovalPolicy | null, contractValueCents: bigint | null): boolean {
  if (!policy || policy.steps.length === 0) return false;
  if (policy.minContractValueCents === null) return true;
  return (contractValueCents ?? 0n) >= policy.minContractValueCents;
}
