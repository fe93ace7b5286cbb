// The editor's structured content and parties as HTML: blocks with their own move/remove buttons
// (a kind the console does not edit is shown as kept, its JSON in a hidden field), the custom
// variables as name/value rows, the offer's language, the customer and the contact person.
import { escapeHtml } from '../platform/html.js';
import type { EditorTexts } from './editor-texts.js';
import { choices, field, type FormErrors, idOf, input, rowButton, select, textarea } from './form-controls.js';
import { EDITABLE_BLOCKS } from './offer-form-content.js';
import { CONTACT_FIELDS, CUSTOMER_FIELDS, PAGE_LOCALES } from './offer-form-parties.js';
import type { FormValues } from './offer-form.js';

const hidden = (name: string, value: string) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

export function blocksFieldset(v: FormValues, errors: FormErrors | null, t: EditorTexts): string {
  const last = v.blocks.length - 1;
  const rows = v.blocks.map((b, i) => {
    const at = `blocks[${i}]`;
    const kind = t.blockKinds[b.type] ?? b.type;
    const buttons = `<div class="buttons">${i > 0 ? rowButton(`up-block:${i}`, t.moveUp(i + 1)) : ''}${
      i < last ? rowButton(`down-block:${i}`, t.moveDown(i + 1)) : ''
    }${rowButton(`remove-block:${i}`, t.removeBlock(i + 1))}</div>`;
    if (b.kept) {
      const messages = errors?.fields[`${at}.text`] ?? [];
      return `<fieldset class="line" id="${idOf(at)}"><legend>${escapeHtml(t.block(i + 1, kind))}</legend>${hidden(`${at}.type`, b.type)}${hidden(`${at}.kept`, b.kept)}
<p class="muted">${escapeHtml(t.keptBlock)}</p>${messages.length ? `<p class="field-error" id="${idOf(`${at}.text`)}-error">${messages.map(escapeHtml).join(' ')}</p>` : ''}${buttons}</fieldset>`;
    }
    return `<fieldset class="line" id="${idOf(at)}"><legend>${escapeHtml(t.block(i + 1, kind))}</legend>
${field(`${at}.type`, t.blockKind, select(b.type, choices(EDITABLE_BLOCKS, t.blockKinds)), errors)}
${field(`${at}.text`, t.blockText, b.type === 'heading' ? input(b.text) : textarea(b.text), errors)}${buttons}</fieldset>`;
  });
  return `<fieldset id="blocks"><legend>${escapeHtml(t.blocks)}</legend>${rows.join('')}<div class="buttons">${rowButton('add-heading', t.addHeading)}${rowButton('add-text', t.addText)}</div></fieldset>`;
}

export function variablesFieldset(v: FormValues, errors: FormErrors | null, t: EditorTexts): string {
  const rows = v.variables.map((row, i) => {
    const at = `customVariables[${i}]`;
    return `<fieldset class="line"><legend>${escapeHtml(t.variable(i + 1))}</legend><div class="grid">
${field(`${at}.key`, t.variableKey, input(row.key, 'autocomplete="off" spellcheck="false"'), errors)}
${field(`${at}.value`, t.variableValue, textarea(row.value, 2), errors)}
</div>${rowButton(`remove-variable:${i}`, t.removeVariable(i + 1))}</fieldset>`;
  });
  return `<fieldset id="variables"><legend>${escapeHtml(t.variables)}</legend><p class="muted">${escapeHtml(t.variablesHint)}</p>${rows.join('')}${rowButton('add-variable', t.addVariable)}</fieldset>`;
}

/** The languages the recipient page speaks; a stored locale it maps to one of them (de-AT) stays selectable. */
export const localeField = (v: FormValues, errors: FormErrors | null, t: EditorTexts): string =>
  field('locale', t.locale, select(v.locale, choices(PAGE_LOCALES, t.locales)), errors);

export function partiesFieldsets(v: FormValues, errors: FormErrors | null, t: EditorTexts): string {
  const labels = t as unknown as Record<string, string>;
  const customer = CUSTOMER_FIELDS.map((k) => field(`customer.${k}`, labels[k] ?? k, input(v.customer[k], 'autocomplete="off"'), errors));
  const contact = CONTACT_FIELDS.map((k) =>
    field(
      `contactPerson.${k}`,
      labels[k] ?? k,
      k === 'email'
        ? (attrs) => `<input type="email" ${attrs} value="${escapeHtml(v.contactPerson.email)}" autocomplete="off">`
        : input(v.contactPerson[k], 'autocomplete="off"'),
      errors,
    ),
  );
  const part = (id: string, legend: string, fields: string[], extra = '') =>
    `<fieldset id="${id}"><legend>${escapeHtml(legend)}</legend><p class="muted">${escapeHtml(t.partyHint)}</p>${extra}<div class="grid">${fields.join('')}</div></fieldset>`;
  return (
    part('customer', t.customer, customer) +
    part('contact-person', t.contactPerson, contact, v.contactPerson.id ? hidden('contactPerson.id', v.contactPerson.id) : '')
  );
}
