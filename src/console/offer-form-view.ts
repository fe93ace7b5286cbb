// The offer and template form as HTML: plain fields named by the API's property paths, one card per
// line item (a grid that folds to one column on a phone), and submit buttons that add or remove a
// row by posting the form back (values kept, nothing saved). Messages stand next to their fields.
import { escapeHtml } from '../platform/html.js';
import { ACCEPTANCE_MODES, DEAL_TYPES } from '../offers/states.js';
import { RECIPIENT_ROLES } from '../offers/recipient-states.js';
import type { EditorTexts } from './editor-texts.js';
import { choices, field, type FormErrors, input, rowButton, select, textarea } from './form-controls.js';
import { csrfField, type Signed } from './layout.js';
import { blocksFieldset, localeField, partiesFieldsets, variablesFieldset } from './offer-form-extra-view.js';
import type { FormValues } from './offer-form.js';

export type FormKind = 'new-offer' | 'edit-offer' | 'template';
export type { FormErrors };

export interface FormSpec {
  kind: FormKind;
  action: string;
  cancel: string;
  submit: string;
  values: FormValues;
  errors: FormErrors | null;
}

function basics(spec: FormSpec, t: EditorTexts): string {
  const { values: v, errors } = spec;
  const common = [
    field('acceptanceMode', t.acceptanceMode, select(v.acceptanceMode, choices(ACCEPTANCE_MODES, t.modes)), errors),
    field('dealType', t.dealType, select(v.dealType, choices(DEAL_TYPES, t.dealTypes)), errors),
    field('currency', t.currency, input(v.currency, 'maxlength="3" autocomplete="off"'), errors),
    localeField(v, errors, t),
  ];
  const own =
    spec.kind === 'template'
      ? [
          field('name', t.templateName, input(v.name, 'required'), errors),
          field('title', t.templateTitle, input(v.title), errors),
          field('validForDays', t.validForDays, input(v.validForDays, 'inputmode="numeric"'), errors),
        ]
      : [
          field('name', t.offerName, input(v.name), errors),
          field('validUntil', t.validUntil, (attrs) => `<input type="date" ${attrs} value="${escapeHtml(v.validUntil)}">`, errors),
        ];
  return `<fieldset><legend>${escapeHtml(spec.kind === 'template' ? t.templates : t.basics)}</legend><div class="grid">${[...own, ...common].join('')}</div></fieldset>`;
}

function sections(spec: FormSpec, t: EditorTexts): string {
  const rows = spec.values.sections.map(
    (s, i) =>
      `<div class="row">${field(`sections[${i}]`, t.section(i + 1), textarea(s), spec.errors)}${rowButton(`remove-section:${i}`, t.removeSection(i + 1))}</div>`,
  );
  return `<fieldset><legend>${escapeHtml(t.sections)}</legend>${rows.join('')}${rowButton('add-section', t.addSection)}</fieldset>`;
}

function lines(spec: FormSpec, t: EditorTexts): string {
  const { errors } = spec;
  const rows = spec.values.lines.map((l, i) => {
    const at = `lineItems[${i}]`;
    return `<fieldset class="line"><legend>${escapeHtml(t.lineItem(i + 1))}</legend><div class="grid">
${field(`${at}.name`, t.itemName, input(l.name), errors)}
${field(`${at}.quantity`, t.quantity, input(l.quantity, 'inputmode="numeric"'), errors)}
${field(`${at}.unitPrice`, t.unitPrice, input(l.unitPrice, 'inputmode="decimal"'), errors)}
${field(`${at}.priceType`, t.priceType, select(l.priceType, Object.entries(t.priceTypes)), errors)}
${field(`${at}.interval`, t.interval, select(l.interval, Object.entries(t.intervals)), errors)}
${field(`${at}.taxRate`, t.taxRate, input(l.taxRate, 'inputmode="decimal"'), errors, t.taxRateHint)}
${field(`${at}.discount`, t.discount, input(l.discount, 'inputmode="decimal"'), errors)}
</div>${field(`${at}.description`, t.description, textarea(l.description, 2), errors)}${rowButton(`remove-line:${i}`, t.removeLine(i + 1))}</fieldset>`;
  });
  return `<fieldset id="line-items"><legend>${escapeHtml(t.lineItems)}</legend>${rows.join('')}${rowButton('add-line', t.addLine)}</fieldset>`;
}

function recipients(spec: FormSpec, t: EditorTexts): string {
  const rows = spec.values.recipients.map((r, i) => {
    const at = `recipients[${i}]`;
    return `<fieldset class="line"><legend>${escapeHtml(t.recipient(i + 1))}</legend><div class="grid">
${field(`${at}.firstName`, t.firstName, input(r.firstName, 'autocomplete="off"'), spec.errors)}
${field(`${at}.lastName`, t.lastName, input(r.lastName, 'autocomplete="off"'), spec.errors)}
${field(`${at}.email`, t.email, (attrs) => `<input type="email" ${attrs} value="${escapeHtml(r.email)}" autocomplete="off">`, spec.errors)}
${field(`${at}.role`, t.role, select(r.role, choices(RECIPIENT_ROLES, t.roles)), spec.errors)}
</div>${rowButton(`remove-recipient:${i}`, t.removeRecipient(i + 1))}</fieldset>`;
  });
  return `<fieldset id="recipients"><legend>${escapeHtml(t.recipients)}</legend>${rows.join('')}${rowButton('add-recipient', t.addRecipient)}</fieldset>`;
}

export function errorSummary(errors: FormErrors | null, t: EditorTexts): string {
  if (!errors || errors.summary.length === 0) return '';
  return `<div class="error" role="alert" id="form-errors"><p>${escapeHtml(t.fixErrors)}</p><ul>${errors.summary
    .map((m) => `<li>${escapeHtml(m)}</li>`)
    .join('')}</ul></div>`;
}

export function editorForm(spec: FormSpec, signed: Signed, t: EditorTexts): string {
  const save = `<button type="submit" name="_op" value="save">${escapeHtml(spec.submit)}</button>`;
  const template = spec.values.offerTemplateId
    ? `<input type="hidden" name="offerTemplateId" value="${escapeHtml(spec.values.offerTemplateId)}">`
    : '';
  // The first submit button is the one Enter in a field presses: save, never "remove line 1".
  return `${errorSummary(spec.errors, t)}<form class="card editor" method="post" action="${escapeHtml(spec.action)}" novalidate>${csrfField(signed)}${template}
<button type="submit" name="_op" value="save" class="default-submit" tabindex="-1">${escapeHtml(spec.submit)}</button>
${basics(spec, t)}${spec.kind === 'template' ? '' : partiesFieldsets(spec.values, spec.errors, t)}${sections(spec, t)}${blocksFieldset(spec.values, spec.errors, t)}${variablesFieldset(spec.values, spec.errors, t)}${lines(spec, t)}${spec.kind === 'new-offer' ? recipients(spec, t) : ''}
<div class="buttons">${save} <a href="${escapeHtml(spec.cancel)}">${escapeHtml(t.cancel)}</a></div></form>`;
}
