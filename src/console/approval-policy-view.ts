// The approval policy screen (owner, admin): the threshold, and for each step its name, quorum and
// the people who approve (checkboxes of the users whose role may decide). Steps are added, removed
// and moved with buttons that post the form back (no JavaScript); token approvers are shown and kept.
import type { PolicyView } from '../offers/approval/policy-settings.js';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { MAX_STEPS, type FieldErrors, type FormStep, type PolicyForm } from './approval-policy-form.js';
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
  /** The form's refusal: a summary, and messages by field (`minContractValueCents`, `step{i}.quorum` …). */
  error?: string;
  fields?: FieldErrors;
}

interface Parts {
  t: ApprovalTexts;
  candidates: readonly Candidate[];
  tokenLabels: Map<string, string>;
  userNames: Map<string, string>;
  fields: FieldErrors;
  count: number;
}

/** A field's messages under it, and the attributes that tie them to the input. */
function fieldError(parts: Parts, key: string, id: string): { attrs: string; html: string } {
  const messages = parts.fields[key] ?? [];
  if (messages.length === 0) return { attrs: '', html: '' };
  return {
    attrs: ` aria-invalid="true" aria-describedby="${id}-error"`,
    html: `<p class="field-error" id="${id}-error">${messages.map(escapeHtml).join(' ')}</p>`,
  };
}

const opButton = (op: string, label: string) =>
  `<button type="submit" class="secondary" name="_op" value="${op}" formnovalidate>${escapeHtml(label)}</button>`;

function stepButtons(parts: Parts, i: number): string {
  const { t, count } = parts;
  const buttons = [
    ...(i > 0 ? [opButton(`up:${i}`, t.moveUp(i + 1))] : []),
    ...(i < count - 1 ? [opButton(`down:${i}`, t.moveDown(i + 1))] : []),
    ...(count > 1 ? [opButton(`remove:${i}`, t.removeStep(i + 1))] : []),
  ];
  return buttons.length ? `<p class="inline">${buttons.join(' ')}</p>` : '';
}

function stepFieldset(parts: Parts, step: FormStep, i: number): string {
  const { t, candidates } = parts;
  const named = new Set(step.users);
  const people = candidates.length
    ? candidates
        .map(
          (c) =>
            `<label><input type="checkbox" name="step${i}.user.${escapeHtml(c.id)}" value="on"${named.has(c.id) ? ' checked' : ''}> ${escapeHtml(c.name)} <span class="muted">(${escapeHtml(c.role)}, ${escapeHtml(c.email)})</span></label>`,
        )
        .join('')
    : `<p>${escapeHtml(t.noPeople)}</p>`;
  const ids = new Set(candidates.map((c) => c.id));
  const gone = step.users
    .filter((id) => !ids.has(id))
    .map((id) => `<li>${escapeHtml(parts.userNames.get(id) ?? id)}: ${escapeHtml(t.inactive)}</li>`)
    .join('');
  const tokens = step.tokens.length
    ? `<p class="muted">${escapeHtml(t.tokenApprovers)}: ${step.tokens.map((id) => escapeHtml(parts.tokenLabels.get(id) ?? id)).join(', ')}</p>`
    : '';
  const name = fieldError(parts, `step${i}.name`, `step${i}-name`);
  const quorum = fieldError(parts, `step${i}.quorum`, `step${i}-quorum`);
  const whole = fieldError(parts, `step${i}`, `step${i}`);
  return `<fieldset class="card" id="step${i}"><legend>${escapeHtml(t.step)} ${i + 1}</legend>
<input type="hidden" name="step${i}.tokens" value="${escapeHtml(step.tokens.join(','))}">
<label for="step${i}-name">${escapeHtml(t.stepName)}</label><input id="step${i}-name" name="step${i}.name" type="text" maxlength="100" required value="${escapeHtml(step.name)}"${name.attrs}>${name.html}
<label for="step${i}-quorum">${escapeHtml(t.quorum)}</label><input id="step${i}-quorum" name="step${i}.quorum" type="text" inputmode="numeric" required value="${escapeHtml(step.quorum)}"${quorum.attrs}>${quorum.html}
<div class="checks"><p><strong>${escapeHtml(t.people)}</strong></p>${people}</div>${whole.html}${gone ? `<ul>${gone}</ul>` : ''}${tokens}
${stepButtons(parts, i)}</fieldset>`;
}

export function policyPageView(
  lang: Lang,
  signed: Signed,
  saved: PolicyView | null,
  form: PolicyForm,
  candidates: readonly Candidate[],
  notice: PolicyNotice = {},
): View {
  const t = approvalTextsFor(lang);
  const banner = notice.error
    ? `<p class="error" role="alert">${escapeHtml(t.failed)} ${escapeHtml(notice.error)}</p>`
    : notice.saved
      ? `<p class="notice" role="status">${escapeHtml(t.saved)}</p>`
      : '';
  const parts: Parts = {
    t,
    candidates,
    tokenLabels: new Map(saved?.steps.flatMap((s) => s.approvers.map((a) => [a.id, a.label ?? a.id] as const)) ?? []),
    userNames: new Map(saved?.steps.flatMap((s) => s.users.map((u) => [u.id, u.name ?? u.id] as const)) ?? []),
    fields: notice.fields ?? {},
    count: form.steps.length,
  };
  const threshold = fieldError(parts, 'minContractValueCents', 'policy-threshold');
  const add = form.steps.length < MAX_STEPS ? opButton('add', t.addStep) : `<span class="muted">${escapeHtml(t.maxSteps)}</span>`;
  // The first submit button is the one Enter in a field presses: save, never "remove step 1".
  return {
    lang,
    title: t.policy,
    section: 'approvals',
    signed,
    body: `<p><a href="/app/approvals">${escapeHtml(t.inbox)}</a></p><h1>${escapeHtml(t.policy)}</h1>${banner}
<p>${escapeHtml(saved ? t.policyIntro : t.noPolicy)}</p>
<form method="post" action="${POLICY_PATH}" novalidate>${csrfField(signed)}
<button type="submit" name="_op" value="save" class="default-submit" tabindex="-1">${escapeHtml(t.savePolicy)}</button>
<input type="hidden" name="steps" value="${form.steps.length}">
<label for="policy-threshold">${escapeHtml(t.threshold)}</label><input id="policy-threshold" name="minContractValueCents" type="text" inputmode="numeric" value="${escapeHtml(form.threshold)}"${threshold.attrs}>${threshold.html}
${form.steps.map((step, i) => stepFieldset(parts, step, i)).join('\n')}
<p>${add}</p>
<p><button type="submit" name="_op" value="save">${escapeHtml(t.savePolicy)}</button></p></form>`,
  };
}
