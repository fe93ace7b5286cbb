// Helpers for the approval tests: labelled tokens and a policy, set through the admin API.
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, bearer, json, type TestApp } from '../helpers/app.js';

export interface Approvers {
  organisationId: string;
  /** The seller who publishes (the organisation's first token). */
  rep: string;
  tokens: Record<string, { id: string; token: string }>;
}

export async function labelledToken(t: TestApp, organisationId: string, label: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/admin/organisations/${organisationId}/api-tokens`,
    headers: bearer(ADMIN_TOKEN),
    payload: { label },
  });
  assert.equal(res.statusCode, 201, res.body);
  const body = json(res);
  assert.equal(body.label, label);
  return { id: body.id as string, token: body.token as string };
}

export function putPolicy(t: TestApp, organisationId: string, policy: Record<string, unknown>) {
  return t.app.inject({
    method: 'PUT',
    url: `/admin/organisations/${organisationId}/approval-policy`,
    headers: bearer(ADMIN_TOKEN),
    payload: policy,
  });
}

/** An organisation with tokens labelled Lead, CFO and Controller; `policy` gets `steps` with token labels replaced by ids. */
export async function organisationWithPolicy(
  t: TestApp,
  policy: { minContractValueCents?: number | null; steps: { name: string; approvers: string[]; quorum?: number }[] },
): Promise<Approvers> {
  const org = await t.newOrganisation();
  const tokens: Approvers['tokens'] = {};
  for (const label of ['Lead', 'CFO', 'Controller']) tokens[label] = await labelledToken(t, org.organisation.id, label);
  const res = await putPolicy(t, org.organisation.id, {
    ...policy,
    steps: policy.steps.map((s) => ({ ...s, approvers: s.approvers.map((l) => tokens[l]!.id) })),
  });
  assert.equal(res.statusCode, 200, res.body);
  return { organisationId: org.organisation.id, rep: org.apiToken, tokens };
}

export const approval = (t: TestApp, token: string, offerId: string) =>
  t.app.inject({ method: 'GET', url: `/api/offers/${offerId}/approval`, headers: bearer(token) });

export const approve = (t: TestApp, token: string, offerId: string, comment?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/offers/${offerId}/approval/approve`,
    headers: bearer(token),
    ...(comment ? { payload: { comment } } : {}),
  });

export const reject = (t: TestApp, token: string, offerId: string, payload: Record<string, unknown> = { comment: 'Discount too deep' }) =>
  t.app.inject({ method: 'POST', url: `/api/offers/${offerId}/approval/reject`, headers: bearer(token), payload });
