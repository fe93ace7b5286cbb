// The approval policy form as typed: the threshold and each step's name, quorum, people and (kept,
// read-only) token approvers. Step buttons (add, remove, move up or down) post the whole form back
// and show it again with every value kept; saving turns it into the admin API's PUT body.
import type { PolicyInput, PolicyView } from '../offers/approval/policy-settings.js';
import { moved } from './form-raw.js';

/** The admin API's limit (PolicyInputBody: steps maxItems). */
export const MAX_STEPS = 10;
const WHOLE = /^\d{1,15}$/;
const QUORUM = /^[1-9]\d{0,2}$/;

export interface FormStep {
  name: string;
  quorum: string;
  users: string[];
  /** API token ids the step names: kept as they are, never edited here. */
  tokens: string[];
}

export interface PolicyForm {
  threshold: string;
  steps: FormStep[];
}

type Fields = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

const emptyStep = (): FormStep => ({ name: '', quorum: '1', users: [], tokens: [] });

/** The saved policy as the form shows it, or one step named "Approval" to start with. */
export function formOf(policy: PolicyView | null): PolicyForm {
  if (!policy) return { threshold: '', steps: [{ ...emptyStep(), name: 'Approval' }] };
  return {
    threshold: policy.minContractValueCents === null ? '' : String(policy.minContractValueCents),
    steps: policy.steps.map((s) => ({
      name: s.name,
      quorum: String(s.quorum),
      users: s.users.map((u) => u.id),
      tokens: s.approvers.filter((a) => a.active).map((a) => a.id),
    })),
  };
}

/**
 * The posted form. `steps` says how many steps it has (absent: as many as the saved policy). A
 * step's tokens travel in `step{i}.tokens` so they follow the step when it moves; only tokens the
 * saved policy names and that still work are taken, so the form cannot add any. Without the field
 * the step keeps the saved step's tokens at its position.
 */
export function parseForm(fields: Fields, saved: PolicyView | null): PolicyForm {
  const savedSteps = formOf(saved).steps;
  const known = new Set(savedSteps.flatMap((s) => s.tokens));
  const count = /^\d{1,2}$/.test(text(fields.steps)) ? Number(fields.steps) : savedSteps.length;
  const steps: FormStep[] = [];
  for (let i = 0; i < Math.min(Math.max(count, 1), MAX_STEPS); i++) {
    const prefix = `step${i}.user.`;
    const tokens = fields[`step${i}.tokens`];
    steps.push({
      name: text(fields[`step${i}.name`]).slice(0, 200),
      quorum: text(fields[`step${i}.quorum`]).slice(0, 20),
      users: Object.keys(fields)
        .filter((key) => key.startsWith(prefix) && fields[key] === 'on')
        .map((key) => key.slice(prefix.length)),
      tokens:
        typeof tokens === 'string'
          ? tokens.split(',').filter((id) => known.has(id))
          : (savedSteps[i]?.tokens ?? []).filter((id) => known.has(id)),
    });
  }
  return { threshold: text(fields.minContractValueCents).slice(0, 30), steps };
}

/** A step button (`_op`: `add`, `remove:i`, `up:i`, `down:i`) applied; null when `op` is none of them (save). */
export function applyOp(form: PolicyForm, op: unknown): PolicyForm | null {
  const m = /^(add|remove|up|down)(?::(\d{1,2}))?$/.exec(text(op));
  if (!m) return null;
  let steps = [...form.steps];
  const i = Number(m[2] ?? -1);
  if (m[1] === 'add') {
    if (steps.length < MAX_STEPS) steps.push(emptyStep());
  } else if (i < 0 || i >= steps.length) return null;
  else if (m[1] === 'remove') {
    if (steps.length > 1) steps.splice(i, 1);
  } else steps = moved(steps, i, m[1] === 'up' ? -1 : 1);
  return { ...form, steps };
}

/** Which field a refusal names: `minContractValueCents`, `step{i}.name`, `step{i}.quorum`, `step{i}`, or '' (the form). */
export function fieldOf(propertyPath: string): string {
  if (propertyPath === 'minContractValueCents') return propertyPath;
  const m = /^steps\[(\d+)\](?:\.(name|quorum))?/.exec(propertyPath);
  if (!m) return '';
  return m[2] ? `step${m[1]}.${m[2]}` : `step${m[1]}`;
}

export type FieldErrors = Record<string, string[]>;

/** The PUT body, or the fields whose text is no number (threshold, quorum). */
export function inputOf(
  form: PolicyForm,
  messages: { threshold: string; quorum: string },
): { input: PolicyInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const threshold = form.threshold.trim();
  if (threshold && !WHOLE.test(threshold)) errors.minContractValueCents = [messages.threshold];
  form.steps.forEach((s, i) => {
    if (!QUORUM.test(s.quorum.trim())) errors[`step${i}.quorum`] = [messages.quorum];
  });
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      minContractValueCents: threshold ? Number(threshold) : null,
      steps: form.steps.map((s) => ({ name: s.name.trim(), quorum: Number(s.quorum.trim()), approvers: s.tokens, users: s.users })),
    },
  };
}
