// The approval policy screen (owner, admin): the threshold, and for each step its name, quorum and
// the people who approve (checkboxes of the users whose role may decide). Token approvers are shown
// and kept; steps are added or removed through the admin API.
import type { PolicyView } from '../offers/approval/policy-settings.js';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { approvalTextsFor, type ApprovalTexts } from './approvals-texts.js';
import { csrfField, type Signed, type View } from './layout.js';

export const POLICY_PATH = '/app/approvals/policy';

export interface Candidate {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface PolicyNotice {
  saved?: boolean;
  error?: string;
}

/** The steps the form edits: the policy's, or one empty step to start with. */
export const formSteps = (policy: PolicyView | null): PolicyView['steps'] =>
  policy?.steps ?? [{ order: 1, name: 'Approval', quorum: 1, approvers: [], users: [] }];

function stepFieldset(t: ApprovalTexts, step: PolicyView['steps'][number], i: number, candidates: readonly Candidate[]): string {
  const named = new Set(step.users.map((u) => u.id));
  const people = candidates.length
    ? candidates
        .map(
          (c) =>
            `<label><input type="checkbox" name="step${i}.user.${escapeHtml(c.id)}" value="on"${named.has(c.id) ? ' checked' : ''}> ${escapeHtml(c.name)} <span class="muted">(${escapeHtml(c.role)}, ${escapeHtml(c.email)})</span></label>`,
        )
        .join('')
    : `<p>${escapeHtml(t.noPeople)}</p>`;
  const gone = step.users
    .filter((u) => !u.active)
    .map((u) => `<li>${escapeHtml(u.name ?? u.id)}: ${escapeHtml(t.inactive)}</li>`)
    .join('');
  const tokens = step.approvers.length
    ? `<p class="muted">${escapeHtml(t.tokenApprovers)}: ${step.approvers
        .map((a) => `${escapeHtml(a.label ?? a.id)}${a.active ? '' : ` (${escapeHtml(t.inactive)})`}`)
        .join(', ')}</p>`
    : '';
  return `<fieldset class="card"><legend>${escapeHtml(t.step)} ${step.order}</legend>
<label for="step${i}-name">${escapeHtml(t.stepName)}</label><input id="step${i}-name" name="step${i}.name" type="text" maxlength="100" required value="${escapeHtml(step.name)}">
<label for="step${i}-quorum">${escapeHtml(t.quorum)}</label><input id="step${i}-quorum" name="step${i}.quorum" type="number" min="1" step="1" required value="${step.quorum}">
<div class="checks"><p><strong>${escapeHtml(t.people)}</strong></p>${people}</div>${gone ? `<ul>${gone}</ul>` : ''}${tokens}</fieldset>`;
}

export function policyPageView(
  lang: Lang,
  signed: Signed,
  policy: PolicyView | null,
  candidates: readonly Candidate[],
  notice: PolicyNotice = {},
): View {
  const t = approvalTextsFor(lang);
  const banner = notice.error
    ? `<p class="error" role="alert">${escapeHtml(t.failed)} ${escapeHtml(notice.error)}</p>`
    : notice.saved
      ? `<p class="notice" role="status">${escapeHtml(t.saved)}</p>`
      : '';
  const threshold = policy?.minContractValueCents ?? '';
  return {
    lang,
    title: t.policy,
    section: 'approvals',
    signed,
    body: `<p><a href="/app/approvals">${escapeHtml(t.inbox)}</a></p><h1>${escapeHtml(t.policy)}</h1>${banner}
<p>${escapeHtml(policy ? t.policyIntro : t.noPolicy)}</p>
<form method="post" action="${POLICY_PATH}">${csrfField(signed)}
<label for="policy-threshold">${escapeHtml(t.threshold)}</label><input id="policy-threshold" name="minContractValueCents" type="text" inputmode="numeric" value="${escapeHtml(String(threshold))}">
${formSteps(policy)
  .map((step, i) => stepFieldset(t, step, i, candidates))
  .join('\n')}
<p><button type="submit">${escapeHtml(t.savePolicy)}</button></p></form>`,
  };
}
